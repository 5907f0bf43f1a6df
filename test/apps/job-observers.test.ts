/** Check runs follow their jobs through every path, and completed runs are counted. */
import { describe, expect, it } from 'vitest';
import { observeLifecycle, observeQueue } from '../../src/apps/shithubd/job-observers.js';
import { createRepo } from '../../src/domain/forge/repository.js';
import { createUser } from '../../src/domain/forge/user.js';
import { cancelJob } from '../../src/domain/jobs/cancel-jobs.js';
import { claimJob } from '../../src/domain/jobs/claim-job.js';
import { enqueueRun } from '../../src/domain/jobs/enqueue-run.js';
import { updateJobStatus } from '../../src/domain/jobs/update-job-status.js';
import { registerRunner } from '../../src/domain/runners/register-runner.js';
import { checkRunsForRun } from '../../src/domain/triggers/check-runs.js';
import { plannedJob, plannedRun } from '../support/job-seed.js';
import { makeMemoryDeps } from '../support/memory-deps.js';

async function world() {
  const deps = makeMemoryDeps();
  const errors: unknown[] = [];
  const observer = {
    runs: deps.runs,
    checks: deps.checks,
    clock: deps.clock,
    metrics: deps.metrics,
    onError: (e: unknown) => errors.push(e),
  };
  deps.lifecycle = observeLifecycle(deps.lifecycle, observer);
  deps.queue = observeQueue(deps.queue, observer);
  await createUser(deps, { name: 'alice' });
  const repo = await createRepo(deps, { ownerName: 'alice', name: 'app' });
  const { runner } = await registerRunner(deps, { name: 'runner-1', labels: ['linux'] });
  const { run, jobs } = await enqueueRun(
    deps,
    plannedRun(repo.id, {
      event: 'push',
      jobs: [plannedJob('build', { runsOn: ['linux'] }), plannedJob('lint', { runsOn: ['linux'] })],
    }),
  );
  await deps.checks.ensureCheckRuns(checkRunsForRun(run, jobs), deps.clock.now());
  const checks = async () =>
    Object.fromEntries(
      (await deps.checks.listCheckRuns(repo.id, run.headSha)).map((c) => [c.name, [c.status, c.conclusion]]),
    );
  return { deps, runner, run, jobs, checks, errors };
}

describe('job observers', () => {
  it('moves a check run to in_progress on claim and completed with the conclusion on the report', async () => {
    const { deps, runner, checks, errors } = await world();
    const { outcome } = await claimJob(deps, { runnerId: runner.id });
    if (outcome.kind !== 'claimed') throw new Error('expected a claim');
    expect((await checks())[outcome.job.jobName || outcome.job.jobKey]).toEqual(['in_progress', null]);
    await updateJobStatus(deps, {
      jobId: outcome.job.id,
      runnerId: runner.id,
      status: 'completed',
      conclusion: 'failure',
    });
    expect((await checks())[outcome.job.jobName || outcome.job.jobKey]).toEqual(['completed', 'failure']);
    expect(errors).toEqual([]);
  });

  it('completes the check run of a cancelled queued job and counts the completed run', async () => {
    const { deps, jobs, checks } = await world();
    for (const job of jobs) await cancelJob(deps, { jobId: job.id, reason: 'user' });
    const all = await checks();
    expect(Object.values(all)).toEqual([
      ['completed', 'cancelled'],
      ['completed', 'cancelled'],
    ]);
    expect(deps.metrics.counter('runs_completed_total', { event: 'push', conclusion: 'cancelled' })).toBe(1);
    expect(
      deps.metrics.observed('run_duration_seconds', { event: 'push', conclusion: 'cancelled' }),
    ).toHaveLength(1);
  });
});
