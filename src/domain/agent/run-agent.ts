/**
 * The runner daemon's loop (SPEC §13): heartbeat (long poll) → claim → run the job in its
 * own task, up to `capacity` at once → heartbeat again at once. Errors back off (jittered,
 * up to 1 s → 30 s) and never end the loop. `stopClaiming` (first SIGTERM) ends claiming and waits for the
 * running jobs; `shutdown` (second SIGTERM) cancels them.
 */
import type { ControlPlane, HeartbeatOutcome } from '../../ports/control-plane.js';
import type { Assignment } from '../../ports/model/assignment.js';
import type { Random } from '../../ports/random.js';
import { backoffDelayMs } from './backoff.js';
import { type ExecuteJobDeps, executeJob } from './execute-job.js';
import { type TokenWarningState, warnOfTokenExpiry } from './token-expiry-warning.js';

export interface AgentSettings {
  labels: readonly string[];
  capacity: number;
  /** 0 disables the long poll. */
  longPollSeconds: number;
  pollIntervalMs: number;
  hostName: string;
  version: string;
}

export interface AgentSignals {
  stopClaiming: AbortSignal;
  shutdown: AbortSignal;
  abandon?: AbortSignal;
}

export interface AgentState extends TokenWarningState {
  /** Known from the first claim's token (or an earlier run); 0 until then. */
  runnerId: number;
  /** Job ids running now. */
  readonly active: Map<number, Promise<unknown>>;
}

export type RunAgentDeps = ExecuteJobDeps & { controlPlane: ControlPlane; random: Random };

/** Runs until `stopClaiming` aborts and every job has ended. */
export async function runAgent(
  deps: RunAgentDeps,
  input: { settings: AgentSettings; signals: AgentSignals; state: AgentState },
): Promise<void> {
  const { settings, signals, state } = input;
  let failures = 0;
  while (!signals.stopClaiming.aborted) {
    const atCapacity = state.active.size >= settings.capacity;
    if (atCapacity) await waitForRoom(deps, input);
    if (signals.stopClaiming.aborted) break;
    const waitSeconds = state.active.size >= settings.capacity ? 0 : settings.longPollSeconds;
    const sentAt = deps.clock.now().getTime();
    const outcome = await heartbeat(deps, input, waitSeconds);
    if (outcome === null) {
      if (signals.stopClaiming.aborted) break;
      await deps.timer.sleep(backoffDelayMs(deps, failures++), signals.stopClaiming);
      continue;
    }
    if (outcome.kind !== 'rejected') warnOfTokenExpiry(deps, state, outcome.tokenExpiresAt);
    if (outcome.kind === 'claimed') {
      failures = 0;
      startJob(deps, input, outcome.assignment);
    } else if (outcome.kind === 'idle') {
      failures = 0;
      const elapsed = deps.clock.now().getTime() - sentAt;
      if (!atCapacity) await deps.timer.sleep(settings.pollIntervalMs - elapsed, signals.stopClaiming);
    } else {
      deps.log.warn('heartbeat refused', {
        status: outcome.status,
        code: outcome.code,
        reason: outcome.message,
      });
      const delay = Math.max(outcome.retryAfterMs ?? 0, backoffDelayMs(deps, failures++));
      await deps.timer.sleep(delay, signals.stopClaiming);
    }
  }
  if (state.active.size > 0)
    deps.log.info('stopped claiming; waiting for running jobs', { jobs: state.active.size });
  await Promise.all(state.active.values());
}

/** At capacity: wait for a job to end, or `pollInterval` for the keep-alive heartbeat. */
async function waitForRoom(deps: RunAgentDeps, input: Parameters<typeof runAgent>[1]): Promise<void> {
  const local = new AbortController();
  const stop = () => local.abort();
  input.signals.stopClaiming.addEventListener('abort', stop, { once: true });
  try {
    await Promise.race([
      ...input.state.active.values(),
      deps.timer.sleep(input.settings.pollIntervalMs, local.signal),
    ]);
  } finally {
    input.signals.stopClaiming.removeEventListener('abort', stop);
    local.abort();
  }
}

/** One heartbeat; null when the server could not be reached. */
async function heartbeat(
  deps: RunAgentDeps,
  input: Parameters<typeof runAgent>[1],
  waitSeconds: number,
): Promise<HeartbeatOutcome | null> {
  try {
    return await deps.controlPlane.heartbeat(
      {
        labels: input.settings.labels,
        capacity: input.settings.capacity,
        hostName: input.settings.hostName,
        version: input.settings.version,
        activeJobIds: [...input.state.active.keys()],
        waitSeconds,
      },
      input.signals.stopClaiming,
    );
  } catch (err) {
    if (!input.signals.stopClaiming.aborted) {
      deps.log.warn('heartbeat failed; backing off', {
        error: err instanceof Error ? err.message : String(err),
      });
    }
    return null;
  }
}

function startJob(deps: RunAgentDeps, input: Parameters<typeof runAgent>[1], assignment: Assignment): void {
  const { state, signals } = input;
  if (assignment.runnerId !== null && assignment.runnerId !== state.runnerId) {
    state.runnerId = assignment.runnerId;
    void deps.workspace.saveRunnerId(assignment.runnerId).catch(() => undefined);
  }
  const jobId = assignment.job.id;
  const task = executeJob(deps, {
    assignment,
    runnerId: state.runnerId,
    shutdown: signals.shutdown,
    abandon: signals.abandon,
  }).finally(() => state.active.delete(jobId));
  state.active.set(jobId, task);
}
