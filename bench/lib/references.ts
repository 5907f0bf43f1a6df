/**
 * References measured in the same run as a figure (issue #13 item 6): what this machine
 * does with nothing of ours in the way — an empty Node HTTP server answering 204, a bare
 * `SELECT 1`, a bare LISTEN/NOTIFY, `pgbench` running our own claim statements — so a
 * noisy, shared machine moves the figure and its reference together, and the ratio says
 * how far from the floor we are.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import postgres from 'postgres';
import { nodeHttpTransport } from '../../src/adapters/http/node-http-transport.js';
import { byteaText } from '../../src/adapters/postgres/log-append-sql.js';

const EMPTY_SERVER = `
const http = require('node:http');
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => { res.statusCode = 204; res.end(); });
});
server.keepAliveTimeout = 65000;
server.listen(0, '127.0.0.1', () => process.send(server.address().port));
process.on('disconnect', () => process.exit(0));`;

/** An empty Node HTTP server in its own process (as the bench servers are): 204 to everything. */
export async function startEmptyServer(): Promise<{ url: string; close(): Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, ['-e', EMPTY_SERVER], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve) => child.once('message', (p) => resolve(p as number)));
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.disconnect();
      await exited;
    },
  };
}

/** Requests per second the empty server answers to autocannon with these settings. */
export async function emptyServerRate(connections: number, seconds: number, body: string): Promise<number> {
  const server = await startEmptyServer();
  try {
    const run = (duration: number) =>
      autocannon({
        url: `${server.url}/api/v1/runners/heartbeat`,
        method: 'POST',
        connections,
        duration,
        body,
        headers: { authorization: `Bearer ${'ab'.repeat(32)}`, 'content-type': 'application/json' },
      });
    await run(2);
    const result = await run(seconds);
    return (result.statusCodeStats?.['204']?.count ?? 0) / result.duration;
  } finally {
    await server.close();
  }
}

/** Round trips (ms) of a heartbeat-sized POST to the empty server, one at a time, over keep-alive. */
export async function emptyServerRoundTrips(samples: number): Promise<number[]> {
  const server = await startEmptyServer();
  try {
    const times: number[] = [];
    for (let i = 0; i < samples + 20; i++) {
      const t0 = performance.now();
      const res = await fetch(`${server.url}/api/v1/runners/heartbeat`, {
        method: 'POST',
        headers: { authorization: `Bearer ${'ab'.repeat(32)}`, 'content-type': 'application/json' },
        body: '{"wait_seconds":0}',
      });
      await res.arrayBuffer();
      if (i >= 20) times.push(performance.now() - t0);
    }
    return times;
  } finally {
    await server.close();
  }
}

/** Round trips (ms) of a prepared `SELECT 1` on one postgres.js connection. */
export async function selectOneRoundTrips(url: string, samples: number): Promise<number[]> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const times: number[] = [];
    for (let i = 0; i < samples + 20; i++) {
      const t0 = performance.now();
      await sql.unsafe('SELECT 1', [], { prepare: true });
      if (i >= 20) times.push(performance.now() - t0);
    }
    return times;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** NOTIFY → listener latencies (ms) between two connections. */
export async function notifyLatencies(url: string, samples: number): Promise<number[]> {
  const listener = postgres(url, { max: 1, onnotice: () => {} });
  const sender = postgres(url, { max: 1, onnotice: () => {} });
  try {
    let arrived: (() => void) | null = null;
    await listener.listen('bench_reference', () => arrived?.());
    const times: number[] = [];
    for (let i = 0; i < samples + 10; i++) {
      const got = new Promise<void>((resolve) => {
        arrived = resolve;
      });
      const t0 = performance.now();
      await sender.notify('bench_reference', String(i));
      await got;
      if (i >= 10) times.push(performance.now() - t0);
    }
    return times;
  } finally {
    await listener.end({ timeout: 5 });
    await sender.end({ timeout: 5 });
  }
}

const PGBENCH = '/usr/lib/postgresql/15/bin/pgbench';

/**
 * Runs `pgbench -M prepared -n` with `script` (pgbench syntax: `:name` variables, set
 * with `defines`) for `clients` clients × `transactions` each; returns transactions per
 * second (without connection set-up).
 */
export function pgbench(opts: {
  url: string;
  script: string;
  clients: number;
  transactions: number;
  defines: Record<string, string>;
}): number {
  const dir = mkdtempSync(join(tmpdir(), 'shithub-pgbench-'));
  try {
    const file = join(dir, 'claim.sql');
    writeFileSync(file, opts.script);
    const defines = Object.entries(opts.defines).flatMap(([k, v]) => ['-D', `${k}=${v}`]);
    const out = execFileSync(
      PGBENCH,
      [
        '-n',
        '-M',
        'prepared',
        '-c',
        String(opts.clients),
        '-j',
        '2',
        '-t',
        String(opts.transactions),
        ...defines,
        '-f',
        file,
        opts.url,
      ],
      // The server's pool plans its prepared statements once (postgres-js.ts): so does pgbench.
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, PGOPTIONS: '-c plan_cache_mode=force_generic_plan' },
      },
    );
    const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(out);
    if (!tps) throw new Error(`pgbench printed no tps:\n${out}`);
    return Number(tps[1]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * MiB/s of `clients` postgres.js connections each inserting `chunks` copies of `chunk` into
 * a scratch table shaped like `workflow_step_log_chunks`, one prepared statement a chunk
 * with the chunk bound as the log fast path binds it (`byteaText`): what this database and
 * driver do for log ingest with nothing of ours in the way.
 */
export async function bareChunkInsertRate(
  url: string,
  opts: { clients: number; chunks: number; chunk: Uint8Array },
): Promise<number> {
  const sql = postgres(url, { max: opts.clients, onnotice: () => {} });
  try {
    await sql.unsafe(`CREATE TABLE bench_chunk_reference (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      step_id bigint NOT NULL, seq integer NOT NULL, chunk bytea NOT NULL, created_at timestamptz NOT NULL,
      UNIQUE (step_id, seq))`);
    // TOAST compression as migration 0008 sets it on workflow_step_log_chunks.chunk.
    await sql
      .unsafe(`SELECT attcompression FROM pg_attribute
      WHERE attrelid = to_regclass('workflow_step_log_chunks') AND attname = 'chunk'`)
      .then(async ([row]) => {
        if (row?.attcompression === 'l')
          await sql.unsafe('ALTER TABLE bench_chunk_reference ALTER COLUMN chunk SET COMPRESSION lz4');
      });
    const [text, format] = byteaText(opts.chunk);
    const insert = `INSERT INTO bench_chunk_reference (step_id, seq, chunk, created_at)
      VALUES ($1::bigint, $2::int, decode($3::text, $4::text), now())`;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: opts.clients }, async (_, client) => {
        for (let seq = 0; seq < opts.chunks; seq++) {
          await sql.unsafe(insert, [client, seq, text, format], { prepare: true });
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    return (opts.clients * opts.chunks * opts.chunk.length) / (1024 * 1024) / seconds;
  } finally {
    await sql.unsafe('DROP TABLE IF EXISTS bench_chunk_reference').catch(() => {});
    await sql.end({ timeout: 5 });
  }
}

/**
 * MiB/s of `clients` senders each POSTing `body` `each` times to the empty server (its own
 * process), one at a time over keep-alive with the runner's own transport: the HTTP hop.
 */
export async function emptyServerUploadRate(opts: {
  clients: number;
  each: number;
  body: Uint8Array;
}): Promise<number> {
  const server = await startEmptyServer();
  const send = nodeHttpTransport();
  try {
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: opts.clients }, async () => {
        for (let i = 0; i < opts.each; i++) {
          await send({
            url: `${server.url}/api/v1/jobs/1/logs`,
            method: 'POST',
            headers: {
              authorization: `Bearer ${'ab'.repeat(32)}`,
              'content-type': 'application/octet-stream',
            },
            body: opts.body,
            signal: AbortSignal.timeout(30_000),
          });
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    return (opts.clients * opts.each * opts.body.length) / (1024 * 1024) / seconds;
  } finally {
    await server.close();
  }
}
