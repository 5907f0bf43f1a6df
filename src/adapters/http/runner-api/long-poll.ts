/**
 * Holding a heartbeat open (SPEC §7.1 `wait_seconds`): the claim is retried on every
 * relevant wake-up until it succeeds or the wait ends. The wait runs on the `Timer` port,
 * so tests advance fake time instead of sleeping; which event matters to which runner is
 * the domain's `reactToWake`.
 */
import { reactToWake } from '../../../domain/runner-api/wake-runners.js';
import type { Runner } from '../../../ports/model/runner.js';
import type { Timer } from '../../../ports/timer.js';
import type { WakeBus } from '../../../ports/wake-bus.js';

export interface LongPollOptions {
  wake: WakeBus;
  timer: Timer;
  runner: Pick<Runner, 'id' | 'labels'>;
  /** 0: one attempt, no waiting. */
  waitMs: number;
  /** Aborted when the client goes away: stop waiting. */
  signal?: AbortSignal;
}

/**
 * Calls `attempt` (with `first` true the first time) until it returns a value. The
 * subscription starts before the first attempt, so a wake-up between an attempt and the
 * wait is not lost. A `release` (drain, revoke) gets one last attempt, then ends the
 * wait; `stop` (shutdown, client gone) ends it without another attempt. When the wait
 * runs out one last attempt is made, so a missed wake-up costs nothing but latency.
 */
export async function pollUntilClaimed<T>(
  opts: LongPollOptions,
  attempt: (first: boolean) => Promise<T | undefined>,
): Promise<T | undefined> {
  if (opts.waitMs <= 0) return attempt(true);
  let dirty = false;
  let released = false;
  let stopped = false;
  let expired = false;
  let wakeUp: (() => void) | null = null;
  const unsubscribe = opts.wake.subscribe((event) => {
    const reaction = reactToWake(event, opts.runner);
    if (reaction === 'ignore') return;
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
  try {
    for (let first = true; ; first = false) {
      if (stopped) return undefined;
      dirty = false;
      const last = released;
      const claimed = await attempt(first);
      if (claimed !== undefined || last) return claimed;
      if (dirty) continue;
      if (!expired && !stopped) {
        await new Promise<void>((resolve) => {
          wakeUp = resolve;
        });
        wakeUp = null;
      }
      if (expired) return stopped ? undefined : attempt(false);
    }
  } finally {
    ended.abort();
    unsubscribe();
    opts.signal?.removeEventListener('abort', onAbort);
  }
}
