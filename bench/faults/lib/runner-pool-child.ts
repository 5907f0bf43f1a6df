/**
 * A pool of runner daemons in one process, for the fault scenarios that need many runners
 * streaming logs: each is `startRunnerDaemon` — the composition root of `shithubd-runner
 * run`, with its HTTP client, token chains, disk spool and the host engine — given a transport
 * that records what the wire said: the 200 claims, every 202 log chunk, every 5xx, and the
 * time of every 2xx job call (for recovery times). Configured by POOL_CONFIG (JSON); asks:
 * `stats` (counts so far), `stop` (stop claiming, finish running jobs, send the records, exit).
 */
import { join } from 'node:path';
import {
  type HttpAnswer,
  type HttpRequest,
  type HttpTransport,
  nodeHttpTransport,
} from '../../../src/adapters/http/node-http-transport.js';
import { loadRunnerConfig } from '../../../src/apps/shithubd-runner/config.js';
import { type RunnerDaemon, startRunnerDaemon } from '../../../src/apps/shithubd-runner/daemon.js';
import type { AckedChunk, SeenClaim } from './checks.js';

export interface PoolConfig {
  serverUrl: string;
  runners: { name: string; token: string }[];
  workspaceRoot: string;
  longPoll: string;
}

export interface PoolStats {
  claims: number;
  acked: number;
  running: number;
  fiveXx: number;
  /** The 5xx answers by status code (503 while PostgreSQL is away is the server's answer; 500 is a bug). */
  fiveXxByStatus: Record<string, number>;
  /** Transport failures (connection refused/reset, timeouts) seen by job calls and heartbeats. */
  failures: number;
}

export interface PoolRecords {
  claims: SeenClaim[];
  acked: AckedChunk[];
  /** job id → epoch ms of every 2xx job call. */
  okCalls: Record<number, number[]>;
  stats: PoolStats;
}

const config = JSON.parse(process.env.POOL_CONFIG ?? '{}') as PoolConfig;
const records: PoolRecords = {
  claims: [],
  acked: [],
  okCalls: {},
  stats: { claims: 0, acked: 0, running: 0, fiveXx: 0, fiveXxByStatus: {}, failures: 0 },
};
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const JOB_CALL = /\/api\/v1\/jobs\/(\d+)\/(logs|status|steps\/\d+\/status|cancel-check|token)$/;

function recordingTransport(runner: string): HttpTransport {
  const http = nodeHttpTransport();
  return async (request) => {
    const path = new URL(request.url).pathname;
    let res: HttpAnswer;
    try {
      res = await http(request);
    } catch (err) {
      records.stats.failures++;
      throw err;
    }
    if (res.status >= 500) {
      records.stats.fiveXx++;
      records.stats.fiveXxByStatus[res.status] = (records.stats.fiveXxByStatus[res.status] ?? 0) + 1;
    }
    const call = JOB_CALL.exec(path);
    if (call && res.status >= 200 && res.status < 300) {
      const jobId = Number(call[1]);
      const calls = records.okCalls[jobId] ?? [];
      calls.push(Date.now());
      records.okCalls[jobId] = calls;
      if (call[2] === 'logs' && res.status === 202) records.acked.push(ackedChunk(jobId, request));
    }
    if (path === '/api/v1/runners/heartbeat' && res.status === 200) {
      const body = JSON.parse(res.text) as { job: { id: number } };
      records.claims.push({ jobId: body.job.id, runner });
      records.stats.claims++;
    }
    return res;
  };
}

/** The chunk a 202 acknowledged, from either body form (base64, as `AckedChunk` keeps it). */
function ackedChunk(jobId: number, request: HttpRequest): AckedChunk {
  records.stats.acked++;
  if (typeof request.body === 'string') {
    const body = JSON.parse(request.body) as { seq: number; chunk: string; step_id: number };
    return { jobId, stepId: body.step_id, seq: body.seq, chunk: body.chunk };
  }
  return {
    jobId,
    stepId: Number(request.headers['x-shithub-log-step-id']),
    seq: Number(request.headers['x-shithub-log-seq']),
    chunk: Buffer.from(request.body).toString('base64'),
  };
}

const daemons: RunnerDaemon[] = [];
for (const r of config.runners) {
  const runnerConfig = loadRunnerConfig({
    flags: {
      serverUrl: config.serverUrl,
      token: r.token,
      engine: 'host',
      workspaceRoot: join(config.workspaceRoot, r.name),
      longPoll: config.longPoll,
      labels: 'ubuntu-latest',
    },
    env: {},
    cwd: config.workspaceRoot,
  });
  daemons.push(
    await startRunnerDaemon(runnerConfig, {
      log: silent,
      version: 'fault-bench',
      hostName: r.name,
      env: process.env,
      transport: recordingTransport(r.name),
    }),
  );
}
process.send?.({ kind: 'ready' });

process.on('message', async (message: { kind: string }) => {
  if (message.kind === 'stats') {
    records.stats.running = daemons.reduce((n, d) => n + d.state.active.size, 0);
    process.send?.({ kind: 'stats', value: records.stats });
  }
  if (message.kind === 'stop') {
    for (const d of daemons) d.stopClaiming();
    // A job the server never ends would hold the pool forever: a minute is plenty.
    const minute = new Promise((r) => setTimeout(r, 60_000).unref());
    await Promise.race([Promise.all(daemons.map((d) => d.done)), minute]);
    records.stats.running = 0;
    process.send?.({ kind: 'records', value: records }, () => process.exit(0));
  }
});
process.on('disconnect', () => process.exit(0));
