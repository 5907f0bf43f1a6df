/**
 * Waits for a running step to end by itself, by its deadline, or by a cancel (SPEC §10.3,
 * §10.4). A deadline kills at once; a cancel stops with a grace period, then kills. The
 * step has always ended (or the engine was given up on, loudly) when this returns.
 */
import type { Clock } from '../../ports/clock.js';
import type { ContainerEngine, StartedStep } from '../../ports/container-engine.js';
import type { RunnerLog } from '../../ports/runner-log.js';
import type { Timer } from '../../ports/timer.js';

export const STOP_GRACE_MS = 10_000;
/** How long an engine gets to report the end of a killed step before we stop waiting. */
export const KILL_SETTLE_MS = 30_000;

export type StepEnd =
  | { kind: 'exited'; exitCode: number | null }
  | { kind: 'timed_out' }
  | { kind: 'cancelled' };

export interface AwaitStepDeps {
  engine: ContainerEngine;
  timer: Timer;
  clock: Clock;
  log: RunnerLog;
}

const never = new Promise<never>(() => undefined);

/** Resolves when `signal` aborts (at once if it already has), unless `until` aborts first. */
export function whenAborted(signal: AbortSignal, until: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    signal.addEventListener('abort', () => resolve(), { once: true, signal: until });
  });
}

/** Races the step's exit against `deadline` and `cancel`, then stops or kills it as needed. */
export async function awaitStepEnd(
  deps: AwaitStepDeps,
  input: { step: StartedStep; deadline: Date; cancel: AbortSignal },
): Promise<StepEnd> {
  const local = new AbortController();
  const exit = deps.engine
    .waitStep(input.step)
    .then((e) => ({ kind: 'exited', exitCode: e.exitCode }) as const);
  const msLeft = input.deadline.getTime() - deps.clock.now().getTime();
  try {
    const first = await Promise.race([
      exit,
      deps.timer
        .sleep(msLeft, local.signal)
        .then(() => (local.signal.aborted ? never : ({ kind: 'timed_out' } as const))),
      whenAborted(input.cancel, local.signal).then(() => ({ kind: 'cancelled' }) as const),
    ]);
    if (first.kind === 'exited') return first;
    if (first.kind === 'timed_out') {
      await deps.engine.killStep(input.step);
    } else {
      await deps.engine.stopStep(input.step, STOP_GRACE_MS);
      if (!(await settles(deps, exit, STOP_GRACE_MS + 2000))) await deps.engine.killStep(input.step);
    }
    if (!(await settles(deps, exit, KILL_SETTLE_MS))) {
      deps.log.error('the engine did not report the end of a killed step', { step: input.step.name });
    }
    return first;
  } finally {
    local.abort();
  }
}

/** Whether `promise` settles within `ms`. */
async function settles(deps: AwaitStepDeps, promise: Promise<unknown>, ms: number): Promise<boolean> {
  const local = new AbortController();
  try {
    return await Promise.race([
      promise.then(() => true),
      deps.timer.sleep(ms, local.signal).then(() => false),
    ]);
  } finally {
    local.abort();
  }
}
