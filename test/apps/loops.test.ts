import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { loadServerConfig } from '../../src/apps/shithubd/config.js';
import { startLoops } from '../../src/apps/shithubd/loops.js';
import { createRepo } from '../../src/domain/forge/repository.js';
import { createUser } from '../../src/domain/forge/user.js';
import { claimJob } from '../../src/domain/jobs/claim-job.js';
import { enqueueRun } from '../../src/domain/jobs/enqueue-run.js';
import { registerRunner } from '../../src/domain/runners/register-runner.js';
import { revokeRunner } from '../../src/domain/runners/revoke-runner.js';
import { plannedJob, plannedRun } from '../support/job-seed.js';
import { makeMemoryDeps } from '../support/memory-deps.js';

const config = loadServerConfig({ env: {}, cwd: '/tmp' });
const quiet = pino({ level: 'silent' });

async function worldWithRunningJob(timeoutMinutes = 1) {
  const deps = makeMemoryDeps();
  await createUser(deps, { name: 'alice' });
  const repo = await createRepo(deps, { ownerName: 'alice', name: 'app' });
  const { runner } = await registerRunner(deps, { name: 'runner-1', labels: ['linux'] });
  await enqueueRun(
    deps,
    plannedRun(repo.id, { jobs: [plannedJob('build', { runsOn: ['linux'], timeoutMinutes })] }),
  );
  await enqueueRun(deps, plannedRun(repo.id, { jobs: [plannedJob('win', { runsOn: ['windows-latest'] })] }));
  const { outcome } = await claimJob(deps, { runnerId: runner.id });
  if (outcome.kind !== 'claimed') throw new Error('expected a claim');
  return { deps, jobId: outcome.job.id };
}

describe('background loops', () => {
  it('finalises a running job past its deadline plus the grace minute as timed_out', async () => {
    const { deps, jobId } = await worldWithRunningJob(1);
    const loops = startLoops(deps, config, quiet);
    deps.clock.advance(60_000 + 30_000);
    await loops.runAll();
    expect((await deps.runs.getJob(jobId))?.status).toBe('running');
    deps.clock.advance(31_000);
    await loops.runAll();
    expect(await deps.runs.getJob(jobId)).toMatchObject({ status: 'completed', conclusion: 'timed_out' });
    await loops.stop();
  });

  it('recovers the jobs of a runner silent longer than runner_lost_after', async () => {
    const { deps, jobId } = await worldWithRunningJob(60);
    const loops = startLoops(deps, config, quiet);
    deps.clock.advance(config.actions.runnerLostAfterMs + 1000);
    await loops.runAll();
    expect(await deps.runs.getJob(jobId)).toMatchObject({
      status: 'completed',
      conclusion: 'failure',
      statusReason: 'runner_lost',
    });
    await loops.stop();
  });

  it('refreshes the pool gauges', async () => {
    const { deps } = await worldWithRunningJob(60);
    const loops = startLoops(deps, config, quiet);
    await loops.runAll();
    expect(deps.metrics.gauge('runner_active_jobs')).toEqual([{ labels: { runner: 'runner-1' }, value: 1 }]);
    expect(deps.metrics.gauge('queue_depth_by_labels')).toEqual([
      { labels: { labels: 'windows-latest' }, value: 1 },
    ]);
    expect(deps.metrics.gauge('runner_online')).toEqual([{ labels: { runner: 'runner-1' }, value: 1 }]);
    await loops.stop();
  });

  it('counts the runners whose registration token expires within 7 days (issue #12 fix 8)', async () => {
    const { deps } = await worldWithRunningJob(60);
    const day = 24 * 3600_000;
    await registerRunner(deps, { name: 'soon', expiresInMs: 6 * day });
    await registerRunner(deps, { name: 'later', expiresInMs: 8 * day });
    const revoked = await registerRunner(deps, { name: 'revoked', expiresInMs: day });
    await revokeRunner(deps, { id: revoked.runner.id, reason: 'test' });
    const loops = startLoops(deps, config, quiet);
    await loops.runAll();
    expect(deps.metrics.gauge('runner_tokens_expiring')).toEqual([{ labels: {}, value: 1 }]);
    deps.clock.advance(2 * day);
    await loops.runAll();
    expect(deps.metrics.gauge('runner_tokens_expiring')).toEqual([{ labels: {}, value: 2 }]);
    await loops.stop();
  });
});
