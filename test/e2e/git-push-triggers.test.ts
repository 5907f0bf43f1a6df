/**
 * Issue #3 "done when", tried as a new user would against `startServer` on the embedded
 * PGlite: users, PATs and a repo from the admin CLI, `git clone` / `git push` over smart
 * HTTP, the runbook's smoke workflow queued by a push, the windows-latest workflow
 * dispatched and waiting for a runner, and an untrusted fork PR waiting for approval.
 */

import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workflowRunApprovals } from '../../src/adapters/postgres/schema.js';
import { loadServerConfig, type ServerConfig } from '../../src/apps/shithubd/config.js';
import { type RunningServer, startServer } from '../../src/apps/shithubd/serve.js';
import { openServerContext } from '../../src/apps/shithubd/server-context.js';
import { checkStateOf } from '../../src/domain/triggers/check-runs.js';
import { cliRunner, jsonOf } from '../support/cli.js';
import { gitClient } from '../support/git-client.js';
import { seedEmbeddedDatabase } from '../support/pglite-snapshot.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/workflows/${name}`, import.meta.url), 'utf8');
const PR_WORKFLOW = fixture('pr-secret-check.yml');

type Json = Record<string, unknown>;

describe('git push, dispatch and pull requests against a running server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shithub-git-e2e-'));
  const env = { SHITHUB_TOTP_KEY: randomBytes(32).toString('base64') };
  const cli = cliRunner(dir, env);
  const git = gitClient();
  let config: ServerConfig;
  let server: RunningServer;
  let adaPat = '';
  let malloryPat = '';
  let work = '';
  let pushedSha = '';
  let runnerToken = '';

  const url = (path: string) => `${server.url}${path}`;
  const api = async (path: string, pat: string, init: RequestInit = {}) =>
    fetch(url(path), {
      ...init,
      headers: { authorization: `Bearer ${pat}`, 'content-type': 'application/json' },
    });
  const runs = async (query = '') =>
    (await (await api(`/api/v1/repos/ada/scratch/actions/runs${query}`, adaPat)).json()) as {
      total_count: number;
      workflow_runs: Json[];
    };

  beforeAll(async () => {
    await seedEmbeddedDatabase(dir);
    for (const name of ['ada', 'mallory']) await cli(['admin', 'user', 'create', '--name', name]);
    const token = async (user: string) =>
      jsonOf<{ token: string }>(
        await cli(['admin', 'token', 'create', '--user', user, '--scopes', 'repo:write', '--output', 'json']),
      ).token;
    adaPat = await token('ada');
    malloryPat = await token('mallory');
    jsonOf(await cli(['admin', 'repo', 'create', '--owner', 'ada', '--name', 'scratch', '--output', 'json']));
    // Registered before the server starts: this process holds the embedded database once it serves.
    runnerToken = jsonOf<{ token: string }>(
      await cli([
        'admin',
        'runner',
        'register',
        '--name',
        'r1',
        '--labels',
        'ubuntu-latest',
        '--output',
        'json',
      ]),
    ).token;
    config = loadServerConfig({ env, cwd: dir, dataDirFlag: dir, listenFlag: '127.0.0.1:0' });
    server = await startServer(config);
    work = git.workdir('ada-clone');
    await git.ok(['clone', '--quiet', url('/ada/scratch.git'), work]);
  }, 90_000);

  afterAll(async () => {
    await server?.close();
  });

  it('queues the smoke workflow for a push to trunk', async () => {
    mkdirSync(join(work, '.shithub/workflows'), { recursive: true });
    writeFileSync(join(work, 'README.md'), '# scratch\n');
    writeFileSync(join(work, '.shithub/workflows/smoke.yml'), fixture('smoke.yml'));
    await git.ok(['checkout', '--quiet', '-b', 'trunk'], { cwd: work });
    await git.ok(['add', '.'], { cwd: work });
    await git.ok(['commit', '--quiet', '-m', 'Add the smoke workflow'], { cwd: work });
    pushedSha = (await git.ok(['rev-parse', 'HEAD'], { cwd: work })).trim();
    await git.ok(['push', '--quiet', 'origin', 'trunk'], { cwd: work, password: adaPat });

    const listed = await runs();
    expect(listed.total_count).toBe(1);
    const run = listed.workflow_runs[0] ?? {};
    expect(run).toMatchObject({
      event: 'push',
      status: 'queued',
      head_ref: 'refs/heads/trunk',
      head_sha: pushedSha,
    });
    const jobs = (await (
      await api(`/api/v1/repos/ada/scratch/actions/runs/${run['id']}/jobs`, adaPat)
    ).json()) as { jobs: Json[] };
    expect(jobs.jobs).toHaveLength(1);
    expect(jobs.jobs[0]).toMatchObject({ name: 'green' });
    expect(jobs.jobs[0]?.['steps']).toHaveLength(3);
  });

  it('creates nothing for a push to a branch the workflow ignores', async () => {
    await git.ok(['checkout', '--quiet', '-b', 'feature'], { cwd: work });
    writeFileSync(join(work, 'notes.txt'), 'feature work\n');
    await git.ok(['add', '.'], { cwd: work });
    await git.ok(['commit', '--quiet', '-m', 'Feature work'], { cwd: work });
    await git.ok(['push', '--quiet', 'origin', 'feature'], { cwd: work, password: adaPat });
    expect((await runs()).total_count).toBe(1);
    await git.ok(['checkout', '--quiet', 'trunk'], { cwd: work });
  });

  it('answers a wrong password with 401 and a Basic challenge, and git gives up fast', async () => {
    const bad = Buffer.from(`ada:shp_${'0'.repeat(64)}`).toString('base64');
    const response = await fetch(url('/ada/scratch.git/info/refs?service=git-receive-pack'), {
      headers: { authorization: `Basic ${bad}` },
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Basic realm="shithub"');
    const anonymous = await fetch(url('/ada/scratch.git/info/refs?service=git-receive-pack'));
    expect(anonymous.status).toBe(401);
    const push = await git.run(['push', 'origin', 'trunk'], {
      cwd: work,
      password: 'wrong',
      timeoutMs: 20_000,
    });
    expect(push.exitCode).not.toBe(0);
    expect(push.ms).toBeLessThan(15_000);
  });

  it('keeps the dispatched windows-latest workflow queued with no_matching_runner', async () => {
    writeFileSync(join(work, '.shithub/workflows/windows.yml'), fixture('windows-latest.yml'));
    await git.ok(['add', '.'], { cwd: work });
    await git.ok(['commit', '--quiet', '-m', 'Add the windows workflow'], { cwd: work });
    await git.ok(['push', '--quiet', 'origin', 'trunk'], { cwd: work, password: adaPat });
    const dispatched = await api(
      '/api/v1/repos/ada/scratch/actions/workflows/windows.yml/dispatches',
      adaPat,
      {
        method: 'POST',
        body: JSON.stringify({ ref: 'trunk' }),
      },
    );
    expect(dispatched.status).toBe(204);
    const listed = await runs('?event=workflow_dispatch');
    expect(listed.total_count).toBe(1);
    const run = listed.workflow_runs[0] ?? {};
    expect(run).toMatchObject({
      status: 'queued',
      head_ref: 'refs/heads/trunk',
      path: '.shithub/workflows/windows.yml',
    });
    const jobs = (await (
      await api(`/api/v1/repos/ada/scratch/actions/runs/${run['id']}/jobs`, adaPat)
    ).json()) as { jobs: Json[] };
    expect(jobs.jobs[0]).toMatchObject({ name: 'nope', waiting_reason: 'no_matching_runner' });
  });

  it('answers a dispatch with bad inputs or an unknown file with the reason', async () => {
    const path = '/ada/scratch/actions/workflows/windows.yml/dispatches';
    const unknownInput = await api(path, adaPat, {
      method: 'POST',
      body: JSON.stringify({ inputs: { who: 'me' } }),
    });
    expect(unknownInput.status).toBe(422);
    expect(await unknownInput.json()).toMatchObject({ code: 'workflow.inputs_invalid' });
    const missing = await api('/ada/scratch/actions/workflows/nope.yml/dispatches', adaPat, {
      method: 'POST',
    });
    expect(missing.status).toBe(404);
    const readOnly = await api(path, malloryPat, { method: 'POST' });
    expect(readOnly.status).toBe(403);
  });

  it('makes the run of an untrusted pull request from a fork wait for approval', async () => {
    const forked = await api('/api/v1/repos/ada/scratch/forks', malloryPat, { method: 'POST' });
    expect(forked.status).toBe(202);
    expect(await forked.json()).toMatchObject({ full_name: 'mallory/scratch', fork: true });
    const fork = git.workdir('mallory-clone');
    await git.ok(['clone', '--quiet', url('/mallory/scratch.git'), fork]);
    await git.ok(['checkout', '--quiet', '-b', 'patch'], { cwd: fork });
    writeFileSync(join(fork, '.shithub/workflows/pr.yml'), PR_WORKFLOW);
    await git.ok(['add', '.'], { cwd: fork });
    await git.ok(['commit', '--quiet', '-m', 'Print whether the secret is there'], { cwd: fork });
    await git.ok(['push', '--quiet', 'origin', 'patch'], { cwd: fork, password: malloryPat });
    const headSha = (await git.ok(['rev-parse', 'HEAD'], { cwd: fork })).trim();

    const opened = await api('/api/v1/repos/ada/scratch/pulls', malloryPat, {
      method: 'POST',
      body: JSON.stringify({ title: 'Check secrets', head: 'mallory:patch', base: 'trunk' }),
    });
    expect(opened.status).toBe(201);
    expect(await opened.json()).toMatchObject({ number: 1, state: 'open', head: { sha: headSha } });
    const listed = await runs('?event=pull_request');
    expect(listed.total_count).toBe(1);
    expect(listed.workflow_runs[0]).toMatchObject({
      status: 'queued',
      head_sha: headSha,
      need_approval: true,
      head_ref: 'refs/pull/1/head',
    });

    writeFileSync(join(fork, 'more.txt'), 'more\n');
    await git.ok(['add', '.'], { cwd: fork });
    await git.ok(['commit', '--quiet', '-m', 'More'], { cwd: fork });
    await git.ok(['push', '--quiet', 'origin', 'patch'], { cwd: fork, password: malloryPat });
    const synced = await runs('?event=pull_request');
    expect(synced.total_count).toBe(2);
    expect(synced.workflow_runs[0]).toMatchObject({ need_approval: true });

    const closed = await api('/api/v1/repos/ada/scratch/pulls/1', malloryPat, {
      method: 'PATCH',
      body: JSON.stringify({ state: 'closed' }),
    });
    expect(closed.status).toBe(200);
    expect(await closed.json()).toMatchObject({ state: 'closed' });
  });

  it('lets a runner claim the approved pull request run without secrets, and fetch but not push with its checkout token', async () => {
    const secret = await api('/api/v1/repos/ada/scratch/actions/secrets/S41J_SECRET_SMOKE', adaPat, {
      method: 'PUT',
      body: JSON.stringify({ value: 'not-a-production-value' }),
    });
    expect(secret.status).toBeLessThan(300);
    const open = await runs('?status=queued');
    const prRuns = open.workflow_runs.filter((r) => r['event'] === 'pull_request');
    const keep = prRuns[0]?.['id'];
    for (const run of open.workflow_runs.filter((r) => r['id'] !== keep)) {
      expect((await api(`/api/v1/runs/${run['id']}/cancel`, adaPat, { method: 'POST' })).status).toBe(202);
    }
    const heartbeat = () =>
      fetch(url('/api/v1/runners/heartbeat'), {
        method: 'POST',
        headers: { authorization: `Bearer ${runnerToken}`, 'content-type': 'application/json' },
        body: '{}',
      });
    const idle = await heartbeat();
    expect([idle.status, idle.status === 204 ? '' : await idle.text()]).toEqual([204, '']);
    expect((await api(`/api/v1/runs/${keep}/approve`, adaPat, { method: 'POST' })).status).toBe(200);
    const claimed = await heartbeat();
    expect(claimed.status).toBe(200);
    const { job } = (await claimed.json()) as { job: Json };
    expect(job).toMatchObject({ run_id: keep, event: 'pull_request', secrets: null, mask_values: null });
    const checkout = Buffer.from(`x:${String(job['checkout_token'])}`).toString('base64');
    const fetchRefs = await fetch(url('/ada/scratch.git/info/refs?service=git-upload-pack'), {
      headers: { authorization: `Basic ${checkout}` },
    });
    expect(fetchRefs.status).toBe(200);
    const pushRefs = await fetch(url('/ada/scratch.git/info/refs?service=git-receive-pack'), {
      headers: { authorization: `Basic ${checkout}` },
    });
    expect(pushRefs.status).toBe(403);
  });

  it('recorded durable push events, approval requests and one check run per job', async () => {
    await server.close();
    const ctx = await openServerContext(config);
    try {
      const events = await ctx.deps.pushEvents.listPendingPushEvents(new Date(Date.now() + 60_000), 100);
      expect(events).toEqual([]);
      const first = await ctx.deps.pushEvents.getPushEvent(1);
      expect(first).toMatchObject({
        ref: 'refs/heads/trunk',
        after: pushedSha,
        status: 'processed',
        changedPaths: null,
      });
      // One check run per job, in step with its job (which later tests here may have claimed).
      const checks = await ctx.deps.checks.listCheckRuns(1, pushedSha);
      const [green] = await ctx.deps.runs.listJobs(1);
      if (!green) throw new Error('run 1 has no job');
      const { status, conclusion } = checkStateOf(green);
      expect(checks).toMatchObject([
        { externalId: 'workflow_run:1:job:green', name: 'green', status, conclusion },
      ]);
      const approvals = await ctx.db.db.select().from(workflowRunApprovals);
      expect(approvals).toHaveLength(2);
      expect(approvals[0]?.requestedReason).toBe(
        'Pull request workflow requires maintainer approval before runner dispatch.',
      );
    } finally {
      await ctx.db.close();
    }
  });

  it('replays a stored push event from the CLI without creating anything new', async () => {
    const replayed = jsonOf<{ ref: string; runs: { id: number; created: boolean }[] }>(
      await cli([
        'admin',
        'run-job',
        'workflow:trigger',
        '--repo',
        'ada/scratch',
        '--event-id',
        '1',
        '--output',
        'json',
      ]),
    );
    expect(replayed).toMatchObject({ ref: 'refs/heads/trunk', runs: [{ id: 1, created: false }] });
    const unknown = await cli([
      'admin',
      'run-job',
      'workflow:trigger',
      '--repo',
      'ada/scratch',
      '--event-id',
      '99',
    ]);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/push event 99 not found/);
  });
});
