/**
 * The runbook's emergency controls as commands, through the real CLI on the embedded database
 * (issue #14): `actions cancel --repo|--org|--all`, `runner drain --all`, `runner revoke --all
 * --confirm`, each printing counts with `--output json`, and each `--dry-run` changing nothing
 * (checked against a fingerprint of every runner and job).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadServerConfig } from '../../src/apps/shithubd/config.js';
import { openServerContext } from '../../src/apps/shithubd/server-context.js';
import { createOrganization } from '../../src/domain/forge/organization.js';
import { createRepo } from '../../src/domain/forge/repository.js';
import { createUser } from '../../src/domain/forge/user.js';
import { claimJob } from '../../src/domain/jobs/claim-job.js';
import { enqueueRun } from '../../src/domain/jobs/enqueue-run.js';
import { registerRunner } from '../../src/domain/runners/register-runner.js';
import { cliRunner, jsonOf } from '../support/cli.js';
import { plannedJob, plannedRun } from '../support/job-seed.js';
import { seedEmbeddedDatabase } from '../support/pglite-snapshot.js';

type Row = Record<string, unknown>;

describe('emergency controls on the embedded database', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shithub-emergency-'));
  const cli = cliRunner(dir);
  let untouched = '';
  const json = async <T = Row>(argv: string[]) => jsonOf<T>(await cli([...argv, '--output', 'json']));

  /** Every runner's drain/revoke state and every job's status, as one string. */
  async function fingerprint(): Promise<string> {
    const ctx = await openServerContext(loadServerConfig({ env: {}, cwd: dir, dataDirFlag: dir }));
    try {
      const runners = (await ctx.deps.runners.listWithLoad()).map(({ runner: r }) => [
        r.id,
        r.drainReason,
        r.revokedReason,
      ]);
      const jobs = [];
      for (let runId = 1; runId <= 4; runId++) {
        for (const j of await ctx.deps.runs.listJobs(runId)) jobs.push([j.id, j.status, j.cancelRequested]);
      }
      return JSON.stringify({ runners, jobs });
    } finally {
      await ctx.db.close();
    }
  }

  beforeAll(async () => {
    // A migrated database from the suite-wide snapshot (initdb costs about 5 s of CPU).
    await seedEmbeddedDatabase(dir);
    // The world is stored through the domain (the commands that would create it have their
    // own CLI suites); only the emergency commands under test go through the CLI.
    const ctx = await openServerContext(loadServerConfig({ env: {}, cwd: dir, dataDirFlag: dir }));
    try {
      for (const name of ['runner-1', 'runner-2', 'runner-3'])
        await registerRunner(ctx.deps, { name, labels: ['ubuntu-latest'], capacity: 1 });
      await createUser(ctx.deps, { name: 'ada' });
      await createOrganization(ctx.deps, { name: 'acme' });
      const repo = async (ownerName: string, name: string) =>
        (await createRepo(ctx.deps, { ownerName, name })).id;
      const repos = [await repo('ada', 'scratch'), await repo('ada', 'other'), await repo('acme', 'tools')];
      const jobs = [
        plannedJob('build', { runsOn: ['ubuntu-latest'] }),
        plannedJob('gpu', { runsOn: ['gpu'] }),
      ];
      await enqueueRun(ctx.deps, plannedRun(repos[0]!, { jobs }));
      for (const id of repos) await enqueueRun(ctx.deps, plannedRun(id, { jobs: [plannedJob('lint')] }));
      const { outcome } = await claimJob(ctx.deps, { runnerId: 1, hostName: 'host-a', version: 'test' });
      if (outcome.kind !== 'claimed') throw new Error(`expected a claim, got ${outcome.kind}`);
    } finally {
      await ctx.db.close();
    }
  });

  it('counts with --dry-run and changes nothing, for cancel, drain --all and revoke --all', async () => {
    const before = await fingerprint();
    expect(await json(['admin', 'actions', 'cancel', '--all', '--dry-run'])).toMatchObject({
      dry_run: true,
      scope: 'all',
      repositories: 3,
      runs: 4,
      queued_jobs: 4,
      running_jobs: 1,
      changed_jobs: 0,
    });
    expect(await json(['admin', 'runner', 'drain', '--all', '--dry-run'])).toEqual({
      dry_run: true,
      drained: 3,
      already_draining: 0,
      revoked: 0,
      runner_ids: [1, 2, 3],
    });
    expect(await json(['admin', 'runner', 'revoke', '--all', '--dry-run'])).toMatchObject({
      dry_run: true,
      revoked: 3,
      tokens_revoked: 0,
    });
    expect(await fingerprint()).toBe(before);
    untouched = before;
  });

  it('cancels the queued and running jobs of one repository only', async () => {
    const report = await json(['admin', 'actions', 'cancel', '--repo', 'ada/scratch']);
    expect(report).toEqual({
      dry_run: false,
      scope: 'repo',
      target: 'ada/scratch',
      repositories: 1,
      runs: 2,
      queued_jobs: 2,
      running_jobs: 1,
      changed_jobs: 3,
      run_ids: [2, 1],
    });
    const running = await json<Row[]>(['admin', 'runner', 'jobs']);
    expect(running).toEqual([expect.objectContaining({ repository: 'ada/scratch', cancel_requested: true })]);
    // The fingerprint the dry runs were checked with does see a real change.
    expect(await fingerprint()).not.toBe(untouched);
  });

  it("cancels an organisation's jobs, then everything left", async () => {
    expect(await json(['admin', 'actions', 'cancel', '--org', 'acme'])).toMatchObject({
      runs: 1,
      changed_jobs: 1,
    });
    expect(await json(['admin', 'actions', 'cancel', '--all'])).toMatchObject({
      queued_jobs: 1,
      changed_jobs: 1,
    });
    expect(await json(['admin', 'runner', 'queue'])).toEqual([]);
  });

  it('refuses a cancel without a scope, and an unknown repository, with the exit codes of SPEC §2', async () => {
    const none = await cli(['admin', 'actions', 'cancel']);
    expect([none.code, none.stderr.trim()]).toEqual([2, 'error: give exactly one of --repo, --org or --all']);
    const unknown = await cli(['admin', 'actions', 'cancel', '--repo', 'ada/none']);
    expect([unknown.code, unknown.stderr.trim()]).toEqual([1, 'error: repository ada/none not found']);
  });

  it('drains every runner with one command, and the loop form still drains one', async () => {
    await cli(['admin', 'runner', 'drain', '--id', '3', '--reason', 'kernel update']);
    expect(await json(['admin', 'runner', 'drain', '--all', '--reason', 'incident'])).toEqual({
      dry_run: false,
      drained: 2,
      already_draining: 1,
      revoked: 0,
      runner_ids: [1, 2],
    });
    const reasons = (await json<Row[]>(['admin', 'runner', 'list'])).map((r) => r.drain_reason);
    expect(reasons).toEqual(['incident', 'incident', 'kernel update']);
  });

  it('refuses revoke --all without --confirm, then revokes every runner with it', async () => {
    const refused = await cli(['admin', 'runner', 'revoke', '--all']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('revoke --all needs --confirm');
    await cli(['admin', 'runner', 'revoke', '--id', '2', '--reason', 'host compromise']);
    expect(
      await json(['admin', 'runner', 'revoke', '--all', '--confirm', '--reason', 'pool fenced']),
    ).toEqual({
      dry_run: false,
      revoked: 2,
      tokens_revoked: 2,
      already_revoked: 1,
      runner_ids: [1, 3],
    });
    const rows = await json<Row[]>(['admin', 'runner', 'list']);
    expect(rows.map((r) => r.revoked_reason)).toEqual(['pool fenced', 'host compromise', 'pool fenced']);
  });
});
