/**
 * `shithubd serve`: opens the database (holding the embedded lock for the process lifetime),
 * serves HTTP, and answers admin commands on `<data_dir>/admin.sock` so the runbook's
 * `shithubd admin …` commands keep working while the server runs on the embedded default.
 * Construction order: metrics and the wake bus, then the context that uses them, then the
 * app, the listeners and the loops; shutdown undoes it in reverse.
 */
import type { Server } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import type { Logger } from 'pino';
import { InProcessWakeBus } from '../../adapters/memory/wake-bus.js';
import { PrometheusMetrics } from '../../adapters/metrics/prometheus-metrics.js';
import { PgWakeBus } from '../../adapters/postgres/wake-bus.js';
import type { WakeBus } from '../../ports/wake-bus.js';
import { DirectAdminApi } from './admin/direct-admin-api.js';
import { type AdminSocket, adminSocketPath, serveAdminSocket } from './admin-socket.js';
import type { ServerConfig } from './config.js';
import { buildHttpApp } from './http-app.js';
import {
  closeServer,
  httpServerOptions,
  type InFlight,
  listen,
  splitListen,
  trackInFlight,
} from './http-listen.js';
import { createLogger } from './logger.js';
import { type RunningLoops, startLoops } from './loops.js';
import { openServerContext, type ServerContext } from './server-context.js';
import { replayPendingTriggers } from './trigger-wiring.js';

export interface RunningServer {
  /** `http://host:port` actually bound (port 0 in config picks a free one). */
  url: string;
  adminSocket: string | null;
  close(): Promise<void>;
}

/** Test seams: the defaults are what production runs. */
export interface ServeOptions {
  /** Wraps the app's fetch handler (tests: hold a request in flight). */
  wrapFetch?: (fetch: FetchHandler) => FetchHandler;
  /** Where the log lines go (tests: read them); standard output by default. */
  logDestination?: NodeJS.WritableStream;
}

type FetchHandler = (request: Request) => Response | Promise<Response>;

/** Replicas share one PostgreSQL: wake-ups cross them with LISTEN/NOTIFY. */
function openWakeBus(config: ServerConfig): Promise<WakeBus> {
  return config.database.url ? PgWakeBus.open(config.database.url) : Promise.resolve(new InProcessWakeBus());
}

export async function startServer(config: ServerConfig, options: ServeOptions = {}): Promise<RunningServer> {
  const logger = createLogger(config, options.logDestination);
  const socketPath = adminSocketPath(config);
  const metrics = new PrometheusMetrics();
  const wake = await openWakeBus(config);
  let ctx: ServerContext;
  try {
    ctx = await openServerContext(config, {
      socket: socketPath,
      runtime: { metrics, wake },
      onObserverError: (err) =>
        logger.warn({ err: { message: (err as Error).message } }, 'check-run sync failed'),
    });
  } catch (err) {
    await wake.close();
    throw err;
  }
  if (!ctx.rootKey) logger.warn('runner API is not configured: set auth.totp_key_b64 (SHITHUB_TOTP_KEY)');

  const app = buildHttpApp({ ctx, config, logger, metrics, wake });
  const fetch: FetchHandler = (request) => app.fetch(request);
  const http = createAdaptorServer({
    fetch: options.wrapFetch?.(fetch) ?? fetch,
    serverOptions: httpServerOptions(config.http),
  }) as Server;
  let closing: Promise<void> | null = null;
  const inFlight = trackInFlight(http, () => closing !== null);
  const { host, port } = splitListen(config.listen);
  let adminSocket: AdminSocket | null = null;
  try {
    await listen(http, { host, port });
    if (socketPath) adminSocket = await serveAdminSocket(socketPath, new DirectAdminApi(ctx.deps), logger);
  } catch (err) {
    await wake.close();
    await closeServer(http);
    await ctx.db.close();
    throw err;
  }
  const address = http.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${bound}`;
  const loops = startLoops({ ...ctx.deps, metrics }, config, logger);
  logger.info({ url, driver: ctx.db.driver, data_dir: config.dataDir }, 'shithubd listening');
  const replayed = replayPendingTriggers(ctx.deps, logger);

  const drainMs = config.http.shutdownGraceMs;
  return {
    url,
    adminSocket: socketPath,
    close: () => {
      closing ??= shutdown({ ctx, logger, wake, loops, replayed, http, inFlight, drainMs, adminSocket });
      return closing;
    },
  };
}

interface Running {
  ctx: ServerContext;
  logger: Logger;
  wake: WakeBus;
  loops: RunningLoops;
  replayed: Promise<void>;
  http: Server;
  inFlight: InFlight;
  drainMs: number;
  adminSocket: AdminSocket | null;
}

/**
 * Stops in reverse order of start; the database closes last. New connections are refused
 * at once, open long polls answer 204, and in-flight requests finish (up to `drainMs`)
 * before the loops and the pool close, so a rolling restart loses no answer.
 */
async function shutdown(r: Running): Promise<void> {
  r.logger.info({ in_flight: r.inFlight.count() }, 'shithubd stopping');
  const httpClosed = closeServer(r.http, { inFlight: r.inFlight, drainMs: r.drainMs });
  await r.wake.close(); // long-polling heartbeats answer 204 now, not at their deadline
  await httpClosed;
  await r.loops.stop();
  await r.replayed;
  await r.adminSocket?.close();
  await r.ctx.db.close();
  r.logger.info('shithubd stopped');
}
