/**
 * `shithubd serve`: opens the database (holding the embedded lock for the process lifetime),
 * serves HTTP, and answers admin commands on `<data_dir>/admin.sock` so the runbook's
 * `shithubd admin …` commands keep working while the server runs on the embedded default.
 */
import { chmodSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { createAdaptorServer } from '@hono/node-server';
import { sql } from 'drizzle-orm';
import { createAdminSocketApp } from '../../adapters/http/admin-socket-server.js';
import { createApp } from '../../adapters/http/app.js';
import { InProcessWakeBus } from '../../adapters/memory/wake-bus.js';
import { PrometheusMetrics } from '../../adapters/metrics/prometheus-metrics.js';
import { PgJobCallStore } from '../../adapters/postgres/job-call-store.js';
import { PgRunQueries } from '../../adapters/postgres/run-queries.js';
import { PgWakeBus } from '../../adapters/postgres/wake-bus.js';
import { JoseJobTokens } from '../../adapters/system/jose-job-tokens.js';
import { ConfigError } from '../config/layered-config.js';
import { DirectAdminApi } from './admin/direct-admin-api.js';
import type { ServerConfig } from './config.js';
import { observeJobCalls } from './job-observers.js';
import { createLogger } from './logger.js';
import { startLoops } from './loops.js';
import { openServerContext } from './server-context.js';
import { buildTriggerAppDeps, replayPendingTriggers } from './trigger-wiring.js';

/** Node silently truncates unix socket paths past 107 bytes; refuse them instead. */
const MAX_SOCKET_PATH_BYTES = 107;

export interface RunningServer {
  /** `http://host:port` actually bound (port 0 in config picks a free one). */
  url: string;
  adminSocket: string | null;
  close(): Promise<void>;
}

function listen(server: Server, target: { port: number; host: string } | string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    const done = () => {
      server.off('error', reject);
      resolve();
    };
    if (typeof target === 'string') server.listen(target, done);
    else server.listen(target.port, target.host, done);
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections?.();
  });
}

export async function startServer(config: ServerConfig): Promise<RunningServer> {
  const logger = createLogger(config);
  const embedded = !config.database.url;
  const adminSocket = embedded ? join(config.dataDir, 'admin.sock') : null;
  if (adminSocket && Buffer.byteLength(adminSocket) > MAX_SOCKET_PATH_BYTES) {
    throw new ConfigError(
      `server.data_dir: the admin socket path ${adminSocket} is longer than ${MAX_SOCKET_PATH_BYTES} bytes; use a shorter data folder`,
    );
  }
  const ctx = await openServerContext(config, {
    socket: adminSocket,
    onObserverError: (err) =>
      logger.warn({ err: { message: (err as Error).message } }, 'check-run sync failed'),
  });
  if (!ctx.rootKey) logger.warn('runner API is not configured: set auth.totp_key_b64 (SHITHUB_TOTP_KEY)');

  const metrics = new PrometheusMetrics();
  ctx.deps.metrics = metrics;
  // Replicas share one PostgreSQL: wake-ups cross them with LISTEN/NOTIFY.
  const wake = config.database.url ? await PgWakeBus.open(config.database.url) : new InProcessWakeBus();
  ctx.deps.wake = wake;
  ctx.deps.onEnqueued = () => void wake.publish({ kind: 'jobs' });
  const { rootKey } = ctx;
  const runnerKeys =
    rootKey && ctx.deps.secretBox
      ? { jobTokens: new JoseJobTokens(rootKey, ctx.deps.random), secretBox: ctx.deps.secretBox }
      : null;
  const checkoutTokens =
    runnerKeys?.jobTokens ?? (rootKey ? new JoseJobTokens(rootKey, ctx.deps.random) : null);
  const triggerApp = buildTriggerAppDeps(ctx.deps, { config, logger, jobTokens: checkoutTokens });
  const app = createApp({
    logger,
    git: triggerApp.git,
    triggers: triggerApp.triggers,
    pingDatabase: async () => void (await ctx.db.db.execute(sql`select 1`)),
    renderMetrics: async () => ({ contentType: metrics.contentType, body: await metrics.render() }),
    patApi: {
      ...ctx.deps,
      runQueries: new PgRunQueries(ctx.db.db),
      metrics,
      baseUrl: config.baseUrl,
      workflows: triggerApp.workflows,
      onJobsClaimable: () => void wake.publish({ kind: 'jobs' }),
    },
    runnerApi: {
      ...ctx.deps,
      jobCalls: observeJobCalls(new PgJobCallStore(ctx.db.db), ctx.observer),
      wake,
      metrics,
      keys: runnerKeys,
      baseUrl: config.baseUrl,
      heartbeatRatePerMinute: config.actions.heartbeatRatePerMinute,
    },
  });
  const http = createAdaptorServer({ fetch: app.fetch }) as Server;
  const [host = '127.0.0.1', port = '8080'] = config.listen.replace(/^\[|\](?=:)/g, '').split(/:(?=\d+$)/);
  let adminServer: Server | null = null;
  try {
    await listen(http, { host, port: Number(port) });
    if (adminSocket) {
      rmSync(adminSocket, { force: true });
      adminServer = createAdaptorServer({
        fetch: createAdminSocketApp(new DirectAdminApi(ctx.deps), logger).fetch,
      }) as Server;
      const previous = process.umask(0o177);
      try {
        await listen(adminServer, adminSocket);
      } finally {
        process.umask(previous);
      }
      chmodSync(adminSocket, 0o600);
    }
  } catch (err) {
    await wake.close();
    await closeServer(http);
    await ctx.db.close();
    throw err;
  }
  const address = http.address();
  const bound = typeof address === 'object' && address ? address.port : Number(port);
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${bound}`;
  const loops = startLoops({ ...ctx.deps, metrics }, config, logger);
  logger.info({ url, driver: ctx.db.driver, data_dir: config.dataDir }, 'shithubd listening');
  const replayed = replayPendingTriggers(ctx.deps, logger);

  let closing: Promise<void> | null = null;
  return {
    url,
    adminSocket,
    close: () => {
      closing ??= (async () => {
        await wake.close(); // long-polling heartbeats answer 204 now, not at their deadline
        await loops.stop();
        await replayed;
        await closeServer(http);
        if (adminServer) await closeServer(adminServer);
        if (adminSocket) rmSync(adminSocket, { force: true });
        await ctx.db.close();
        logger.info('shithubd stopped');
      })();
      return closing;
    },
  };
}
