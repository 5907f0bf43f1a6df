import { describe, expect, it } from 'vitest';
import { updateJobStatus } from '../../../src/domain/jobs/update-job-status.js';
import { registerRunner } from '../../../src/domain/runners/register-runner.js';
import {
  checkStateOf,
  combineCheckRuns,
  getCommitStatus,
  syncCheckRun,
} from '../../../src/domain/triggers/check-runs.js';
import type { Conclusion, JobStatus } from '../../../src/ports/model/run.js';
import type { CheckStatus } from '../../../src/ports/model/trigger.js';
import { makeMemoryJob } from '../../support/runner-world.js';
import { makeTriggerWorld, SMOKE } from '../../support/trigger-world.js';

const T = new Date('2026-01-01T00:00:00.000Z');
const job = (status: JobStatus, conclusion: Conclusion | null) => ({
  status,
  conclusion,
  startedAt: T,
  completedAt: T,
});

describe('checkStateOf', () => {
  it.each([
    ['queued', null, 'queued', null],
    ['running', null, 'in_progress', null],
    ['completed', 'success', 'completed', 'success'],
    ['completed', 'failure', 'completed', 'failure'],
    ['cancelled', 'cancelled', 'completed', 'cancelled'],
    ['cancelled', null, 'completed', 'cancelled'],
    ['skipped', 'skipped', 'completed', 'skipped'],
  ] as const)('a %s job (%s) is a %s check (%s)', (status, conclusion, checkStatus, checkConclusion) => {
    expect(checkStateOf(job(status, conclusion))).toMatchObject({
      status: checkStatus,
      conclusion: checkConclusion,
    });
  });
});

describe('combineCheckRuns', () => {
  const c = (status: CheckStatus, conclusion: Conclusion | null = null) => ({ status, conclusion });
  it.each([
    ['no checks', [], null],
    [
      'all successful',
      [c('completed', 'success'), c('completed', 'skipped'), c('completed', 'neutral')],
      'success',
    ],
    ['one still queued', [c('completed', 'success'), c('queued')], 'pending'],
    ['one running', [c('in_progress')], 'pending'],
    ['one failed while another runs', [c('completed', 'failure'), c('in_progress')], 'failure'],
    ['one cancelled', [c('completed', 'success'), c('completed', 'cancelled')], 'failure'],
    ['one timed out', [c('completed', 'timed_out')], 'failure'],
    ['one awaiting action', [c('completed', 'action_required')], 'failure'],
  ] as const)('%s → %s', (_name, checks, expected) => {
    expect(combineCheckRuns(checks)).toBe(expected);
  });
});

describe('syncCheckRun', () => {
  it('follows the job to running and completed, and rolls the commit up', async () => {
    const w = makeTriggerWorld();
    const ada = await w.user('ada');
    const repo = await w.repo('ada');
    const { sha } = await w.push(repo, ada, 'trunk', { '.shithub/workflows/smoke.yml': SMOKE });
    const { runner } = await registerRunner(w.deps, { name: 'r1', labels: ['ubuntu-latest'] });
    expect((await getCommitStatus(w.deps, { repoId: repo.id, sha })).state).toBe('pending');
    const claimed = await w.deps.queue.claim({ runnerId: runner.id, now: w.deps.clock.now() });
    if (claimed.kind !== 'claimed') throw new Error(`expected a claim, got ${claimed.kind}`);
    expect(await syncCheckRun(w.deps, { run: claimed.run, job: claimed.job })).toMatchObject({
      status: 'in_progress',
    });
    const { job: done } = await updateJobStatus(w.deps, {
      jobId: claimed.job.id,
      runnerId: runner.id,
      status: 'completed',
      conclusion: 'success',
    });
    expect(await syncCheckRun(w.deps, { run: claimed.run, job: done })).toMatchObject({
      status: 'completed',
      conclusion: 'success',
    });
    expect((await getCommitStatus(w.deps, { repoId: repo.id, sha })).state).toBe('success');
  });

  it('is a no-op for a job without a check run', async () => {
    const w = makeTriggerWorld();
    const result = await syncCheckRun(w.deps, {
      run: { id: 9, repoId: 9 },
      job: makeMemoryJob(1, null, 'queued', T),
    });
    expect(result).toBeUndefined();
  });
});
