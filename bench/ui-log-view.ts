/**
 * Large runs stay fast (issue #9, SPEC §17): `shithubd serve` on the embedded database
 * (PGlite), a run of `--jobs` jobs (50) whose first job has a step log of `--lines` lines
 * (200,000, about 5 MiB, with colours and folded groups). Server side: the time to the first
 * byte of the run page and of the job page, with the big log still in SQL chunks (hot) and
 * after finalisation moved it to the filesystem object store (archived) — target < 100 ms.
 * Browser side (Debian's Chromium, `SHITHUB_TEST_BROWSER` or /usr/bin/chromium): the job
 * page opens, its log viewport scrolls to the end and the log is searched, while a
 * PerformanceObserver records the main thread's long tasks — target: none over 200 ms.
 *
 *   npx tsx bench/ui-log-view.ts [--jobs 50] [--lines 200000] [--samples 20]
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { inArray, sql } from 'drizzle-orm';
import * as schema from '../src/adapters/postgres/schema.js';
import { loadServerConfig, type ServerConfig } from '../src/apps/shithubd/config.js';
import { startServer } from '../src/apps/shithubd/serve.js';
import { openServerContext, type ServerContext } from '../src/apps/shithubd/server-context.js';
import { createRepo } from '../src/domain/forge/repository.js';
import { createUser } from '../src/domain/forge/user.js';
import { finaliseDueLogs } from '../src/domain/logs/finalise-due-logs.js';
import { plannedJob, plannedRun, plannedStep } from '../test/support/job-seed.js';
import { measureLogViewInBrowser } from './lib/log-view-browser.js';
import { percentile, report, summarise } from './lib/stats.js';
import { BENCH_KEY } from './lib/world.js';

const { values: args } = parseArgs({
  options: {
    jobs: { type: 'string', default: '50' },
    lines: { type: 'string', default: '200000' },
    samples: { type: 'string', default: '20' },
  },
});
const JOBS = Number(args.jobs);
const LINES = Number(args.lines);
const SAMPLES = Number(args.samples);
const CHUNK_BYTES = 64 * 1024;
export const NEEDLE = 'needle-in-the-log';

/** The big log: numbered lines, a coloured one every 50, a folded group every 1,000, one needle near the end. */
function bigLog(lines: number): Buffer {
  const out: string[] = [];
  for (let n = 1; n <= lines; n++) {
    if (n % 1000 === 1 && n + 12 < lines) out.push(`::group::Section ${Math.ceil(n / 1000)}`);
    else if (n % 1000 === 12) out.push('::endgroup::');
    else if (n === lines - 100) out.push(`the ${NEEDLE} is here`);
    else if (n % 50 === 0) out.push(`\u001b[32mPASS\u001b[0m test ${n}`);
    else out.push(`line ${String(n).padStart(6, '0')}: build step ok`);
  }
  return Buffer.from(`${out.join('\n')}\n`);
}

async function storeLog(ctx: ServerContext, stepId: number, log: Buffer): Promise<void> {
  const rows = [];
  for (let seq = 0, at = 0; at < log.length; seq++, at += CHUNK_BYTES) {
    rows.push({ stepId, seq, chunk: log.subarray(at, at + CHUNK_BYTES), createdAt: new Date() });
  }
  for (let i = 0; i < rows.length; i += 16) {
    await ctx.db.db.insert(schema.workflowStepLogChunks).values(rows.slice(i, i + 16));
  }
}

/** A completed run of `JOBS` jobs (three steps each); the first job's second step gets the big log. */
async function seedRun(ctx: ServerContext, repoId: number, log: Buffer, archive: boolean): Promise<number> {
  const jobs = Array.from({ length: JOBS }, (_, i) =>
    plannedJob(`build-${i + 1}`, { steps: ['Set up', 'Build', 'Report'].map((name) => plannedStep(name)) }),
  );
  const { run, jobs: stored } = await ctx.deps.runs.enqueueRun(plannedRun(repoId, { jobs }), new Date());
  const steps = await ctx.deps.runs.listSteps(stored.map((j) => j.id));
  const at = new Date();
  const ended = { status: 'completed', conclusion: 'success', startedAt: at, completedAt: at } as const;
  await ctx.db.db.update(schema.workflowRuns).set(ended).where(sql`${schema.workflowRuns.id} = ${run.id}`);
  await ctx.db.db
    .update(schema.workflowJobs)
    .set(ended)
    .where(inArray(schema.workflowJobs.runId, [run.id]));
  await ctx.db.db
    .update(schema.workflowSteps)
    .set(ended)
    .where(
      inArray(
        schema.workflowSteps.id,
        steps.map((s) => s.id),
      ),
    );
  for (const step of steps) {
    const big = step.jobId === stored[0]!.id && step.stepIndex === 1;
    await storeLog(ctx, step.id, big ? log : Buffer.from(`${step.stepName} of job ${step.jobId}\nok\n`));
  }
  if (archive) {
    await ctx.deps.stepLogs.queueFinalisation(
      steps.map((s) => s.id),
      new Date(),
    );
    while ((await finaliseDueLogs(ctx.deps, { limit: 50 })).finalised > 0);
  }
  return stored[0]!.id;
}

/** Milliseconds from sending a GET to its first byte (the status line). */
function firstByte(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = request(url, { headers: { accept: 'text/html' } }, (res) => {
      const ms = performance.now() - t0;
      if (res.statusCode !== 200) reject(new Error(`${url}: ${res.statusCode}`));
      res.resume();
      res.on('end', () => resolve(ms));
    });
    req.on('error', reject);
    req.end();
  });
}

async function timePage(name: string, url: string, target: boolean): Promise<void> {
  for (let i = 0; i < 3; i++) await firstByte(url);
  const samples: number[] = [];
  for (let i = 0; i < SAMPLES; i++) samples.push(await firstByte(url));
  console.log(summarise(name, samples));
  if (target) report(name, percentile(samples, 50), 'ms', { op: '<', value: 100 });
}

const dir = mkdtempSync(join(tmpdir(), 'shithub-bench-ui-'));
const config: ServerConfig = loadServerConfig({
  env: { SHITHUB_TOTP_KEY: BENCH_KEY, SHITHUB_LOG__LEVEL: 'warn' },
  cwd: dir,
  dataDirFlag: dir,
  listenFlag: '127.0.0.1:0',
});
try {
  const ctx = await openServerContext(config);
  const log = bigLog(LINES);
  let hotJob = 0;
  let coldJob = 0;
  try {
    await createUser(ctx.deps, { name: 'ada' });
    const repo = await createRepo(ctx.deps, { ownerName: 'ada', name: 'big' });
    hotJob = await seedRun(ctx, repo.id, log, false);
    coldJob = await seedRun(ctx, repo.id, log, true);
  } finally {
    await ctx.db.close();
  }
  console.log(
    `seeded: ${JOBS} jobs per run, a ${(log.length / 1048576).toFixed(2)} MiB step log of ${LINES} lines`,
  );
  const server = await startServer(config);
  try {
    const base = `${server.url}/ada/big/actions/runs`;
    await timePage('ui_run_page_first_byte', `${base}/1`, true);
    await timePage('ui_job_page_first_byte_hot', `${base}/1/jobs/${hotJob}`, true);
    await timePage('ui_job_page_first_byte_archived', `${base}/2/jobs/${coldJob}`, true);
    await timePage(
      'ui_log_lines_page_archived',
      `${base}/2/jobs/${coldJob}/steps/2/lines?from=100001&count=500`,
      false,
    );
    await timePage('ui_log_search_archived', `${base}/2/jobs/${coldJob}/search?q=${NEEDLE}`, false);
    const browser = process.env.SHITHUB_TEST_BROWSER || '/usr/bin/chromium';
    if (!existsSync(browser)) console.log(`browser figures skipped: no Chromium at ${browser}`);
    else {
      const figures = await measureLogViewInBrowser(browser, `${base}/2/jobs/${coldJob}`, {
        lines: LINES,
        needle: NEEDLE,
      });
      for (const [phase, ms] of Object.entries(figures.phases))
        console.log(`${phase}: ${ms.toFixed(0)} ms wall`);
      console.log(
        `long tasks: ${figures.longTasks.map((t) => `${t.name} ${t.duration.toFixed(0)} ms`).join(', ') || 'none'}`,
      );
      const longest = Math.max(0, ...figures.longTasks.map((t) => t.duration));
      report('ui_log_view_longest_task', longest, 'ms', { op: '<', value: 200 });
    }
  } finally {
    await server.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
