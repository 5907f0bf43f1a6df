/**
 * `admin runner queue`, `jobs` and `recover-stale-jobs` through the real CLI on PGlite, with
 * runs enqueued and claimed by the domain on the same data folder.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadServerConfig } from '../../src/apps/shithubd/config.js';
import { openServerContext } from '../../src/apps/shithubd/server-context.js';
import { claimJob } from '../../src/domain/jobs/claim-job.js';
import { enqueueRun } from '../../src/domain/jobs/enqueue-run.js';
import { cliRunner, jsonOf } from '../support/cli.js';
import { plannedJob, plannedRun } from '../support/job-seed.js';
import { seedEmbeddedDatabase } from '../support/pglite-snapshot.js';

type Row = Record<string, unknown>;

describe('queue views and stale-job recovery on the embedded database', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shithub-queue-cli-'));
  const cli = cliRunner(dir);
  let claimedJobId = 0;

  beforeAll(async () => {
    await seedEmbeddedDatabase(dir);
    jsonOf(await cli(['admin', 'runner', 'register', '--name', 'runner-1', '--output', 'json']));
    await cli(['admin', 'user', 'create', '--name', 'mfwolffe']);
    const repo = jsonOf<{ id: number }>(
      await cli(['admin', 'repo', 'create', '--owner', 'mfwolffe', '--name', 'scratch', '--output', 'json']),
    );
    const ctx = await openServerContext(loadServerConfig({ env: {}, cwd: dir, dataDirFlag: dir }));
    try {
      await enqueueRun(
        ctx.deps,
        plannedRun(repo.id, { jobs: [plannedJob('green', { runsOn: ['ubuntu-latest'] })] }),
      );
      await enqueueRun(
        ctx.deps,
        plannedRun(repo.id, { jobs: [plannedJob('nope', { runsOn: ['windows-latest'] })] }),
      );
      const { outcome } = await claimJob(ctx.deps, { runnerId: 1, hostName: 'host-a', version: 'test' });
      if (outcome.kind !== 'claimed') throw new Error(`expected a claim, got ${outcome.kind}`);
      claimedJobId = outcome.job.id;
    } finally {
      await ctx.db.close();
    }
  });

  it('groups queued jobs by labels and says no runner matches windows-latest', async () => {
    const rows = jsonOf<Row[]>(await cli(['admin', 'runner', 'queue', '--output', 'json']));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      runs_on: 'windows-latest',
      queued_jobs: 1,
      matching_runner_count: 0,
      waiting_reason: 'no_matching_runner',
    });
    expect(Object.keys(rows[0] ?? {})).toEqual(
      expect.arrayContaining([
        'runs_on',
        'queued_jobs',
        'matching_runner_count',
        'oldest_queued_at',
        'oldest_queued_seconds',
        'waiting_reason',
      ]),
    );
  });

  it('lists the running job with its runner', async () => {
    const rows = jsonOf<Row[]>(await cli(['admin', 'runner', 'jobs', '--output', 'json']));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id: claimedJobId,
      repository: 'mfwolffe/scratch',
      job_key: 'green',
      runner_id: 1,
      runner_name: 'runner-1',
      runs_on: 'ubuntu-latest',
    });
    expect((await cli(['admin', 'runner', 'list', '--output', 'json'])).stdout).toContain(
      '"active_job_count": 1',
    );
    const bad = await cli(['admin', 'runner', 'jobs', '--limit', '0']);
    expect(bad.code).toBe(2);
  });

  it('refuses recover-stale-jobs without --dry-run or --confirm', async () => {
    const result = await cli(['admin', 'runner', 'recover-stale-jobs', '--id', '1']);
    expect(result).toMatchObject({ code: 2, stderr: 'error: give exactly one of --dry-run or --confirm\n' });
  });

  it('keeps a listed active job and shows a missing one as a candidate on --dry-run', async () => {
    const kept = jsonOf<Row>(
      await cli([
        'admin',
        'runner',
        'recover-stale-jobs',
        '--id',
        '1',
        '--active-job-id',
        String(claimedJobId),
        '--dry-run',
        '--output',
        'json',
      ]),
    );
    expect(kept).toMatchObject({ scanned_jobs: 1, candidate_jobs: [], dry_run: true });
    const dry = jsonOf<Row>(
      await cli(['admin', 'runner', 'recover-stale-jobs', '--id', '1', '--dry-run', '--output', 'json']),
    );
    expect(dry).toMatchObject({ runner_name: 'runner-1', scanned_jobs: 1, finalised_job_count: 0 });
    expect((dry.candidate_jobs as Row[]).map((j) => j.id)).toEqual([claimedJobId]);
    expect(jsonOf<Row[]>(await cli(['admin', 'runner', 'jobs', '--output', 'json']))).toHaveLength(1);
  });

  it('finalises the lost job on --confirm, freeing the runner', async () => {
    const done = jsonOf<Row>(
      await cli(['admin', 'runner', 'recover-stale-jobs', '--id', '1', '--confirm', '--output', 'json']),
    );
    expect(done).toMatchObject({
      finalised_job_ids: [claimedJobId],
      finalised_job_count: 1,
      completed_run_count: 1,
    });
    expect(jsonOf<Row[]>(await cli(['admin', 'runner', 'jobs', '--output', 'json']))).toEqual([]);
    expect((await cli(['admin', 'runner', 'list', '--output', 'json'])).stdout).toContain(
      '"active_job_count": 0',
    );
  });
});
