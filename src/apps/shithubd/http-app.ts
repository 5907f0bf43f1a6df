/** Builds the Hono application of `serve` from the server context and its runtime. */
import { sql } from 'drizzle-orm';
import type { Hono } from 'hono';
import type { Logger } from 'pino';
import { createApp } from '../../adapters/http/app.js';
import type { RunnerApiKeys } from '../../adapters/http/runner-api/runner-api-deps.js';
import { DEFAULT_LIVE_TAIL } from '../../adapters/http/ui/log-view.js';
import type { PrometheusMetrics } from '../../adapters/metrics/prometheus-metrics.js';
import { PgArtifactStore } from '../../adapters/postgres/artifact-store.js';
import { PgJobCallStore } from '../../adapters/postgres/job-call-store.js';
import { PgRateBuckets } from '../../adapters/postgres/rate-buckets.js';
import { PgRunQueries } from '../../adapters/postgres/run-queries.js';
import { isDatabaseUnavailable } from '../../adapters/postgres/unavailable.js';
import { JoseJobTokens } from '../../adapters/system/jose-job-tokens.js';
import { SystemTimer } from '../../adapters/system/timer.js';
import type { WakeBus } from '../../ports/wake-bus.js';
import type { ServerConfig } from './config.js';
import { observeJobCalls } from './job-observers.js';
import type { ServerContext } from './server-context.js';
import { buildTriggerAppDeps } from './trigger-wiring.js';

export interface HttpAppInput {
  ctx: ServerContext;
  config: ServerConfig;
  logger: Logger;
  metrics: PrometheusMetrics;
  wake: WakeBus;
}

/** The routes of SPEC §5, §7 and §15 on one app; runner routes answer 503 without a key. */
export function buildHttpApp({ ctx, config, logger, metrics, wake }: HttpAppInput): Hono {
  const { deps, rootKey } = ctx;
  // The secret box and the job tokens both derive from the root key: both or neither.
  const keys: RunnerApiKeys | null =
    rootKey && deps.secretBox
      ? { jobTokens: new JoseJobTokens(rootKey, deps.random), secretBox: deps.secretBox }
      : null;
  const artifacts = new PgArtifactStore(ctx.db.db);
  const triggerApp = buildTriggerAppDeps(deps, { config, logger, jobTokens: keys?.jobTokens ?? null });
  return createApp({
    logger,
    isUnavailable: isDatabaseUnavailable,
    git: triggerApp.git,
    triggers: triggerApp.triggers,
    pingDatabase: async () => void (await ctx.db.db.execute(sql`select 1`)),
    renderMetrics: async () => ({ contentType: metrics.contentType, body: await metrics.render() }),
    patApi: {
      ...deps,
      runQueries: new PgRunQueries(ctx.db.db),
      metrics,
      baseUrl: config.baseUrl,
      workflows: triggerApp.workflows,
      onJobsClaimable: () => void wake.publish({ kind: 'jobs' }),
      artifacts,
    },
    ui: {
      ...deps,
      runQueries: new PgRunQueries(ctx.db.db),
      metrics,
      wake,
      timer: new SystemTimer(),
      liveTail: { ...DEFAULT_LIVE_TAIL, maxMs: config.ui.liveLogReconnectAfterMs },
      baseUrl: config.baseUrl,
      workflows: triggerApp.workflows,
      onJobsClaimable: () => void wake.publish({ kind: 'jobs' }),
    },
    runnerApi: {
      ...deps,
      jobCalls: observeJobCalls(new PgJobCallStore(ctx.db.db), ctx.observer),
      wake,
      timer: new SystemTimer(),
      metrics,
      keys,
      baseUrl: config.baseUrl,
      heartbeatRatePerMinute: config.actions.heartbeatRatePerMinute,
      artifacts: { store: artifacts, objects: deps.objects, random: deps.random, settings: config.artifacts },
      rateBuckets: new PgRateBuckets(ctx.db.db),
    },
  });
}
