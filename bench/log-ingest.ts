/**
 * Log ingest (SPEC §20): 64 KiB chunks into PostgreSQL through `POST /jobs/{id}/logs`,
 * server in a child process. `--jobs` jobs (16) are claimed over HTTP by as many runners
 * from a repository with three secrets (an API token, a password and a three-line key, so
 * the mask set holds each line and the base64 / URL / JSON forms); each job then sends
 * `--chunks` chunks in order, following its token chain one call at a time, all jobs in
 * parallel. Every fourth chunk prints one of the secrets. `--form binary` (the default)
 * sends them as the runner does (`ControlPlaneClient.appendLog`: the octet-stream form over
 * node:http); `--form json` as base64 in JSON over fetch (the runbook's form). MiB/s counts
 * bytes sent and acknowledged (202); the stored chunks are checked in the database
 * afterwards. References from the same run: the same chunks inserted by as many bare
 * postgres.js connections (the database's ceiling), and POSTed to an empty Node server.
 *
 *   npx tsx bench/log-ingest.ts [--jobs 16] [--chunks 64] [--form binary|json] [--cpu-prof]
 */
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { ControlPlaneClient } from '../src/adapters/http/control-plane-client.js';
import { rowsOf } from '../src/adapters/postgres/run-rows.js';
import { setSecret } from '../src/domain/forge/secrets.js';
import { expectStatus, heartbeat, type NextTokenBody, post } from './lib/http.js';
import { bareChunkInsertRate, emptyServerUploadRate } from './lib/references.js';
import { loadNote, report } from './lib/stats.js';
import { enqueueMany, openWorld, seedRepos, seedRunners, startChild } from './lib/world.js';

const { values: args } = parseArgs({
  options: {
    jobs: { type: 'string', default: '16' },
    chunks: { type: 'string', default: '64' },
    form: { type: 'string', default: 'binary' },
    'cpu-prof': { type: 'boolean', default: false },
  },
});
const JOBS = Number(args.jobs);
const CHUNKS = Number(args.chunks);
const FORM = args.form === 'json' ? 'json' : 'binary';
const CHUNK_BYTES = 64 * 1024;
const MIB = 1024 * 1024;

const SECRETS: Record<string, string> = {
  DEPLOY_TOKEN: 'ghp_Zq8x3V1nT0kLmP7rS2wY9bC4dE6fH5jA1uQo',
  DB_PASSWORD: 'correct-horse-battery-staple-42!',
  SIGNING_KEY:
    'KEY-LINE-ONE-MIIEvQIBADANBgkqhkiG9w0B\nKEY-LINE-TWO-AQEFAASCBKcwggSjAgEAAoIBAQ\nKEY-LINE-THREE-C7VJTUt9Us8cKjMzEfYyjiWA4R',
};

/** A 64 KiB chunk of build-log lines; `leak` adds one line that prints a secret. */
function logChunk(n: number, leak: string | null): Buffer {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < CHUNK_BYTES; i++) {
    const line =
      i === 7 && leak
        ? `2026-01-01T00:00:${String(i % 60).padStart(2, '0')}Z + curl -H "Authorization: ${leak}" https://example.test/deploy\n`
        : `2026-01-01T00:00:${String(i % 60).padStart(2, '0')}Z [${n}:${i}] compiling src/module_${(i * 7919) % 1000}.ts (${i * 13} ms) ok\n`;
    lines.push(line);
    size += Buffer.byteLength(line);
  }
  return Buffer.from(lines.join('')).subarray(0, CHUNK_BYTES);
}

const world = await openWorld('logs');
try {
  const [repoId] = await seedRepos(world, 'logs', 1);
  for (const [name, value] of Object.entries(SECRETS)) {
    await setSecret(
      { ...world.ctx.deps, secretBox: world.ctx.deps.secretBox! },
      { repoPath: 'logs/r0', name, value },
    );
  }
  await enqueueMany(world, [repoId!], JOBS);
  const runners = await seedRunners(world, 'logs', JOBS);
  const server = await startChild(world.serverEnv({ SHITHUB_ACTIONS__HEARTBEAT_RATE_PER_MINUTE: '100000' }), {
    nodeArgs: args['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir=bench/.profiles'] : [],
  });
  const leaks = Object.values(SECRETS).map((v) => v.split('\n')[0]!);
  const chunks = Array.from({ length: 8 }, (_, n) =>
    logChunk(n, n % 4 === 3 ? leaks[n % leaks.length]! : null),
  );
  try {
    const claims = [];
    for (const r of runners) {
      const hb = expectStatus(await heartbeat(server.url, r.token, { wait_seconds: 0 }), 200);
      if (
        !hb.body?.job.steps[0] ||
        (hb.body as unknown as { job: { mask_values: string[] } }).job.mask_values.length === 0
      ) {
        throw new Error('claim without steps or without mask values');
      }
      claims.push(hb.body);
    }
    const cpu0 = await server.cpu();
    const start = performance.now();
    let sent = 0;
    const encoded = chunks.map((c) => c.toString('base64'));
    await Promise.all(
      claims.map(async (claim) => {
        let token = claim.token;
        const stepId = claim.job.steps[0]!.id;
        const client = new ControlPlaneClient({ baseUrl: server.url, registrationToken: '' });
        for (let seq = 0; seq < CHUNKS; seq++) {
          if (FORM === 'binary') {
            const bytes = chunks[seq % chunks.length]!;
            const res = await client.appendLog(claim.job.id, token, { stepId, seq, bytes });
            if (res.kind !== 'ok' || !res.nextToken)
              throw new Error(`log chunk refused: ${JSON.stringify(res)}`);
            token = res.nextToken;
          } else {
            const body = JSON.stringify({ seq, chunk: encoded[seq % encoded.length], step_id: stepId });
            const res = expectStatus(
              await post<NextTokenBody>(`${server.url}/api/v1/jobs/${claim.job.id}/logs`, token, body),
              202,
            );
            token = res.body!.next_token!;
          }
          sent += CHUNK_BYTES;
        }
      }),
    );
    const seconds = (performance.now() - start) / 1000;
    const cpu1 = await server.cpu();
    const cpuShare = (cpu1.user + cpu1.system - cpu0.user - cpu0.system) / 1e6 / seconds;
    const [stored] = rowsOf<{ n: string; bytes: string }>(
      await world.ctx.db.db.execute(
        sql`SELECT count(*)::text AS n, COALESCE(sum(octet_length(chunk)), 0)::text AS bytes FROM workflow_step_log_chunks`,
      ),
    );
    console.log(
      `logs (${FORM} form): ${JOBS} jobs x ${CHUNKS} chunks of 64 KiB = ${(sent / MIB).toFixed(0)} MiB in ${seconds.toFixed(2)} s; stored ${stored?.n} chunks, ${(Number(stored?.bytes) / MIB).toFixed(1)} MiB after scrubbing; server CPU ${(cpuShare * 100).toFixed(0)}% of one core ${loadNote()}`,
    );
    if (Number(stored?.n) !== JOBS * CHUNKS) console.log(`logs: expected ${JOBS * CHUNKS} stored chunks`);
    const rate = sent / MIB / seconds;
    await server.close();
    const bare = await bareChunkInsertRate(world.dbUrl, { clients: JOBS, chunks: CHUNKS, chunk: chunks[0]! });
    const http = await emptyServerUploadRate({ clients: JOBS, each: CHUNKS, body: chunks[0]! });
    console.log(
      `logs: reference, same run: bare INSERT of the same chunks, ${JOBS} connections ${bare.toFixed(1)} MiB/s (figure ÷ bare ${(rate / bare).toFixed(2)}); POSTed to an empty Node server ${http.toFixed(1)} MiB/s ${loadNote()}`,
    );
    report('log_ingest', rate, 'MiB/s', { op: '>=', value: 50 });
  } finally {
    await server.close();
  }
} finally {
  await world.close();
}
process.exit(0);
