/** The loop body that makes sure no accepted push or pull request update is lost (SPEC §5). */
import { firePullRequestTrigger } from './fire-pull-request.js';
import { type PushOutcome, type PushProcessingDeps, tryProcessPushEvent } from './process-push-event.js';

export interface RetrySummary {
  processed: PushOutcome[];
  /** Events whose attempt failed again (still pending, or now `failed`). */
  failed: { eventId: number; error: string }[];
  /** Pull requests whose owed trigger was fired. */
  pullRequests: number[];
  /** Pull requests whose owed trigger failed again. */
  pullRequestFailures: { pullRequestId: number; error: string }[];
}

/**
 * Processes pending push events older than `minAgeMs` (so a push still being processed by
 * its own request is left alone; 0 on start-up), oldest first, and fires the `pull_request`
 * triggers still owed to open pull requests. Safe to run on every replica at once: every
 * step is idempotent per trigger id. Never throws for one bad event.
 */
export async function retryPendingTriggers(
  deps: PushProcessingDeps,
  opts: { minAgeMs: number; limit: number },
): Promise<RetrySummary> {
  const cutoff = new Date(deps.clock.now().getTime() - opts.minAgeMs);
  const summary: RetrySummary = { processed: [], failed: [], pullRequests: [], pullRequestFailures: [] };
  for (const event of await deps.pushEvents.listPendingPushEvents(cutoff, opts.limit)) {
    const result = await tryProcessPushEvent(deps, { eventId: event.id });
    if (result.ok) summary.processed.push(result.outcome);
    else summary.failed.push({ eventId: event.id, error: result.error });
  }
  for (const pr of await deps.pullRequests.listUntriggered(cutoff, opts.limit)) {
    try {
      await firePullRequestTrigger(deps, { pr, action: pr.triggeredSha === null ? 'opened' : 'synchronize' });
      summary.pullRequests.push(pr.id);
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      summary.pullRequestFailures.push({ pullRequestId: pr.id, error });
    }
  }
  return summary;
}
