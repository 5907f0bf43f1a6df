/**
 * Scale-out (SPEC §7.1): two `startServer` replicas on one PostgreSQL. A runner
 * long-polling on replica B is woken by what happens through replica A — a finished job
 * unblocking `needs`, or an enqueue published on A's bus — and no job is claimed twice.
 * An idle runner answered from each replica's token cache is refused at once on both when
 * it is revoked or its token rotated by another process (the runner store NOTIFYs).
 * During a rolling restart of A, a runner keeps working against B (issue #12 fix 3), and
 * the heartbeat rate and the repo cap hold for both replicas together (issue #12 fix 6).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PgWakeBus } from '../../src/adapters/postgres/wake-bus.js';
import { loadServerConfig, type ServerConfig } from '../../src/apps/shithubd/config.js';
import { type RunningServer, startServer } from '../../src/apps/shithubd/serve.js';
import { openServerContext, type ServerContext } from '../../src/apps/shithubd/server-context.js';
import { createRepo } from '../../src/domain/forge/repository.js';
import { createUser } from '../../src/domain/forge/user.js';
import { enqueueRun } from '../../src/domain/jobs/enqueue-run.js';
import { notifyJobsEnqueued } from '../../src/domain/runner-api/wake-runners.js';
import { registerRunner } from '../../src/domain/runners/register-runner.js';
import { revokeRunner } from '../../src/domain/runners/revoke-runner.js';
import { rotateRegistrationToken } from '../../src/domain/runners/rotate-registration-token.js';
import { plannedJob, plannedRun } from '../adapters/http/runner-api/runner-api-world.js';
import { describePostgres, POSTGRES_SKIP_NOTE, TEST_DATABASE_URL } from '../support/databases.js';

const KEY = Buffer.alloc(32, 5).toString('base64');

describePostgres(`two replicas on one PostgreSQL${POSTGRES_SKIP_NOTE}`, () => {
  const name = `shithub_replicas_${process.pid}_${Date.now().toString(36)}`;
  const dirs: string[] = [];
  let admin: postgres.Sql;
  let url = '';
  let a: RunningServer;
  let b: RunningServer;
  let configA: ServerConfig;
  let ctx: ServerContext;
  let repoId = 0;

  const configFor = (): ServerConfig => {
    const dir = mkdtempSync(join(tmpdir(), 'shithub-replica-'));
    dirs.push(dir);
    const env = { SHITHUB_LOG__LEVEL: 'silent', SHITHUB_TOTP_KEY: KEY, SHITHUB_DATABASE_URL: url };
    return loadServerConfig({ env, cwd: dir, dataDirFlag: dir, listenFlag: '127.0.0.1:0' });
  };

  beforeAll(async () => {
    admin = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
    await admin.unsafe(`CREATE DATABASE "${name}"`);
    const u = new URL(TEST_DATABASE_URL);
    u.pathname = `/${name}`;
    url = u.toString();
    configA = configFor();
    a = await startServer(configA);
    b = await startServer(configFor());
    ctx = await openServerContext(configFor());
    await createUser(ctx.deps, { name: 'ada' });
    repoId = (await createRepo(ctx.deps, { ownerName: 'ada', name: 'app' })).id;
  }, 120_000);

  afterAll(async () => {
    await Promise.all([a?.close(), b?.close(), ctx?.db.close()]);
    await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end({ timeout: 5 });
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  const runner = async (runnerName: string) =>
    (await registerRunner(ctx.deps, { name: runnerName, labels: ['ubuntu-latest'], capacity: 1 })).token;
  const heartbeat = (server: RunningServer, token: string, body: object) =>
    fetch(`${server.url}/api/v1/runners/heartbeat`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const timed = async (promise: Promise<Response>) => {
    const start = performance.now();
    const res = await promise;
    return { res, ms: performance.now() - start };
  };

  it('wakes a runner waiting on B when a job finished through A unblocks the next one', async () => {
    const first = await runner('on-a');
    const second = await runner('on-b');
    const jobs = [plannedJob('build'), plannedJob('deploy', { needsJobs: ['build'] })];
    await enqueueRun(ctx.deps, plannedRun(repoId, { jobs }));
    const claimA = await heartbeat(a, first, {});
    expect(claimA.status).toBe(200);
    const build = (await claimA.json()) as { token: string; job: { id: number } };
    const waiting = timed(heartbeat(b, second, { wait_seconds: 20 }));
    await new Promise((r) => setTimeout(r, 300));
    const done = await fetch(`${a.url}/api/v1/jobs/${build.job.id}/status`, {
      method: 'POST',
      headers: { authorization: `Bearer ${build.token}`, 'content-type': 'application/json' },
      body: '{"status":"completed","conclusion":"success"}',
    });
    expect(done.status).toBe(200);
    const { res, ms } = await waiting;
    expect(res.status).toBe(200);
    expect(((await res.json()) as { job: { job_key: string } }).job.job_key).toBe('deploy');
    // Woken, not timed out: well inside the 20 s wait even on a loaded CI host.
    expect(ms).toBeLessThan(8000);
  }, 30_000);

  /** Polls `call` until it answers `wanted` or `ms` pass; returns the last status. */
  async function statusWithin(ms: number, call: () => Promise<{ status: number }>, wanted: number) {
    const deadline = Date.now() + ms;
    for (;;) {
      const { status } = await call();
      if (status === wanted || Date.now() > deadline) return status;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Resolves once `bus` has seen the change: PostgreSQL sent it to every listener then. */
  const seen = (bus: PgWakeBus, runnerId: number) =>
    new Promise<void>((resolve) => {
      const stop = bus.subscribe((e) => {
        if (e.kind === 'runner' && e.runnerId === runnerId) {
          stop();
          resolve();
        }
      });
    });

  it.each([
    ['revoked', (id: number) => revokeRunner(ctx.deps, { id })],
    ['rotated', (id: number) => rotateRegistrationToken(ctx.deps, { id })],
  ] as const)(
    'refuses a %s token at once on both replicas, though both answered it from cache',
    async (_change, change) => {
      const issued = await registerRunner(ctx.deps, {
        name: `idle-${_change}`,
        labels: ['idle-only'],
        capacity: 1,
      });
      const token = issued.token;
      for (const server of [a, b, a, b]) expect((await heartbeat(server, token, {})).status).toBe(204);
      const observer = await PgWakeBus.open(url);
      try {
        const noticed = seen(observer, issued.runner.id);
        // `ctx` has no wake bus, like an admin command run directly on the database.
        await change(issued.runner.id);
        await noticed;
        // Each replica hears the NOTIFY on its own connection, a moment apart from `observer`:
        // "at once" is within that delivery, bounded here at 2 s.
        for (const server of [a, b])
          expect(await statusWithin(2000, () => heartbeat(server, token, {}), 401)).toBe(401);
      } finally {
        await observer.close();
      }
    },
    30_000,
  );

  it('wakes runners on both replicas for an enqueue published on another, claiming each job once', async () => {
    const tokens = await Promise.all(['w1', 'w2', 'w3', 'w4'].map((n) => runner(n)));
    const waiting = tokens.map((t, i) => timed(heartbeat(i % 2 ? b : a, t, { wait_seconds: 10 })));
    await new Promise((r) => setTimeout(r, 300));
    const bus = await PgWakeBus.open(url);
    try {
      const { jobs } = await enqueueRun(
        ctx.deps,
        plannedRun(repoId, { jobs: [plannedJob('x'), plannedJob('y')] }),
      );
      await notifyJobsEnqueued({ wake: bus }, jobs);
      const answers = await Promise.all(waiting);
      const claimed = [];
      for (const { res, ms } of answers) {
        if (res.status === 200) {
          claimed.push(((await res.json()) as { job: { id: number } }).job.id);
          // Woken, not timed out: well inside the 10 s wait even on a loaded CI host.
          expect(ms).toBeLessThan(6000);
        } else expect(res.status).toBe(204);
      }
      expect(claimed.sort()).toEqual(jobs.map((j) => j.id).sort());
    } finally {
      await bus.close();
    }
  }, 30_000);

  it('holds a runner to its heartbeat rate across both replicas together', async () => {
    const token = await runner('spraying');
    const statuses: number[] = [];
    const start = performance.now();
    let tenthLast = start;
    for (let i = 0; i < 80; i++) {
      if (i === 70) tenthLast = performance.now();
      statuses.push((await heartbeat(i % 2 === 0 ? a : b, token, {})).status);
    }
    // The bucket refills one token a second (60 a minute, the default): the test's own
    // seconds, many on a loaded host, may each add one answer, and never more.
    const seconds = (from: number) => Math.ceil((performance.now() - from) / 1000);
    const answered = statuses.filter((s) => s !== 429).length;
    expect(answered).toBeGreaterThanOrEqual(60);
    expect(answered).toBeLessThanOrEqual(60 + seconds(start) + 1);
    const lastTenAnswered = statuses.slice(-10).filter((s) => s !== 429).length;
    expect(lastTenAnswered).toBeLessThanOrEqual(seconds(tenthLast) + 1);
    expect(statuses.slice(-10)).toContain(429);
  }, 30_000);

  it('holds the repo cap when runners on both replicas claim at once', async () => {
    const repo = await createRepo(ctx.deps, { ownerName: 'ada', name: 'capped' });
    await ctx.deps.policies.updateRepoPolicy(repo.id, { maxRepoConcurrentJobs: 1 }, new Date());
    for (let i = 0; i < 8; i++)
      await enqueueRun(ctx.deps, plannedRun(repo.id, { jobs: [plannedJob(`j${i}`)] }));
    const tokens = await Promise.all(Array.from({ length: 8 }, (_, i) => runner(`capped-${i}`)));
    const answers = await Promise.all(tokens.map((t, i) => heartbeat(i % 2 === 0 ? a : b, t, {})));
    expect(answers.filter((r) => r.status === 200)).toHaveLength(1);
  }, 30_000);

  it('keeps a runner working against B while A restarts', async () => {
    const token = await runner('rolling');
    const parked = await runner('parked-on-a');
    const jobs = [plannedJob('one'), plannedJob('two', { needsJobs: ['one'] })];
    await enqueueRun(ctx.deps, plannedRun(repoId, { jobs }));
    const claim = await heartbeat(a, token, {});
    expect(claim.status).toBe(200);
    const one = (await claim.json()) as { token: string; job: { id: number } };
    const waitingOnA = heartbeat(a, parked, { wait_seconds: 30 });
    await new Promise((r) => setTimeout(r, 200));
    const stopping = a.close();
    expect((await waitingOnA).status).toBe(204);
    const done = await fetch(`${b.url}/api/v1/jobs/${one.job.id}/status`, {
      method: 'POST',
      headers: { authorization: `Bearer ${one.token}`, 'content-type': 'application/json' },
      body: '{"status":"completed","conclusion":"success"}',
    });
    expect(done.status).toBe(200);
    const next = await heartbeat(b, token, { wait_seconds: 5 });
    expect(next.status).toBe(200);
    expect(((await next.json()) as { job: { job_key: string } }).job.job_key).toBe('two');
    await stopping;
    a = await startServer(configA);
    expect((await heartbeat(a, parked, {})).status).toBe(204);
  }, 60_000);
});
