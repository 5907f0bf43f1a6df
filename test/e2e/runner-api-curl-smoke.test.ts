/**
 * The runbook's "Curl token smoke", step for step, over real HTTP against `startServer` on
 * the embedded PGlite with a configured root key: register with the CLI, claim, append a
 * log chunk, complete, and see the spent token refused.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runnerJwtUsed, workflowJobs, workflowStepLogChunks } from '../../src/adapters/postgres/schema.js';
import { loadServerConfig, type ServerConfig } from '../../src/apps/shithubd/config.js';
import { type RunningServer, startServer } from '../../src/apps/shithubd/serve.js';
import { openServerContext } from '../../src/apps/shithubd/server-context.js';
import { createRepo } from '../../src/domain/forge/repository.js';
import { createUser } from '../../src/domain/forge/user.js';
import { enqueueRun } from '../../src/domain/jobs/enqueue-run.js';
import { plannedRun } from '../adapters/http/runner-api/runner-api-world.js';

const BIN = resolve(import.meta.dirname, '../../bin/shithubd.js');
const run = promisify(execFile);

const ROOT_KEY_B64 = Buffer.alloc(32, 9).toString('base64');

/** Stores a user, a repository and one queued run before the server starts. */
async function seedQueuedRun(config: ServerConfig): Promise<{ runId: number }> {
  const ctx = await openServerContext(config);
  try {
    await createUser(ctx.deps, { name: 'ada' });
    const repo = await createRepo(ctx.deps, { ownerName: 'ada', name: 'smoke' });
    const { run } = await enqueueRun(ctx.deps, plannedRun(repo.id));
    return { runId: run.id };
  } finally {
    await ctx.db.close();
  }
}

/** The `jti` claim of a JWT (its payload is not secret, only its signature matters). */
function jtiOf(token: string): string {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')).jti;
}

describe('Curl token smoke against shithubd serve', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shithub-curl-'));
  const env = { SHITHUB_LOG__LEVEL: 'silent', SHITHUB_TOTP_KEY: ROOT_KEY_B64 };
  const config = loadServerConfig({ env, cwd: dir, dataDirFlag: dir, listenFlag: '127.0.0.1:0' });
  /** The `shithubd` CLI as its own process: it reaches the serving process over the admin socket. */
  const cli = async (args: string[]) => {
    const { stdout } = await run(process.execPath, [BIN, ...args, '--data-dir', dir], {
      env: { ...process.env, ...env },
    });
    return JSON.parse(stdout) as { id: number; token: string };
  };
  let server: RunningServer | undefined;
  let runId: number;
  let BASE = '';

  beforeAll(async () => {
    ({ runId } = await seedQueuedRun(config));
    server = await startServer(config);
    BASE = server.url;
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('claims, logs, completes, and refuses the spent token', async () => {
    const registered = await cli(['admin', 'runner', 'register', '--name', 'curl-smoke', '--output', 'json']);
    const RUNNER_TOKEN = registered.token;

    // Claim a job.
    const claimRes = await fetch(`${BASE}/api/v1/runners/heartbeat`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${RUNNER_TOKEN}`, 'Content-Type': 'application/json' },
      body: '{"labels":["self-hosted","linux","ubuntu-latest","x64"],"capacity":1,"host_name":"curl-smoke","version":"manual"}',
    });
    expect(claimRes.status).toBe(200);
    const claim = (await claimRes.json()) as { token: string; job: { id: number } };
    const JOB_ID = claim.job.id;
    let JOB_TOKEN = claim.token;
    expect(JOB_ID).toEqual(expect.any(Number));
    expect(JOB_TOKEN).toMatch(/^ey/);

    // Append a log chunk: `printf 'hello from curl\n' | base64`.
    const chunk = Buffer.from('hello from curl\n').toString('base64');
    expect(chunk).toBe('aGVsbG8gZnJvbSBjdXJsCg==');
    const logRes = await fetch(`${BASE}/api/v1/jobs/${JOB_ID}/logs`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${JOB_TOKEN}`, 'Content-Type': 'application/json' },
      body: `{"seq":0,"chunk":"${chunk}"}`,
    });
    expect(logRes.status).toBe(202);
    const log = (await logRes.json()) as { accepted: boolean; next_token: string };
    expect(log).toMatchObject({ accepted: true, next_token: expect.stringMatching(/^ey/) });
    JOB_TOKEN = log.next_token;

    // Complete the job.
    const doneRes = await fetch(`${BASE}/api/v1/jobs/${JOB_ID}/status`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${JOB_TOKEN}`, 'Content-Type': 'application/json' },
      body: '{"status":"completed","conclusion":"success"}',
    });
    expect(doneRes.status).toBe(200);
    expect(await doneRes.json()).toEqual({
      status: 'completed',
      conclusion: 'success',
      run_status: 'completed',
      run_conclusion: 'success',
    });

    // Reusing the log call's token: its jti is in runner_jwt_used.
    const replayRes = await fetch(`${BASE}/api/v1/jobs/${JOB_ID}/status`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${JOB_TOKEN}`, 'Content-Type': 'application/json' },
      body: '{"status":"running"}',
    });
    expect(replayRes.status).toBe(401);
    expect(await replayRes.json()).toEqual({ error: 'job token replayed', code: 'job.token_replayed' });

    await server?.close();
    server = undefined;
    const ctx = await openServerContext(config);
    try {
      expect(await ctx.deps.runs.getRun(runId)).toMatchObject({ status: 'completed', conclusion: 'success' });
      const db = ctx.db.db;
      const used = await db
        .select()
        .from(runnerJwtUsed)
        .where(eq(runnerJwtUsed.jti, jtiOf(JOB_TOKEN)));
      expect(used).toHaveLength(1);
      const [job] = await db.select().from(workflowJobs).where(eq(workflowJobs.id, JOB_ID));
      const chunks = await db.select().from(workflowStepLogChunks).where(eq(workflowStepLogChunks.seq, 0));
      expect(job?.runnerId).toBe(registered.id);
      expect(chunks.map((c) => Buffer.from(c.chunk).toString('utf8'))).toEqual(['hello from curl\n']);
    } finally {
      await ctx.db.close();
    }
  }, 60_000);
});
