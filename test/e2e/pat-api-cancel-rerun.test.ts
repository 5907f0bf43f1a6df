/**
 * The runbook's "Cancel smoke" and "Re-run smoke" over real HTTP against `startServer` on
 * the embedded PGlite. The rows around them (user, PAT, repo, runner, runs) are stored
 * through the domain before the server starts, then read again after it stops; the
 * runner's side of cancel (cancel-check, kill, terminal status) belongs to the runner API.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SystemClock } from '../../src/adapters/system/clock.js';
import { loadServerConfig, type ServerConfig } from '../../src/apps/shithubd/config.js';
import { type RunningServer, startServer } from '../../src/apps/shithubd/serve.js';
import { openServerContext } from '../../src/apps/shithubd/server-context.js';
import { createRepo } from '../../src/domain/forge/repository.js';
import { createUser } from '../../src/domain/forge/user.js';
import { enqueueRun } from '../../src/domain/jobs/enqueue-run.js';
import { updateJobStatus } from '../../src/domain/jobs/update-job-status.js';
import { registerRunner } from '../../src/domain/runners/register-runner.js';
import { createAccessToken } from '../../src/domain/tokens/personal-access-token.js';
import { plannedJob, plannedRun } from '../support/job-seed.js';
import { seedEmbeddedDatabase } from '../support/pglite-snapshot.js';

const SMOKE_YML = `name: Smoke
on:
  push:
    branches: [trunk]
jobs:
  green:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: Smoke
        run: printf 'shithub actions smoke passed\\n'
`;

/** Commits the runbook's smoke workflow onto `trunk` of the bare repository; returns the sha. */
function commitSmokeWorkflow(dataDir: string): string {
  const work = mkdtempSync(join(tmpdir(), 'shithub-pat-work-'));
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=ada', '-c', 'user.email=ada@example.test', ...args], {
      cwd: work,
      encoding: 'utf8',
    }).trim();
  try {
    git('init', '-q', '-b', 'trunk');
    mkdirSync(join(work, '.shithub/workflows'), { recursive: true });
    writeFileSync(join(work, '.shithub/workflows/smoke.yml'), SMOKE_YML);
    git('add', '.');
    git('commit', '-q', '-m', 'smoke workflow');
    git('push', '-q', join(dataDir, 'repos/ada/smoke.git'), 'trunk');
    return git('rev-parse', 'HEAD');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

interface Seeded {
  pat: string;
  runningJobId: number;
  queuedJobId: number;
  openRunId: number;
  finished: { id: number; runIndex: number; headSha: string; workflowFile: string; repoId: number };
}

/** Stores what the smokes start from: one run half claimed, one run finished. */
async function seed(config: ServerConfig): Promise<Seeded> {
  const ctx = await openServerContext(config);
  try {
    const deps = { ...ctx.deps, clock: new SystemClock() };
    await createUser(deps, { name: 'ada' });
    const { token: pat } = await createAccessToken(deps, { userName: 'ada', scopes: ['repo:write'] });
    const repo = await createRepo(deps, { ownerName: 'ada', name: 'smoke' });
    const { runner } = await registerRunner(deps, {
      name: 'runner-1',
      labels: ['ubuntu-latest'],
      capacity: 2,
    });
    const jobs = [
      plannedJob('green', { runsOn: ['ubuntu-latest'] }),
      plannedJob('blue', { runsOn: ['macos'] }),
    ];
    const open = await enqueueRun(deps, plannedRun(repo.id, { jobs }));
    const claimed = await deps.queue.claim({ runnerId: runner.id, now: deps.clock.now() });
    if (claimed.kind !== 'claimed') throw new Error(`expected a claim, got ${claimed.kind}`);
    const headSha = commitSmokeWorkflow(config.dataDir);
    const smoke = { workflowFile: '.shithub/workflows/smoke.yml', workflowName: 'Smoke', headSha };
    const done = await enqueueRun(deps, plannedRun(repo.id, { ...smoke, jobs: [plannedJob('green')] }));
    const doneClaim = await deps.queue.claim({ runnerId: runner.id, now: deps.clock.now() });
    if (doneClaim.kind !== 'claimed') throw new Error(`expected a claim, got ${doneClaim.kind}`);
    await updateJobStatus(deps, {
      jobId: doneClaim.job.id,
      runnerId: runner.id,
      status: 'completed',
      conclusion: 'success',
    });
    const finished = (await deps.runs.getRun(done.run.id))!;
    expect(finished.status).toBe('completed');
    return {
      pat,
      runningJobId: claimed.job.id,
      queuedJobId: open.jobs[1]!.id,
      openRunId: open.run.id,
      finished,
    };
  } finally {
    await ctx.db.close();
  }
}

describe('PAT cancel and rerun smokes against shithubd serve', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shithub-pat-'));
  const config = loadServerConfig({
    env: { SHITHUB_LOG__LEVEL: 'silent' },
    cwd: dir,
    dataDirFlag: dir,
    listenFlag: '127.0.0.1:0',
  });
  let server: RunningServer | undefined;
  let s: Seeded;

  beforeAll(async () => {
    await seedEmbeddedDatabase(dir);
    s = await seed(config);
    server = await startServer(config);
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const post = (path: string) =>
    fetch(`${server!.url}${path}`, { method: 'POST', headers: { Authorization: `Bearer ${s.pat}` } });
  const getJson = async (path: string) => {
    const res = await fetch(`${server!.url}${path}`, { headers: { Authorization: `Bearer ${s.pat}` } });
    expect(res.status).toBe(200);
    return (await res.json()) as {
      jobs: { id: number; job_status: string; conclusion: string | null; cancel_requested: boolean }[];
    };
  };
  const jobsOf = async (runId: number) =>
    (await getJson(`/api/v1/repos/ada/smoke/actions/runs/${runId}/jobs`)).jobs;

  it('cancels a queued job at once', async () => {
    const res = await post(`/api/v1/jobs/${s.queuedJobId}/cancel`);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({
      job_id: s.queuedJobId,
      run_id: s.openRunId,
      repo_id: s.finished.repoId,
      changed_jobs: 1,
      run_completed: false,
      run_conclusion: null,
    });
    const job = (await jobsOf(s.openRunId)).find((j) => j.id === s.queuedJobId);
    expect(job).toMatchObject({ job_status: 'cancelled', conclusion: 'cancelled' });
  });

  it('asks the runner to cancel a running job: it stays running with cancel_requested', async () => {
    const res = await post(`/api/v1/jobs/${s.runningJobId}/cancel`);
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ job_id: s.runningJobId, changed_jobs: 1, run_completed: false });
    const job = (await jobsOf(s.openRunId)).find((j) => j.id === s.runningJobId);
    expect(job).toMatchObject({ job_status: 'running', conclusion: null, cancel_requested: true });
  });

  it('reruns a finished run: new run_id, next run_index, the source as parent, the same head_sha', async () => {
    const res = await post(`/api/v1/runs/${s.finished.id}/rerun`);
    expect(res.status).toBe(201);
    const body = (await res.json()) as { run_id: number };
    expect(body).toEqual({
      run_id: body.run_id,
      run_index: s.finished.runIndex + 1,
      parent_run_id: s.finished.id,
      repo_id: s.finished.repoId,
      workflow_file: s.finished.workflowFile,
      head_sha: s.finished.headSha,
    });
    expect(body.run_id).not.toBe(s.finished.id);
    const run = await fetch(`${server!.url}/api/v1/repos/ada/smoke/actions/runs/${body.run_id}`, {
      headers: { Authorization: `Bearer ${s.pat}` },
    });
    expect(await run.json()).toMatchObject({
      status: 'queued',
      head_sha: s.finished.headSha,
      parent_run_id: s.finished.id,
    });
    // The rerun's jobs come from the workflow file read again at that commit, not the stored copy.
    const jobs = (await getJson(`/api/v1/repos/ada/smoke/actions/runs/${body.run_id}/jobs`))
      .jobs as unknown as {
      name: string;
      steps: { name: string }[];
    }[];
    expect(jobs.map((j) => [j.name, j.steps.length, j.steps[1]?.name])).toEqual([['green', 2, 'Smoke']]);
  });

  it('refuses to rerun a run that is still running', async () => {
    const res = await post(`/api/v1/runs/${s.openRunId}/rerun`);
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ error: 'run is not rerunnable', code: 'run.not_rerunnable' });
  });

  it('leaves cancel_requested stored on the running job after the server stops', async () => {
    await server!.close();
    server = undefined;
    const ctx = await openServerContext(config);
    try {
      expect(await ctx.deps.runs.getJob(s.runningJobId)).toMatchObject({
        status: 'running',
        cancelRequested: true,
      });
      expect(await ctx.deps.runs.getJob(s.queuedJobId)).toMatchObject({
        status: 'cancelled',
        conclusion: 'cancelled',
      });
    } finally {
      await ctx.db.close();
    }
  });
});
