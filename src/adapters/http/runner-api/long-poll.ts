/**
 * Holding a heartbeat open (SPEC §7.1 `wait_seconds`): the claim is retried when the
 * hand-off (`hand-off.ts`) wakes this waiter, until it succeeds or the wait ends. The wait
 * runs on the `Timer` port, so tests advance fake time instead of sleeping; which event
 * matters to which runner is the domain's `reactToWake`.
 */
import type { Runner } from '../../../ports/model/runner.js';
import type { Timer } from '../../../ports/timer.js';
import type { AttemptResult, HandOff } from './hand-off.js';

export interface LongPollOptions {
  handOff: HandOff;
  timer: Timer;
  runner: Pick<Runner, 'id' | 'labels'>;
  /** 0: one attempt, no waiting. */
  waitMs: number;
  /** Aborted when the client goes away: stop waiting. */
  signal?: AbortSignal;
}

/** An attempt's value: a claim, or why there was none (`declined`: for this runner's own reasons). */
export type Attempted<T> = { claimed: T } | Exclude<AttemptResult, 'claimed'>;

/**
 * Calls `attempt` (with `first` true the first time) until it claims. The waiter is parked
 * before the first attempt, so a wake-up between an attempt and the wait is not lost. A
 * `release` (drain, revoke, rotation) gets one last attempt, then ends the wait; `stop`
 * (shutdown, client gone) ends it without another attempt. When the wait runs out one
 * last attempt is made (`final`: it must not skip the database), so a missed wake-up costs
 * nothing but latency.
 */
export async function pollUntilClaimed<T>(
  opts: LongPollOptions,
  attempt: (first: boolean, final: boolean) => Promise<Attempted<T>>,
): Promise<T | undefined> {
  const claimedOf = (result: Attempted<T>) => (typeof result === 'object' ? result.claimed : undefined);
  if (opts.waitMs <= 0) return claimedOf(await attempt(true, false));
  let dirty = false;
  let released = false;
  let stopped = false;
  let expired = false;
  let wakeUp: (() => void) | null = null;
  const parked = opts.handOff.park(opts.runner, (reaction) => {
    if (reaction === 'release') released = true;
    if (reaction === 'stop') stopped = true;
    dirty = true;
    wakeUp?.();
  });
  const onAbort = () => {
    stopped = true;
    wakeUp?.();
  };
  opts.signal?.addEventListener('abort', onAbort);
  // One sleep for the whole wait (not one per round), so wake-ups never stretch it.
  const ended = new AbortController();
  void opts.timer.sleep(opts.waitMs, ended.signal).then(() => {
    expired = true;
    wakeUp?.();
  });
  const tryOnce = async (first: boolean, final = false) => {
    parked.attempting();
    let result: Attempted<T> = 'declined';
    try {
      result = await attempt(first, final);
      return claimedOf(result);
    } finally {
      // A waiter that failed or lost its client passes its wake-up on, as one turned away.
      parked.attempted(typeof result === 'object' ? 'claimed' : stopped ? 'declined' : result);
    }
  };
  try {
    for (let first = true; ; first = false) {
      if (stopped) return undefined;
      dirty = false;
      const last = released;
      const claimed = await tryOnce(first);
      if (claimed !== undefined || last) return claimed;
      if (dirty) continue;
      if (!expired && !stopped) {
        await new Promise<void>((resolve) => {
          wakeUp = resolve;
        });
        wakeUp = null;
      }
      if (expired) return stopped ? undefined : tryOnce(false, true);
    }
  } finally {
    ended.abort();
    parked.leave();
    opts.signal?.removeEventListener('abort', onAbort);
  }
}
