import type { JobNetwork, JobServices, StepContainer } from './job-services.js';

/**
 * Runs `run:` steps (SPEC §13): one container per step on docker/podman, or a plain process
 * on the `host` engine. Order of calls for one step: `startStep`, then `waitStep` (once);
 * `stopStep` / `killStep` may come in between, any number of times, also after exit.
 * A job's sidecars (`services:`) and its network come from `ContainerEngine.services`.
 */
export interface StepProcess {
  runnerId: number;
  runId: number;
  jobId: number;
  stepId: number;
  /** A sub-step of a composite action (from 1): its own container and files; absent for the step itself. */
  part?: number;
  /** Absolute host path of the job workspace. */
  workspace: string;
  /** Relative to the workspace; '' for the workspace itself. */
  workingDirectory: string;
  /** Absolute host path of the job's runner folder, shared with the step (at `stepShared`); absent: none. */
  shared?: string;
  /** Name → value; values reach the process through its environment only, never argv. */
  env: Record<string, string>;
  shell: 'bash' | 'sh';
  script: string;
  /** The job's `container:` (its image instead of the runner's default); absent: the default image. */
  container?: StepContainer;
  /** The job's network when it has services: the step joins it and reaches them by name. */
  network?: JobNetwork;
}

/** An opaque handle to a started step. */
export interface StartedStep {
  readonly name: string;
}

/** `exitCode` is null when the process ended by a signal. */
export interface StepExit {
  exitCode: number | null;
}

export interface ContainerEngine {
  /** False for the `host` engine: steps run unconfined, and the runner warns on every job. */
  readonly isolated: boolean;
  /** Job networks and sidecars; null on the `host` engine, which refuses `container:` and `services:`. */
  readonly services: JobServices | null;
  /** Where the workspace appears inside a step (`/workspace` in a container). */
  stepWorkspace(hostWorkspace: string): string;
  /** Where the job's runner folder (`StepProcess.shared`) appears inside a step. */
  stepShared(hostShared: string): string;
  /**
   * Starts a step. Output (stdout and stderr, each in order, merged as it arrives) goes to `onOutput`
   * in order, and all of it before `waitStep` resolves. Throws DomainError invalid for a
   * step the engine refuses (bad working directory, reserved env name); other throws are
   * engine failures.
   */
  startStep(step: StepProcess, onOutput: (bytes: Uint8Array) => void): Promise<StartedStep>;
  /** Resolves when the step has ended; never rejects. */
  waitStep(step: StartedStep): Promise<StepExit>;
  /** Asks the step to stop: SIGTERM now, SIGKILL after `graceMs`. Idempotent; never rejects. */
  stopStep(step: StartedStep, graceMs: number): Promise<void>;
  /** Kills the step at once. Idempotent; never rejects. */
  killStep(step: StartedStep): Promise<void>;
  /**
   * Removes this runner's leftover containers (steps and services) and job networks whose job
   * is not in `activeJobIds` (garbage from a crash). Returns how many containers and networks
   * were removed; a no-op on the host engine.
   */
  removeOrphans(runnerId: number, activeJobIds: readonly number[]): Promise<number>;
}
