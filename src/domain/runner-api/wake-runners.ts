/**
 * Wake-ups for long-polling heartbeats (SPEC §7.1): who publishes what, and which waiting
 * runner acts on which event. Waking is an optimisation only — a runner that misses one
 * claims on its next heartbeat.
 */
import type { Runner } from '../../ports/model/runner.js';
import type { RunnerChange, WakeBus, WakeEvent } from '../../ports/wake-bus.js';
import { matchesLabels } from '../jobs/labels.js';

/**
 * Call after jobs were enqueued (trigger, rerun, approval, a returned claim): as many
 * waiting runners as there are new jobs, among those whose labels could match, retry
 * their claim. Never throws.
 */
export function notifyJobsEnqueued(
  deps: { wake: WakeBus },
  jobs: readonly { runsOn: string[] }[],
): Promise<void> {
  const sets = new Map<string, { runsOn: string[]; count: number }>();
  for (const job of jobs) {
    const key = JSON.stringify([...job.runsOn].sort());
    sets.set(key, { runsOn: [...job.runsOn], count: (sets.get(key)?.count ?? 0) + 1 });
  }
  const all = [...sets.values()];
  return deps.wake.publish({
    kind: 'jobs',
    runsOn: all.map((s) => s.runsOn),
    counts: all.map((s) => s.count),
  });
}

/**
 * Call after jobs ended or were cancelled: capacity came free and dependents or
 * concurrency groups may be unblocked, so every waiting runner retries. Never throws.
 */
export function notifyJobsFinished(deps: { wake: WakeBus }): Promise<void> {
  return deps.wake.publish({ kind: 'jobs' });
}

/**
 * Call after a drain, undrain, revoke or token rotation: the runner's waiting heartbeats
 * end at once (drained, revoked, rotated) or retry (undrained), and every replica drops
 * what it cached about the runner. Never throws.
 */
export function notifyRunnerChanged(
  deps: { wake: WakeBus },
  runnerId: number,
  change: RunnerChange,
): Promise<void> {
  return deps.wake.publish({ kind: 'runner', runnerId, change });
}

/**
 * What a heartbeat waiting for `runner` does on `event`: `retry` the claim, `release`
 * (answer now, after one last claim attempt), `stop` (the server is going away: answer
 * without touching storage) or `ignore`.
 */
export function reactToWake(
  event: WakeEvent,
  runner: Pick<Runner, 'id' | 'labels'>,
): 'retry' | 'release' | 'stop' | 'ignore' {
  if (event.kind === 'shutdown') return 'stop';
  if (event.kind === 'runner') {
    if (event.runnerId !== runner.id) return 'ignore';
    return event.change === 'undrained' ? 'retry' : 'release';
  }
  if (!event.runsOn) return 'retry';
  return event.runsOn.some((set) => matchesLabels(set, runner.labels)) ? 'retry' : 'ignore';
}
