/** The WakeBus contract: local delivery, unsubscribe, shutdown, and one bad listener. */
import { afterEach, describe, expect, it } from 'vitest';
import type { WakeBus, WakeEvent } from '../../src/ports/wake-bus.js';

/** Resolves once `events` holds `n` entries (polled; real buses deliver asynchronously). */
export async function eventually(check: () => boolean, timeoutMs = 2000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting for a wake-up');
    await new Promise((r) => setTimeout(r, 5));
  }
}

export function describeWakeBusContract(name: string, open: () => Promise<WakeBus>): void {
  describe(`WakeBus contract: ${name}`, () => {
    const opened: WakeBus[] = [];
    const bus = async () => {
      const b = await open();
      opened.push(b);
      return b;
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
      await new Promise((r) => setTimeout(r, 50));
      expect(first).toHaveLength(2);
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
      const late: WakeEvent[] = [];
      b.subscribe((e) => late.push(e));
      await eventually(() => late.length === 1);
      expect(late).toEqual([{ kind: 'shutdown' }]);
    });
  });
}
