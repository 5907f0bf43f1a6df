/** How a finished step process maps to `StepExit` (shared by the docker/podman and host engines). */
import type { StepExit } from '../../ports/container-engine.js';

interface Finished {
  exitCode?: number;
  signal?: string;
  shortMessage?: string;
}

/**
 * The exit code, or null after a signal. A process that never started (binary missing,
 * working directory absent) says why in the step log and counts as exit 127.
 */
export function exitOf(result: Finished, onOutput: (bytes: Uint8Array) => void): StepExit {
  if (typeof result.exitCode === 'number') return { exitCode: result.exitCode };
  if (result.signal) return { exitCode: null };
  onOutput(
    new TextEncoder().encode(
      `shithub-runner: the step could not start: ${result.shortMessage ?? 'unknown error'}\n`,
    ),
  );
  return { exitCode: 127 };
}
