/** Builds the git hosting and trigger routes' dependencies for `serve`, and the start-up replay. */
import { join } from 'node:path';
import { CgiGitHttpBackend } from '../../adapters/git/cgi-http-backend.js';
import type { GitRouteDeps } from '../../adapters/http/git/git-routes.js';
import type { TriggerRouteDeps } from '../../adapters/http/triggers/trigger-route-deps.js';
import { loadWorkflowDefinition } from '../../domain/triggers/load-workflow-definition.js';
import { retryPendingTriggers } from '../../domain/triggers/retry-pending-triggers.js';
import type { JobTokens } from '../../ports/job-tokens.js';
import type { WorkflowSource } from '../../ports/workflow-source.js';
import type { AdminDeps } from './admin/admin-deps.js';
import type { ServerConfig } from './config.js';

interface Logger {
  info(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

/** The route deps of git smart HTTP and of dispatch/forks/pulls, and the rerun workflow source. */
export function buildTriggerAppDeps(
  deps: AdminDeps,
  opts: { config: ServerConfig; logger: Logger; jobTokens: JobTokens | null },
): { git: GitRouteDeps; triggers: TriggerRouteDeps; workflows: WorkflowSource } {
  const { config, logger, jobTokens } = opts;
  return {
    git: {
      ...deps,
      backend: new CgiGitHttpBackend(join(config.dataDir, 'repos')),
      checkout: jobTokens ? { jobTokens, runs: deps.runs, runners: deps.runners, clock: deps.clock } : null,
      logger,
    },
    triggers: { ...deps, baseUrl: config.baseUrl, logger },
    workflows: { loadDefinition: (run) => loadWorkflowDefinition(deps, run) },
  };
}

/** Processes every push event and pull request trigger left pending by an earlier process. */
export function replayPendingTriggers(deps: AdminDeps, logger: Logger): Promise<void> {
  return retryPendingTriggers(deps, { minAgeMs: 0, limit: 1000 }).then(
    (summary) => {
      if (summary.processed.length + summary.pullRequests.length > 0) {
        logger.info(
          { push_events: summary.processed.length, pull_requests: summary.pullRequests.length },
          'replayed pending triggers',
        );
      }
      for (const f of summary.failed)
        logger.error({ push_event_id: f.eventId, err: f.error }, 'push event processing failed again');
    },
    (err: unknown) =>
      logger.error(
        { err: err instanceof Error ? err.message : String(err) },
        'replaying pending triggers failed',
      ),
  );
}
