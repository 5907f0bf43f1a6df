/**
 * What every fault scenario checks afterwards (issue #12 Build 1), from the database, the
 * stored logs (SQL chunks and finalised objects, read with `readStepLog` as the download
 * does) and what the runners saw on the wire:
 *  - jobs, and the ones not terminal (stuck) when the scenario's patience ran out;
 *  - double claims: one job handed to runners (a 200 claim on the wire) more than once;
 *  - lost acknowledged chunks: a chunk answered 202 that is not stored exactly once, in
 *    seq order, byte for byte, in its step's log;
 *  - duplicated lines: a numbered line (`lineOf`) found more than once in a step's log;
 *  - orphans: processes left running in a runner workspace.
 */
import { readdirSync, readlinkSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import type { ServerContext } from '../../../src/apps/shithubd/server-context.js';
import { readStepLog } from '../../../src/domain/logs/read-step-log.js';
import { percentile } from '../../lib/stats.js';
import { query } from './fault-world.js';

/** A log chunk the server answered 202. */
export interface AckedChunk {
  jobId: number;
  stepId: number;
  seq: number;
  /** Base64, as sent. */
  chunk: string;
}

/** A 200 claim a runner received (or was sent it on the wire). */
export interface SeenClaim {
  jobId: number;
  runner: string;
}

export interface FaultFigures {
  jobs: number;
  terminal: number;
  stuck: number;
  doubleClaims: number;
  ackedChunks: number;
  lostAckedChunks: number;
  duplicatedLines: number;
  orphans: number;
  /** Exits of `shithubd serve` nobody asked for (the bench restarts it, as systemd would). */
  serverCrashes: number;
  /** Milliseconds; NaN when the scenario had nothing to recover from. */
  recoveryP99Ms: number;
  /** Steps whose log was read from the object store (finalised) / from SQL only. */
  archivedSteps: number;
  sqlSteps: number;
}

/** Waits until every job in `jobIds` is terminal or `deadline` (epoch ms); returns those that are not. */
export async function waitTerminal(
  ctx: ServerContext,
  jobIds: number[],
  deadline: number,
): Promise<number[]> {
  for (;;) {
    const open = await openJobs(ctx, jobIds);
    if (open.length === 0 || Date.now() > deadline) return open;
    await new Promise((r) => setTimeout(r, 500));
  }
}

export async function openJobs(ctx: ServerContext, jobIds: number[]): Promise<number[]> {
  if (jobIds.length === 0) return [];
  const rows = await query<{ id: string }>(
    ctx,
    sql`SELECT id::text FROM workflow_jobs WHERE id IN (${sql.join(
      jobIds.map((id) => sql`${id}`),
      sql`, `,
    )}) AND status NOT IN ('completed', 'cancelled', 'skipped')`,
  );
  return rows.map((r) => Number(r.id));
}

/** Waits (up to `timeoutMs`) until the log finalisation outbox is empty; returns what is left. */
export async function waitFinalised(ctx: ServerContext, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await query<{ n: string }>(
      ctx,
      sql`SELECT count(*)::text AS n FROM workflow_step_log_outbox`,
    );
    const left = Number(row?.n ?? 0);
    if (left === 0 || Date.now() > deadline) return left;
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Claims of one job seen more than once (by any runners). */
export function countDoubleClaims(claims: readonly SeenClaim[]): number {
  const seen = new Map<number, number>();
  for (const c of claims) seen.set(c.jobId, (seen.get(c.jobId) ?? 0) + 1);
  return [...seen.values()].filter((n) => n > 1).length;
}

/** Checks every acknowledged chunk against its step's stored log, and every log for duplicated lines. */
export async function checkLogs(
  ctx: ServerContext,
  jobIds: number[],
  acked: readonly AckedChunk[],
): Promise<{
  lost: number;
  duplicatedLines: number;
  archived: number;
  sqlOnly: number;
  lostDetail: string[];
}> {
  const bySteps = new Map<number, Map<number, string>>();
  const detail: string[] = [];
  let lost = 0;
  for (const a of acked) {
    const chunks = bySteps.get(a.stepId) ?? new Map<number, string>();
    const before = chunks.get(a.seq);
    // A resend of a chunk must carry the same bytes: the spool keeps them.
    if (before !== undefined && before !== a.chunk) {
      lost++;
      detail.push(`step ${a.stepId} seq ${a.seq}: acknowledged twice with different bytes`);
    }
    chunks.set(a.seq, a.chunk);
    bySteps.set(a.stepId, chunks);
  }
  const steps = await stepsOf(ctx, jobIds);
  let duplicatedLines = 0;
  let archived = 0;
  let sqlOnly = 0;
  for (const stepId of steps) {
    const log = await readStepLog(ctx.deps, stepId);
    if (log.archived) archived++;
    else sqlOnly++;
    const text = Buffer.from(log.bytes);
    let at = 0;
    for (const [seq, chunk] of [...(bySteps.get(stepId) ?? new Map<number, string>())].sort(
      (x, y) => x[0] - y[0],
    )) {
      const bytes = Buffer.from(chunk, 'base64');
      const found = text.indexOf(bytes, at);
      if (found < 0) {
        lost++;
        detail.push(`step ${stepId} seq ${seq}: acknowledged, not in the stored log after byte ${at}`);
        continue;
      }
      if (text.indexOf(bytes, found + 1) >= 0) {
        lost++;
        detail.push(`step ${stepId} seq ${seq}: stored more than once`);
      }
      at = found + bytes.length;
    }
    const counts = new Map<string, number>();
    for (const line of text.toString('utf8').split('\n')) {
      if (line.startsWith('fb run=')) counts.set(line, (counts.get(line) ?? 0) + 1);
    }
    for (const n of counts.values()) if (n > 1) duplicatedLines += n - 1;
  }
  bySteps.clear();
  return { lost, duplicatedLines, archived, sqlOnly, lostDetail: detail };
}

async function stepsOf(ctx: ServerContext, jobIds: number[]): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < jobIds.length; i += 500) {
    const part = jobIds.slice(i, i + 500);
    const rows = await query<{ id: string }>(
      ctx,
      sql`SELECT id::text FROM workflow_steps WHERE job_id IN (${sql.join(
        part.map((id) => sql`${id}`),
        sql`, `,
      )}) ORDER BY id`,
    );
    out.push(...rows.map((r) => Number(r.id)));
  }
  return out;
}

/**
 * Proves the log check can see a loss before its zero is trusted: one job's acknowledged
 * chunks plus a forged one the server never stored must come out as exactly one more lost
 * chunk than without it.
 */
export async function checkSeesLoss(ctx: ServerContext, acked: readonly AckedChunk[]): Promise<boolean> {
  const first = acked[0];
  if (!first) return true;
  const mine = acked.filter((a) => a.jobId === first.jobId);
  const forged = {
    ...first,
    seq: first.seq + 100_000,
    chunk: Buffer.from('fb forged, never sent\n').toString('base64'),
  };
  const before = await checkLogs(ctx, [first.jobId], mine);
  const after = await checkLogs(ctx, [first.jobId], [...mine, forged]);
  return after.lost === before.lost + 1;
}

/** Jobs by status/conclusion, for the report. */
export async function jobOutcomes(ctx: ServerContext, jobIds: number[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (let i = 0; i < jobIds.length; i += 500) {
    const part = jobIds.slice(i, i + 500);
    const rows = await query<{ k: string; n: string }>(
      ctx,
      sql`SELECT status || '/' || COALESCE(conclusion, '-') || COALESCE(' (' || status_reason || ')', '') AS k,
            count(*)::text AS n
          FROM workflow_jobs WHERE id IN (${sql.join(
            part.map((id) => sql`${id}`),
            sql`, `,
          )}) GROUP BY 1`,
    );
    for (const r of rows) out[r.k] = (out[r.k] ?? 0) + Number(r.n);
  }
  return out;
}

/** Processes whose working directory is under `root` (a step or a git left behind); `kill` ends them. */
export function processesUnder(root: string, kill = false): { pid: number; cmd: string }[] {
  const found: { pid: number; cmd: string }[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cwd = readlinkSync(`/proc/${name}/cwd`);
      if (cwd !== root && !cwd.startsWith(`${root}/`)) continue;
      const cmd = readlinkSync(`/proc/${name}/exe`);
      found.push({ pid: Number(name), cmd });
      if (kill) process.kill(Number(name), 'SIGKILL');
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}

/** Prints the figures one a line and as BENCH lines; "must be 0" figures get PASS/MISS. */
export function printFigures(scenario: string, f: FaultFigures, load: string, seesLoss = true): boolean {
  const zero: [string, number][] = [
    ['double_claims', f.doubleClaims],
    ['lost_acked_chunks', f.lostAckedChunks],
    ['duplicated_lines', f.duplicatedLines],
    ['stuck_jobs', f.stuck],
    ['orphans', f.orphans],
    ['server_crashes', f.serverCrashes],
  ];
  console.log(
    `${scenario}: jobs=${f.jobs} terminal=${f.terminal} acked_chunks=${f.ackedChunks} step logs archived=${f.archivedSteps} in SQL or empty=${f.sqlSteps} ${load}`,
  );
  let ok = true;
  for (const [name, value] of zero) {
    const pass = value === 0;
    ok &&= pass;
    console.log(
      `BENCH fault_${scenario}_${name} ${value} count (target = 0) ${pass ? 'PASS' : 'MISS'} ${load}`,
    );
  }
  console.log(
    `BENCH fault_${scenario}_check_sees_a_forged_loss ${seesLoss ? 1 : 0} (target = 1) ${seesLoss ? 'PASS' : 'MISS'} ${load}`,
  );
  ok &&= seesLoss;
  console.log(`BENCH fault_${scenario}_jobs ${f.jobs} jobs (info) ${load}`);
  console.log(`BENCH fault_${scenario}_recovery_p99 ${f.recoveryP99Ms.toFixed(0)} ms (info) ${load}`);
  return ok;
}

export function p99(values: readonly number[]): number {
  return percentile(values, 99);
}
