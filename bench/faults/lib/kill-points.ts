/**
 * The protocol points where runner-kill.ts stops a real runner, seen from the loopback
 * proxy between the runners and the server: it parses the HTTP of every connection
 * (bench/lib/http-tap.ts), tells whose call each is (registration token for heartbeats;
 * the job JWT's `sub` and `job_id` for job calls; the checkout JWT, git's Basic password,
 * for git), records claims and acknowledged chunks as they pass, and at the planned point
 * of a job calls `onKill` — before the request reaches the server (`cut`), or right after
 * the server's answer went back (`forward`).
 */
import { credentialOf, HttpExchangeTap, type HttpMessage, jsonBody, jwtClaims } from '../../lib/http-tap.js';
import type { ProxyConnection, ProxyTap, TapVerdict } from '../../lib/tcp-proxy.js';
import type { AckedChunk, SeenClaim } from './checks.js';

export const KILL_POINTS = [
  'after-claim',
  'checkout',
  'mid-log-request',
  'mid-log-ack',
  'cancel-check',
  'step-status',
  'before-job-status',
] as const;
export type KillPoint = (typeof KILL_POINTS)[number];

export interface KillPlan {
  point: KillPoint;
  /** For the mid-log and cancel-check points: the k-th such call of the job (1-based). */
  k: number;
  done: boolean;
}

export interface Claimed extends SeenClaim {
  runId: number;
  runnerIndex: number;
}

export interface KillTapState {
  claims: Claimed[];
  acked: AckedChunk[];
  fiveXx: number;
  plans: Map<number, KillPlan>;
}

export interface KillTapOptions {
  /** Registration token → runner index. */
  tokens: Map<string, number>;
  /** Runner id (database) → runner index. */
  ids: Map<number, number>;
  /** Decides the plan of a freshly claimed job (or none). */
  plan(jobId: number): KillPlan | undefined;
  isAlive(runnerIndex: number): boolean;
  /** Kill the runner now; the job and the point are for the record. */
  onKill(runnerIndex: number, jobId: number, point: KillPoint): void;
}

interface Caller {
  runner: number;
  jobId: number | null;
}

const LOGS = /^\/api\/v1\/jobs\/(\d+)\/logs$/;
const CANCEL_CHECK = /^\/api\/v1\/jobs\/\d+\/cancel-check$/;
const STEP_STATUS = /^\/api\/v1\/jobs\/\d+\/steps\/\d+\/status$/;
const JOB_STATUS = /^\/api\/v1\/jobs\/\d+\/status$/;
const TERMINAL = new Set(['completed', 'cancelled', 'skipped']);

export function killTap(opts: KillTapOptions): { tap: ProxyTap; state: KillTapState } {
  const state: KillTapState = { claims: [], acked: [], fiveXx: 0, plans: new Map() };
  const logCalls = new Map<number, number>();
  const cancelChecks = new Map<number, number>();
  const logAcks = new Map<number, number>();

  const callerOf = (req: HttpMessage): Caller | undefined => {
    const credential = credentialOf(req);
    const byToken = opts.tokens.get(credential);
    if (byToken !== undefined) return { runner: byToken, jobId: null };
    const claims = jwtClaims(credential);
    const sub = typeof claims?.sub === 'string' ? /^runner:(\d+)$/.exec(claims.sub) : null;
    const runner = sub ? opts.ids.get(Number(sub[1])) : undefined;
    if (runner === undefined) return undefined;
    return { runner, jobId: typeof claims?.job_id === 'number' ? claims.job_id : null };
  };

  /** The plan of `jobId` if `point` is its point and its runner is still alive. */
  const due = (caller: Caller | undefined, point: KillPoint): KillPlan | undefined => {
    if (!caller || caller.jobId === null || !opts.isAlive(caller.runner)) return undefined;
    const plan = state.plans.get(caller.jobId);
    return plan && !plan.done && plan.point === point ? plan : undefined;
  };

  const kill = (caller: Caller, plan: KillPlan) => {
    plan.done = true;
    opts.onKill(caller.runner, caller.jobId!, plan.point);
  };

  /** A request on its way in: is this the point to stop the runner before the server sees it? */
  const onRequest = (req: HttpMessage): boolean => {
    const caller = callerOf(req);
    const body = jsonBody(req);
    let plan: KillPlan | undefined;
    if (req.path.endsWith('/git-upload-pack')) plan = due(caller, 'checkout');
    else if (LOGS.test(req.path)) {
      const n = (logCalls.get(caller?.jobId ?? 0) ?? 0) + 1;
      if (caller?.jobId) logCalls.set(caller.jobId, n);
      const p = due(caller, 'mid-log-request');
      if (p && p.k === n) plan = p;
    } else if (CANCEL_CHECK.test(req.path)) {
      const n = (cancelChecks.get(caller?.jobId ?? 0) ?? 0) + 1;
      if (caller?.jobId) cancelChecks.set(caller.jobId, n);
      const p = due(caller, 'cancel-check');
      if (p && p.k === n) plan = p;
    } else if (STEP_STATUS.test(req.path) && TERMINAL.has(String(body?.status)))
      plan = due(caller, 'step-status');
    else if (JOB_STATUS.test(req.path) && TERMINAL.has(String(body?.status)))
      plan = due(caller, 'before-job-status');
    if (!plan || !caller) return false;
    kill(caller, plan);
    return true;
  };

  /** An answer on its way out: record it; true when the runner must die right after it. */
  const onResponse = (req: HttpMessage | undefined, res: HttpMessage): boolean => {
    if (res.status >= 500) state.fiveXx++;
    if (!req) return false;
    const caller = callerOf(req);
    if (req.path === '/api/v1/runners/heartbeat' && res.status === 200 && caller) {
      const job = jsonBody(res)?.job as { id: number; run_id: number } | undefined;
      if (!job) return false;
      state.claims.push({
        jobId: job.id,
        runner: String(caller.runner),
        runId: job.run_id,
        runnerIndex: caller.runner,
      });
      const plan = opts.plan(job.id);
      if (plan) state.plans.set(job.id, plan);
      const afterClaim = plan?.point === 'after-claim' && opts.isAlive(caller.runner);
      if (afterClaim && plan) {
        plan.done = true;
        // The claim goes back to the runner; it dies a moment later, somewhere in its first steps.
        setTimeout(() => opts.onKill(caller.runner, job.id, 'after-claim'), Math.random() * 500);
      }
      return false;
    }
    const logs = LOGS.exec(req.path);
    if (logs && res.status === 202) {
      const jobId = Number(logs[1]);
      const acked = ackedChunk(jobId, req);
      if (acked) state.acked.push(acked);
      const n = (logAcks.get(jobId) ?? 0) + 1;
      logAcks.set(jobId, n);
      const plan = due(caller, 'mid-log-ack');
      if (plan && plan.k === n && caller) {
        kill(caller, plan);
        return true;
      }
    }
    return false;
  };

  const httpOf = (conn: ProxyConnection): HttpExchangeTap => {
    if (!conn.state.http) conn.state.http = new HttpExchangeTap();
    return conn.state.http as HttpExchangeTap;
  };
  const tap: ProxyTap = {
    fromClient(conn, bytes): TapVerdict {
      const http = httpOf(conn);
      let verdict: TapVerdict = 'forward';
      for (const req of http.fromClient(bytes)) if (onRequest(req)) verdict = 'cut';
      return verdict;
    },
    fromServer(conn, bytes): TapVerdict {
      const http = httpOf(conn);
      let verdict: TapVerdict = 'forward';
      for (const { request, response } of http.fromServer(bytes))
        if (onResponse(request, response)) verdict = 'forward-then-cut';
      return verdict;
    },
  };
  return { tap, state };
}

/**
 * The chunk a 202 acknowledged: the binary form the runner sends (seq and step in headers,
 * the bytes as the body) or the JSON form; base64, as `AckedChunk` keeps it.
 */
function ackedChunk(jobId: number, req: HttpMessage): AckedChunk | undefined {
  if (/^application\/octet-stream/i.test(req.headers.get('content-type') ?? '')) {
    return {
      jobId,
      stepId: Number(req.headers.get('x-shithub-log-step-id') ?? 0),
      seq: Number(req.headers.get('x-shithub-log-seq')),
      chunk: req.body.toString('base64'),
    };
  }
  const body = jsonBody(req) as { seq: number; chunk: string; step_id: number } | undefined;
  return body && { jobId, stepId: body.step_id, seq: body.seq, chunk: body.chunk };
}
