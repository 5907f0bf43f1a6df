/**
 * A protocol-level runner for load benches: the calls `shithubd-runner` makes for a job,
 * without executing anything. It long-polls the heartbeat; on a claim it sends one log
 * chunk for the first step, reports every step completed and the job completed, each call
 * with the token the previous answer handed out, then heartbeats again at once. Every
 * answer is counted (5xx, and any other status a real runner would not expect).
 */
import { post } from './http.js';

export interface SimStats {
  claims: number;
  jobsDone: number;
  fiveXx: number;
  /** Answers that are neither the expected success nor 5xx (4xx: a bug or a limit). */
  unexpected: number;
  /** Transport failures (connection refused or reset). */
  failures: number;
  /** job id → performance.now() when its claim arrived. */
  claimedAt: Map<number, number>;
  lastUnexpected: string;
  /** Call → its round trips (ms), heartbeats that claimed included, idle ones not. */
  latency: Map<string, number[]>;
}

export function newSimStats(): SimStats {
  return {
    claims: 0,
    jobsDone: 0,
    fiveXx: 0,
    unexpected: 0,
    failures: 0,
    claimedAt: new Map(),
    lastUnexpected: '',
    latency: new Map(),
  };
}

interface Claim {
  token: string;
  job: { id: number; steps: { id: number }[] };
}

/** Runs until `stop` aborts; counts into `stats`. `chunk` is the base64 log chunk sent per job. */
export async function runSimRunner(opts: {
  base: string;
  token: string;
  chunk: string;
  waitSeconds: number;
  stats: SimStats;
  stop: AbortSignal;
}): Promise<void> {
  const { stats } = opts;
  const check = (what: string, status: number, ok: number, ms?: number): boolean => {
    if (ms !== undefined) {
      const list = stats.latency.get(what) ?? [];
      list.push(ms);
      stats.latency.set(what, list);
    }
    if (status === ok) return true;
    if (status >= 500) stats.fiveXx++;
    else {
      stats.unexpected++;
      stats.lastUnexpected = `${what} answered ${status}`;
    }
    return false;
  };
  while (!opts.stop.aborted) {
    try {
      const hb = await post<Claim>(`${opts.base}/api/v1/runners/heartbeat`, opts.token, {
        capacity: 1,
        wait_seconds: opts.waitSeconds,
      });
      if (hb.status === 204) continue;
      if (!check('heartbeat', hb.status, 200) || !hb.body) {
        await new Promise((r) => setTimeout(r, 500));
        continue;
      }
      stats.claims++;
      stats.claimedAt.set(hb.body.job.id, performance.now());
      await runJob(opts, hb.body, check);
    } catch {
      if (opts.stop.aborted) return;
      stats.failures++;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

async function runJob(
  opts: { base: string; chunk: string; stats: SimStats },
  claim: Claim,
  check: (what: string, status: number, ok: number, ms?: number) => boolean,
): Promise<void> {
  const job = claim.job;
  let token = claim.token;
  const call = async (what: string, path: string, body: object, ok: number) => {
    const t0 = performance.now();
    const res = await post<{ next_token?: string }>(`${opts.base}/api/v1/jobs/${job.id}${path}`, token, body);
    if (!check(what, res.status, ok, performance.now() - t0)) return false;
    if (res.body?.next_token) token = res.body.next_token;
    return true;
  };
  const [first, ...rest] = job.steps;
  if (!first) return;
  if (!(await call('logs', '/logs', { seq: 0, chunk: opts.chunk, step_id: first.id }, 202))) return;
  for (const step of [first, ...rest]) {
    const done = { status: 'completed', conclusion: 'success' };
    if (!(await call('step status', `/steps/${step.id}/status`, done, 200))) return;
  }
  if (await call('job status', '/status', { status: 'completed', conclusion: 'success' }, 200))
    opts.stats.jobsDone++;
}
