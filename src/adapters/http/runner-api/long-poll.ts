/**
 * Holding a heartbeat open (SPEC §7.1 `wait_seconds`): the claim is retried on every
 * relevant wake-up until it succeeds or the wait ends. Real timers live here, at the edge;
 * which event matters to which runner is the domain's `reactToWake`.
 */
import { reactToWake } from '../../../domain/runner-api/wake-runners.js';
import type { Runner } from '../../../ports/model/runner.js';
import type { WakeBus } from '../../../ports/wake-bus.js';

export interface LongPollOptions {
  wake: WakeBus;
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
  const deadline = performance.now() + opts.waitMs;
  let dirty = false;
  let released = false;
  let stopped = false;
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
  try {
    for (let first = true; ; first = false) {
      if (stopped) return undefined;
      dirty = false;
      const last = released;
      const claimed = await attempt(first);
      if (claimed !== undefined || last) return claimed;
      if (dirty) continue;
      const woken = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), Math.max(0, deadline - performance.now()));
        wakeUp = () => {
          clearTimeout(timer);
          resolve(true);
        };
      });
      wakeUp = null;
      if (!woken) return stopped ? undefined : attempt(false);
    }
  } finally {
    unsubscribe();
    opts.signal?.removeEventListener('abort', onAbort);
  }
}
