/**
 * Hostile input never answers 5xx and never changes state (SPEC §1.5). A world is stored
 * through the domain (`fuzz-world.ts`), fingerprinted table by table, then `shithubd serve`
 * (`startServer` on the embedded PGlite with a root key) takes thousands of malformed or
 * hostile requests over loopback, spread over every route the app mounts. Afterwards every
 * answer must be below 500 (and 4xx where the request is refused), every 4xx a JSON
 * `{error, code}`, and every table — except the PAT `last_used_at` stamp that
 * authentication legitimately writes (`fuzz-snapshot.ts`) — exactly as before.
 *
 * The requests come from fast-check arbitraries sampled with a fixed seed, so every run
 * sends the same requests; set FUZZ_SEED to explore others.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/adapters/http/app.js';
import { loadServerConfig } from '../../src/apps/shithubd/config.js';
import { type RunningServer, startServer } from '../../src/apps/shithubd/serve.js';
import { openServerContext } from '../../src/apps/shithubd/server-context.js';
import { finaliseDueLogs } from '../../src/domain/logs/finalise-due-logs.js';
import { artifactCases } from '../support/fuzz-artifact-cases.js';
import type { FuzzContext } from '../support/fuzz-context.js';
import { gitCases, wrongMethodCases } from '../support/fuzz-git-cases.js';
import { heartbeatCases } from '../support/fuzz-heartbeat-cases.js';
import { closeFuzzAgent, type FuzzOutcome, type FuzzRequest, sendAll } from '../support/fuzz-http.js';
import { integerEdgeCases } from '../support/fuzz-integer-edges.js';
import { jobCallCases } from '../support/fuzz-job-call-cases.js';
import { patActionCases } from '../support/fuzz-pat-action-cases.js';
import { patReadCases } from '../support/fuzz-pat-read-cases.js';
import { patWriteCases } from '../support/fuzz-pat-write-cases.js';
import { type DatabaseFingerprint, diffFingerprints, fingerprintDatabase } from '../support/fuzz-snapshot.js';
import { forgedJobTokens } from '../support/fuzz-tokens.js';
import { triggerCases } from '../support/fuzz-trigger-cases.js';
import { uiCases } from '../support/fuzz-ui-cases.js';
import { seedFuzzWorld } from '../support/fuzz-world.js';
import { seedEmbeddedDatabase } from '../support/pglite-snapshot.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20_260_417);
/**
 * Requests per route: 80 by default keeps `npm test` under 3 minutes on 2 cores; `.ci/run`
 * sets FUZZ_PER_ROUTE=160 (same seed, twice the requests).
 */
const PER_ROUTE = Number(process.env.FUZZ_PER_ROUTE ?? 80);
const WRONG_METHOD_PER_ROUTE = 8;
const ROOT_KEY_B64 = Buffer.alloc(32, 3).toString('base64');
/** git's own http-backend may answer a refused protocol request in text. */
const TEXT_ROUTES = new Set([
  'GET /:owner/:repo/info/refs',
  'POST /:owner/:repo/git-upload-pack',
  'POST /:owner/:repo/git-receive-pack',
]);

/**
 * The routes `serve` mounts: `createApp` mounts an area exactly when its deps are given and
 * `startServer` gives all of them, so the table is read from an app built with every area
 * (its handlers are never called).
 */
function mountedRoutes(): string[] {
  const unused = {} as never;
  // The heartbeat route subscribes its token cache to the wake bus when mounted.
  // Artifact routes are mounted when their deps are given, as `serve` gives them.
  const runnerApi = { wake: { subscribe: () => () => {} }, artifacts: {} } as never;
  const app = createApp({
    logger: { error: () => {} },
    pingDatabase: async () => {},
    renderMetrics: async () => ({ contentType: 'text/plain', body: '' }),
    runnerApi,
    patApi: { artifacts: {} } as never,
    git: unused,
    triggers: unused,
    ui: unused,
  });
  return [...new Set(app.routes.map((r) => `${r.method} ${r.path}`))];
}

/** The web UI's routes: their refusals are HTML pages, not JSON. */
function pageRoutes(): Set<string> {
  const app = createApp({ logger: { error: () => {} }, pingDatabase: async () => {}, ui: {} as never });
  const health = new Set(['GET /healthz', 'GET /readyz', 'GET /metrics']);
  return new Set(app.routes.map((r) => `${r.method} ${r.path}`).filter((r) => !health.has(r)));
}

function countBy(
  outcomes: readonly FuzzOutcome[],
  keep: (o: FuzzOutcome) => boolean,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const o of outcomes) if (keep(o)) out[o.req.route] = (out[o.req.route] ?? 0) + 1;
  return out;
}

const codeOf = (o: FuzzOutcome) => {
  try {
    return (JSON.parse(o.res.text) as { code?: string }).code;
  } catch {
    return undefined;
  }
};

describe('route fuzz against shithubd serve', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shithub-fuzz-'));
  const config = loadServerConfig({
    env: {
      SHITHUB_LOG__LEVEL: process.env.FUZZ_LOG_LEVEL ?? 'silent',
      SHITHUB_TOTP_KEY: ROOT_KEY_B64,
      // The rate limit is tested elsewhere; here every heartbeat must reach its body check.
      SHITHUB_ACTIONS__HEARTBEAT_RATE_PER_MINUTE: '100000',
      // The world's runner never heartbeats again: on a slow or busy machine the fuzz can
      // outlast the default two minutes, and the lost-runner sweep (not a request) would then
      // finalise its jobs.
      SHITHUB_ACTIONS__RUNNER_LOST_AFTER: '1h',
    },
    cwd: dir,
    dataDirFlag: dir,
    listenFlag: '127.0.0.1:0',
  });
  let server: RunningServer | undefined;
  let ctx: FuzzContext;
  /** Fingerprints before the fuzz: without the columns authentication may touch, and whole. */
  let before: { lenient: DatabaseFingerprint; strict: DatabaseFingerprint };

  beforeAll(async () => {
    await seedEmbeddedDatabase(dir);
    const opened = await openServerContext(config);
    try {
      const w = await seedFuzzWorld(opened);
      // Settle the background work the seed queued (archiving ended steps' logs), so the
      // server's finalisation loop has nothing left to change during the fuzz.
      await finaliseDueLogs(opened.deps, { limit: 1000 });
      const forged = await forgedJobTokens({
        rootKey: opened.rootKey!,
        claims: w.running.claims,
        liveToken: w.running.liveToken,
        otherRunnerId: w.otherRunnerId,
      });
      ctx = { w, forged };
      before = {
        lenient: await fingerprintDatabase(opened.db.db),
        strict: await fingerprintDatabase(opened.db.db, {}),
      };
    } finally {
      await opened.db.close();
    }
    server = await startServer(config);
  }, 120_000);

  afterAll(async () => {
    closeFuzzAgent();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers every hostile request below 500, refuses it with a JSON error, and changes no row', async () => {
    const routes = mountedRoutes();
    const table = {
      ...heartbeatCases(ctx),
      ...jobCallCases(ctx),
      ...patActionCases(ctx),
      ...patReadCases(ctx),
      ...patWriteCases(ctx),
      ...triggerCases(ctx),
      ...gitCases(ctx),
      ...uiCases(ctx),
      ...artifactCases(ctx),
    };
    expect(Object.keys(table).sort()).toEqual([...routes].sort());

    const wrongMethod = wrongMethodCases(routes, ctx.w);
    const edges = integerEdgeCases(routes, ctx);
    const requests: FuzzRequest[] = routes.flatMap((route, i) => [
      ...fc.sample(table[route]!, { seed: SEED + i, numRuns: PER_ROUTE }),
      ...fc.sample(wrongMethod[i]!, { seed: SEED - i, numRuns: WRONG_METHOD_PER_ROUTE }),
      ...edges.filter((e) => e.route === route),
    ]);
    expect(requests.length).toBeGreaterThanOrEqual(5000);

    const outcomes = await sendAll(new URL(server!.url), requests, {
      concurrency: 4,
      textRoutes: TEXT_ROUTES,
      htmlRoutes: pageRoutes(),
    });
    await server!.close();
    server = undefined;

    const problems = outcomes
      .filter((o) => o.problem !== null)
      .map(
        (o) =>
          `${o.req.route} [${o.req.note}] ${o.req.method} ${o.req.path.slice(0, 120)} ` +
          `(${o.req.body?.length ?? 0} bytes: ${String(o.req.body ?? '').slice(0, 60)}): ${o.problem}`,
      );
    if (process.env.FUZZ_REPORT) console.log(problems.join('\n'));
    expect(problems.slice(0, 40), `${problems.length} problems`).toEqual([]);
    // Every numeric path parameter of every route took every integer edge.
    expect(edges.length).toBeGreaterThanOrEqual(20 * 9);

    const sent = countBy(outcomes, () => true);
    const matched = countBy(outcomes, (o) => codeOf(o) !== 'route.not_found');
    for (const route of routes) {
      const edgeCount = edges.filter((e) => e.route === route).length;
      expect(sent[route], route).toBe(PER_ROUTE + WRONG_METHOD_PER_ROUTE + edgeCount);
      expect(matched[route] ?? 0, `${route} matched the route`).toBeGreaterThanOrEqual(PER_ROUTE / 2);
    }
    // Every kind of refusal was provoked, not only the cheap ones.
    const statuses = new Set(outcomes.map((o) => o.res.status));
    for (const status of [400, 401, 403, 404, 409, 413, 422]) expect(statuses).toContain(status);
    if (process.env.FUZZ_REPORT) {
      const ms: Record<string, number> = {};
      const codes: Record<string, number> = {};
      for (const o of outcomes) {
        ms[o.req.route] = Math.round((ms[o.req.route] ?? 0) + (o.res.ms ?? 0));
        const key = `${o.res.status} ${codeOf(o) ?? ''}`;
        codes[key] = (codes[key] ?? 0) + 1;
      }
      console.log(JSON.stringify({ sent, matched, ms, codes }, null, 1));
    }

    const reopened = await openServerContext(config);
    try {
      expect(diffFingerprints(before.lenient, await fingerprintDatabase(reopened.db.db))).toEqual([]);
      // The fingerprint does see changes: PATs that passed authentication were stamped, and
      // authenticated heartbeats took from their runner's rate bucket.
      const strict = diffFingerprints(before.strict, await fingerprintDatabase(reopened.db.db, {}));
      expect(strict.map((d) => d.table)).toEqual(['personal_access_tokens', 'runner_heartbeat_buckets']);
    } finally {
      await reopened.db.close();
    }
  }, 900_000);
});
