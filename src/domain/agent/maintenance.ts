/**
 * The runner's housekeeping (SPEC §13): remove leftover step containers of this runner
 * (at start-up and every 10 minutes) and job workspaces older than `workspace_ttl` (at
 * start-up and hourly). Failures are logged and retried on the next round.
 */
import type { Clock } from '../../ports/clock.js';
import type { ContainerEngine } from '../../ports/container-engine.js';
import type { LogSpool } from '../../ports/log-spool.js';
import type { RunnerLog } from '../../ports/runner-log.js';
import type { Timer } from '../../ports/timer.js';
import type { Workspace } from '../../ports/workspace.js';
import type { AgentState } from './run-agent.js';

export const GC_INTERVAL_MS = 10 * 60_000;
export const SWEEP_INTERVAL_MS = 60 * 60_000;

export interface MaintenanceDeps {
  engine: ContainerEngine;
  workspace: Workspace;
  spool: LogSpool;
  timer: Timer;
  clock: Clock;
  log: RunnerLog;
}

/** Removes containers of this runner whose job is not running here. */
export async function collectContainers(deps: MaintenanceDeps, state: AgentState): Promise<void> {
  if (state.runnerId <= 0) return;
  try {
    const removed = await deps.engine.removeOrphans(state.runnerId, [...state.active.keys()]);
    if (removed > 0) deps.log.info('removed leftover step containers', { count: removed });
  } catch (err) {
    deps.log.warn('container garbage collection failed', { error: String(err) });
  }
}

/** Removes job workspaces last touched more than `ttlMs` ago. */
export async function sweepWorkspaces(deps: MaintenanceDeps, ttlMs: number): Promise<void> {
  try {
    const removed = await deps.workspace.sweep(new Date(deps.clock.now().getTime() - ttlMs));
    if (removed > 0) deps.log.info('removed expired workspaces', { count: removed });
  } catch (err) {
    deps.log.warn('workspace sweep failed', { error: String(err) });
  }
}

/**
 * Start-up: learns the runner id of an earlier run, drops log chunks of jobs an earlier
 * process lost (the server finalised those jobs), sweeps and collects once.
 */
export async function prepareRunner(deps: MaintenanceDeps, input: { state: AgentState; ttlMs: number }) {
  input.state.runnerId = (await deps.workspace.loadRunnerId()) ?? input.state.runnerId;
  for (const jobId of await deps.spool.listJobs()) {
    deps.log.warn('dropping unsent log chunks of a job from an earlier run', { job_id: jobId });
    await deps.spool.clearJob(jobId);
  }
  await sweepWorkspaces(deps, input.ttlMs);
  await collectContainers(deps, input.state);
}

/** Runs both periodic chores until `stop` aborts. */
export async function runMaintenance(
  deps: MaintenanceDeps,
  input: { state: AgentState; ttlMs: number; stop: AbortSignal },
): Promise<void> {
  let sinceSweep = 0;
  while (!input.stop.aborted) {
    await deps.timer.sleep(GC_INTERVAL_MS, input.stop);
    if (input.stop.aborted) return;
    await collectContainers(deps, input.state);
    sinceSweep += GC_INTERVAL_MS;
    if (sinceSweep >= SWEEP_INTERVAL_MS) {
      sinceSweep = 0;
      await sweepWorkspaces(deps, input.ttlMs);
    }
  }
}
