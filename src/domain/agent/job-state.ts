/**
 * What a job accumulates while its steps run, as GitHub's runner keeps it: the `steps`
 * context, the environment and PATH entries later steps get from `$GITHUB_ENV` /
 * `$GITHUB_PATH`, and the mask set that `::add-mask::` grows.
 * One per job, used by one step at a time.
 */
import type { AssignedJob } from '../../ports/model/assignment.js';
import { buildMaskSet, type MaskSet } from '../logs/mask-set.js';

/** `steps.<id>.outcome` (before `continue-on-error`) and `conclusion` (after). */
export type StepOutcome = 'success' | 'failure' | 'cancelled' | 'skipped';

export interface StepRecord {
  outputs: Record<string, string>;
  outcome: StepOutcome;
  conclusion: StepOutcome;
}

/** The runner's mask set: the claim's values plus every `::add-mask::` so far. */
export interface RunnerMasks {
  current(): MaskSet;
  /** Adds a value (a no-op when known). */
  add(value: string): void;
  /** Added values no call has carried to the server yet; taking them empties the list. */
  takeUnsent(): string[];
}

export interface JobState {
  /** By step `id:` (steps without one are not in the context, as on GitHub). */
  steps: Record<string, StepRecord>;
  /** `$GITHUB_ENV` values, in write order; later steps' environment and `env` context. */
  env: Record<string, string>;
  /** `$GITHUB_PATH` directories, the latest first: prepended to PATH for later steps. */
  path: string[];
  masks: RunnerMasks;
  /** `::debug::` lines are shown (`ACTIONS_STEP_DEBUG` / `SHITHUB_STEP_DEBUG` is true). */
  debug: boolean;
}

/** A job's starting state: the claim's masks (secrets, mask values, checkout token). */
export function startJobState(job: AssignedJob): JobState {
  const debug = ['ACTIONS_STEP_DEBUG', 'SHITHUB_STEP_DEBUG'].some((name) =>
    [job.secrets?.[name], job.vars?.[name], job.env[name]].some((v) => v?.trim().toLowerCase() === 'true'),
  );
  return {
    steps: {},
    env: {},
    path: [],
    masks: createRunnerMasks([
      ...(job.maskValues ?? []),
      ...Object.values(job.secrets ?? {}),
      job.checkoutToken,
    ]),
    debug,
  };
}

export function createRunnerMasks(initial: readonly string[]): RunnerMasks {
  const values = new Set(initial.filter((v) => v !== ''));
  let set = buildMaskSet([...values]);
  let unsent: string[] = [];
  return {
    current: () => set,
    add(value) {
      if (values.has(value)) return;
      values.add(value);
      unsent.push(value);
      set = buildMaskSet([...values]);
    },
    takeUnsent() {
      const taken = unsent;
      unsent = [];
      return taken;
    },
  };
}

/** Sets a key as data even when it is `__proto__`. */
export function putValue(target: Record<string, string>, key: string, value: string): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
