/** The WakeBus contract: local delivery, unsubscribe, shutdown, and one bad listener. */
import { afterEach, describe, expect, it } from 'vitest';
import type { WakeBus, WakeEvent } from '../../src/ports/wake-bus.js';
import { EventRecorder } from '../support/event-recorder.js';

/** The barrier's marker: no test publishes runner 0 (ids start at 1). */
export const BARRIER_EVENT: WakeEvent = { kind: 'runner', runnerId: 0, change: 'drained' };
export const isBarrier = (e: WakeEvent) => e.kind === 'runner' && e.runnerId === 0;

/** A recorder subscribed to `bus`. */
export function record(bus: WakeBus): EventRecorder<WakeEvent> {
  const recorder = new EventRecorder<WakeEvent>();
  bus.subscribe(recorder.listener);
  return recorder;
}

/**
 * Resolves once a marker published by `peer` has reached every bus of `buses`. PostgreSQL
 * delivers notifications in commit order, so by then everything published before the
 * marker (a bus's own echo included) has been received: "nothing else arrived" is proven
 * without sleeping.
 */
export async function crossBarrier(peer: WakeBus, buses: WakeBus[]): Promise<void> {
  const arrivals = buses.map((bus) => {
    const recorder = new EventRecorder<WakeEvent>();
    const unsubscribe = bus.subscribe(recorder.listener);
    return { recorder, unsubscribe };
  });
  try {
    await peer.publish(BARRIER_EVENT);
    await Promise.all(arrivals.map(({ recorder }) => recorder.waitFor(isBarrier)));
  } finally {
    for (const { unsubscribe } of arrivals) unsubscribe();
  }
}

export interface WakeBusCapabilities {
  /**
   * Two buses from `open` share events, as replicas do; events from the other one arrive
   * asynchronously. Without it each bus is its own world and delivers synchronously, so
   * nothing can still be in flight after `publish` returns.
   */
  spansReplicas: boolean;
}

export function describeWakeBusContract(
  name: string,
  open: () => Promise<WakeBus>,
  capabilities: WakeBusCapabilities,
): void {
  describe(`WakeBus contract: ${name}`, () => {
    const opened: WakeBus[] = [];
    const bus = async () => {
      const b = await open();
      opened.push(b);
      return b;
    };
    /** Everything published to `b` so far has arrived (see `crossBarrier`). */
    const settled = async (b: WakeBus) => {
      if (capabilities.spansReplicas) await crossBarrier(await bus(), [b]);
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((b) => b.close()));
    });

    it('delivers each published event to every local subscriber once, at once', async () => {
      const b = await bus();
      const first: WakeEvent[] = [];
      const second: WakeEvent[] = [];
      b.subscribe((e) => first.push(e));
      b.subscribe((e) => second.push(e));
      await b.publish({ kind: 'jobs', runsOn: [['linux']] });
      await b.publish({ kind: 'runner', runnerId: 4, change: 'revoked' });
      const expected = [
        { kind: 'jobs', runsOn: [['linux']] },
        { kind: 'runner', runnerId: 4, change: 'revoked' },
      ];
      expect(first).toEqual(expected);
      expect(second).toEqual(expected);
      await settled(b);
      expect(first.filter((e) => !isBarrier(e))).toHaveLength(2);
    });

    it('stops delivering after unsubscribe', async () => {
      const b = await bus();
      const seen: WakeEvent[] = [];
      const unsubscribe = b.subscribe((e) => seen.push(e));
      unsubscribe();
      await b.publish({ kind: 'jobs' });
      expect(seen).toEqual([]);
    });

    it('keeps delivering to the others when one listener throws', async () => {
      const b = await bus();
      const seen: WakeEvent[] = [];
      b.subscribe(() => {
        throw new Error('listener failed');
      });
      b.subscribe((e) => seen.push(e));
      await b.publish({ kind: 'jobs' });
      expect(seen).toEqual([{ kind: 'jobs' }]);
    });

    it('tells every subscriber about the shutdown on close, and later ones too', async () => {
      const b = await bus();
      const seen: WakeEvent[] = [];
      b.subscribe((e) => seen.push(e));
      await b.close();
      await b.close();
      expect(seen).toEqual([{ kind: 'shutdown' }]);
      await b.publish({ kind: 'jobs' });
      const late = record(b);
      await late.waitForCount(1);
      expect(late.events).toEqual([{ kind: 'shutdown' }]);
    });
  });
}
