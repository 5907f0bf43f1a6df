import { describe, expect, it } from 'vitest';
import { readyRunners } from '../../../src/domain/jobs/runner-availability.js';
import { waitingReasonForJob } from '../../../src/domain/jobs/waiting-reason.js';
import { isRunnerOnline } from '../../../src/domain/runners/is-runner-online.js';
import { DEFAULT_SITE_POLICY, INHERIT_POLICY } from '../../../src/ports/model/forge.js';
import type { JobWaitContext, RunnerLoad } from '../../../src/ports/model/queue.js';
import type { Job, Run } from '../../../src/ports/model/run.js';
import type { Runner } from '../../../src/ports/model/runner.js';

const NOW = new Date('2026-01-01T12:00:00.000Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms);
const opts = { now: NOW, staleAfterMs: 60_000 };

function runner(extra: Partial<Runner> = {}, runningJobs = 0): RunnerLoad {
  const base: Runner = {
    ...{ id: 1, name: 'r', labels: ['linux'], capacity: 1, status: 'idle', lastHeartbeatAt: ago(1000) },
    ...{ registeredByUserId: null, hostName: '', version: '', drainingAt: null, drainReason: null },
    ...{ revokedAt: null, revokedReason: null, createdAt: ago(1e6), updatedAt: ago(1000) },
  };
  return { runner: { ...base, ...extra }, runningJobs };
}

function context(
  extra: { job?: Partial<Job>; run?: Partial<Run>; ctx?: Partial<JobWaitContext> } = {},
): JobWaitContext {
  const job = {
    id: 5,
    runId: 2,
    jobKey: 'test',
    runsOn: ['linux'],
    needsJobs: [],
    ifExpr: '',
    ...extra.job,
  } as Job;
  const run = {
    id: 2,
    repoId: 3,
    concurrencyGroup: '',
    needApproval: false,
    approvedByUserId: null,
    ...extra.run,
  } as Run;
  return {
    job,
    run,
    needs: [],
    blockingRunId: null,
    blockingJobId: null,
    matrixRunningJobs: 0,
    repoRunningJobs: 0,
    ownerRunningJobs: 0,
    policy: { site: DEFAULT_SITE_POLICY, org: null, repo: null },
    ...extra.ctx,
  };
}

const code = (ctx: JobWaitContext, loads: RunnerLoad[] = [runner()]) => waitingReasonForJob(ctx, loads, opts);

describe('waiting reason', () => {
  it.each([
    [
      'actions_disabled',
      context({
        ctx: {
          policy: {
            site: DEFAULT_SITE_POLICY,
            org: null,
            repo: { ...INHERIT_POLICY, actionsEnabled: 'disabled' },
          },
        },
      }),
      '',
    ],
    ['awaiting_approval', context({ run: { needApproval: true } }), ''],
    [
      'needs',
      context({
        job: { needsJobs: ['build'] },
        ctx: { needs: [{ jobKey: 'build', status: 'running', conclusion: null }] },
      }),
      'build',
    ],
    [
      'concurrency_group',
      context({ run: { concurrencyGroup: 'deploy' }, ctx: { blockingRunId: 1 } }),
      'deploy',
    ],
    [
      'concurrency_group',
      context({ job: { concurrencyGroup: 'deploy-prod' }, ctx: { blockingJobId: 7 } }),
      'deploy-prod',
    ],
    [
      'max_parallel',
      context({ job: { matrixGroup: 'test', maxParallel: 2 }, ctx: { matrixRunningJobs: 2 } }),
      '2',
    ],
    ['repo_cap', context({ ctx: { repoRunningJobs: 20 } }), '20'],
    ['owner_cap', context({ ctx: { ownerRunningJobs: 100 } }), '100'],
  ])('says %s for a job-side blocker, with detail %j', (expected, ctx, detail) => {
    expect(code(ctx)).toMatchObject({ code: expected, detail });
  });

  it('names the blocking job of a job-level group and the matrix limit in words', () => {
    const grouped = context({ job: { concurrencyGroup: 'deploy-prod' }, ctx: { blockingJobId: 7 } });
    expect(code(grouped)?.message).toBe('Waiting for job 7 of concurrency group deploy-prod');
    const matrix = context({ job: { matrixGroup: 'test', maxParallel: 1 }, ctx: { matrixRunningJobs: 1 } });
    expect(code(matrix)?.message).toBe('The matrix is running its limit of 1 jobs at once (max-parallel)');
    const room = context({ job: { matrixGroup: 'test', maxParallel: 2 }, ctx: { matrixRunningJobs: 1 } });
    expect(code(room)).toBeNull();
  });

  it('checks job-side blockers before the runner pool, approval before needs', () => {
    const ctx = context({
      run: { needApproval: true },
      job: { needsJobs: ['build'], runsOn: ['windows-latest'] },
      ctx: { needs: [{ jobKey: 'build', status: 'queued', conclusion: null }] },
    });
    expect(code(ctx)?.code).toBe('awaiting_approval');
  });

  it('says no_matching_runner in the runbook’s words when no runner carries the labels', () => {
    expect(code(context({ job: { runsOn: ['windows-latest'] } }))).toEqual({
      code: 'no_matching_runner',
      detail: 'windows-latest',
      message: 'Waiting for runner with labels: windows-latest',
    });
  });

  it.each([
    ['revoked runners do not match', [runner({ revokedAt: ago(10) })], 'no_matching_runner'],
    ['silent runners are offline', [runner({ lastHeartbeatAt: ago(61_000) })], 'runners_offline'],
    ['marked-offline runners are offline', [runner({ status: 'offline' })], 'runners_offline'],
    ['never-seen runners are offline', [runner({ lastHeartbeatAt: null })], 'runners_offline'],
    [
      'online runners all draining',
      [runner({ drainingAt: ago(10) }), runner({ lastHeartbeatAt: ago(90_000) })],
      'runners_draining',
    ],
    ['ready runners all full', [runner({ capacity: 2 }, 2), runner({ drainingAt: ago(1) })], 'runners_busy'],
  ])('%s', (_name, loads, expected) => {
    expect(code(context(), loads)?.code).toBe(expected);
  });

  it('answers null when a ready runner has a free slot', () => {
    expect(code(context(), [runner({ capacity: 2 }, 1)])).toBeNull();
  });

  it('counts ready runners: online, not draining, not revoked, carrying every label', () => {
    const loads = [
      runner({ id: 1 }),
      runner({ id: 2, drainingAt: ago(1) }),
      runner({ id: 3, revokedAt: ago(1) }),
      runner({ id: 4, lastHeartbeatAt: ago(120_000) }),
      runner({ id: 5, labels: ['x64'] }),
      runner({ id: 6, labels: ['x64', 'linux'] }, 1),
    ];
    expect(readyRunners(['linux'], loads, NOW, 60_000).map((l) => l.runner.id)).toEqual([1, 6]);
  });

  it.each([
    [59_999, true],
    [60_000, true],
    [60_001, false],
  ])('a runner last heard %i ms ago is online: %s', (age, expected) => {
    expect(isRunnerOnline(runner({ lastHeartbeatAt: ago(age) }).runner, NOW, 60_000)).toBe(expected);
  });
});
