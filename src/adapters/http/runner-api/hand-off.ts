/**
 * Which waiting heartbeats a wake-up wakes (SPEC §7.1, §20 pickup): as many as jobs
 * arrived, not every matching waiter — with 500 parked runners one enqueue used to set
 * off 500 claim transactions for one job.
 *
 * - `jobs` with label sets: for each set, its count (1 without counts) of matching
 *   waiters, oldest parked first. A waiter already in a claim attempt counts too: it
 *   retries right after, so a wake-up is never lost to an attempt in flight.
 * - `jobs` without label sets (a job ended: capacity, `needs` or a concurrency group may
 *   have freed something): the oldest waiter of each distinct label set.
 * - `runner` changes reach that runner's waiters; `shutdown` reaches everyone.
 * A woken waiter that claimed passes the wake-up on to the next waiter of the same label
 * set (when no other is still trying), since more may be claimable than was announced; one
 * turned away for its own reasons (at capacity, draining, gone) passes it on to the next
 * waiter matching what it was woken for. A waiter that found nothing ends the chain.
 */
import { matchesLabels } from '../../../domain/jobs/labels.js';
import { reactToWake } from '../../../domain/runner-api/wake-runners.js';
import type { Runner } from '../../../ports/model/runner.js';
import type { WakeBus, WakeEvent } from '../../../ports/wake-bus.js';

/** What a woken waiter is asked to do (the domain's `reactToWake`, minus `ignore`). */
export type WakeReaction = 'retry' | 'release' | 'stop';

/** How a waiter's claim attempt ended. */
export type AttemptResult = 'claimed' | 'empty' | 'declined';

/** One waiting heartbeat, as the long poll drives it. */
export interface Parked {
  /** A claim attempt starts. */
  attempting(): void;
  /** The attempt ended; passes the wake-up on as described above. */
  attempted(result: AttemptResult): void;
  /** The heartbeat answers: it waits no more. */
  leave(): void;
}

interface Waiter {
  runner: Pick<Runner, 'id' | 'labels'>;
  key: string;
  onWake: (reaction: WakeReaction) => void;
  trying: boolean;
  /** The label set it was last woken for; null: any (a job ended). */
  reason: string[] | null;
}

const keyOf = (labels: readonly string[]) => JSON.stringify([...labels].sort());

export class HandOff {
  /** In parking order: the oldest first. */
  private readonly waiters = new Set<Waiter>();

  constructor(wake: WakeBus) {
    wake.subscribe((event) => this.onEvent(event));
  }

  /** Parks a heartbeat (trying: its first attempt follows); `onWake` is called when it should act. */
  park(runner: Pick<Runner, 'id' | 'labels'>, onWake: (reaction: WakeReaction) => void): Parked {
    const waiter: Waiter = { runner, key: keyOf(runner.labels), onWake, trying: true, reason: null };
    this.waiters.add(waiter);
    return {
      attempting: () => {
        waiter.trying = true;
      },
      attempted: (result) => {
        waiter.trying = false;
        if (result === 'claimed') this.passOn(waiter, true);
        if (result === 'declined') this.passOn(waiter, false);
      },
      leave: () => {
        this.waiters.delete(waiter);
      },
    };
  }

  /** The number of parked heartbeats (for tests and metrics). */
  get size(): number {
    return this.waiters.size;
  }

  private onEvent(event: WakeEvent): void {
    if (event.kind !== 'jobs') {
      for (const waiter of [...this.waiters]) {
        const reaction = reactToWake(event, waiter.runner);
        if (reaction !== 'ignore') waiter.onWake(reaction);
      }
      return;
    }
    if (!event.runsOn) {
      const keys = new Set<string>();
      for (const waiter of [...this.waiters]) {
        if (keys.has(waiter.key)) continue;
        keys.add(waiter.key);
        this.wake(waiter, null);
      }
      return;
    }
    const chosen = new Set<Waiter>();
    event.runsOn.forEach((set, i) => {
      let wanted = event.counts?.[i] ?? 1;
      for (const waiter of this.waiters) {
        if (wanted === 0) break;
        if (chosen.has(waiter) || !matchesLabels(set, waiter.runner.labels)) continue;
        chosen.add(waiter);
        wanted -= 1;
        this.wake(waiter, set);
      }
    });
  }

  private wake(waiter: Waiter, reason: string[] | null): void {
    waiter.reason = reason;
    waiter.onWake('retry');
  }

  private passOn(from: Waiter, onlyIfAlone: boolean): void {
    const fits = (w: Waiter) =>
      w !== from && (from.reason === null ? w.key === from.key : matchesLabels(from.reason, w.runner.labels));
    if (onlyIfAlone && [...this.waiters].some((w) => w.trying && fits(w))) return;
    for (const waiter of this.waiters) {
      if (!waiter.trying && fits(waiter)) {
        this.wake(waiter, from.reason);
        return;
      }
    }
  }
}
