/** Processing durable push events: now, on a retry, or on an operator's replay (SPEC §5). */
import type { PushEvent } from '../../ports/model/trigger.js';
import type { PushEventStore } from '../../ports/push-event-store.js';
import { notFound } from '../errors.js';
import { type PullRequestDeps, synchronizePullRequests } from './fire-pull-request.js';
import type { TriggerReport } from './trigger-workflows.js';
import { triggerWorkflows } from './trigger-workflows.js';

export interface PushProcessingDeps extends PullRequestDeps {
  pushEvents: PushEventStore;
}

export interface PushOutcome {
  event: PushEvent;
  /** Undefined when the repository no longer exists (the event is then just marked processed). */
  report?: TriggerReport;
}

/**
 * Fires the push workflows of one stored event (trigger id `push:<id>`, so running it again
 * creates nothing new), synchronizes open pull requests whose head is the pushed branch, and
 * marks the event processed. Any failure propagates and leaves the event as it was.
 * not_found `push_event.not_found`.
 */
export async function processPushEvent(
  deps: PushProcessingDeps,
  input: { eventId: number },
): Promise<PushOutcome> {
  const event = await deps.pushEvents.getPushEvent(input.eventId);
  if (!event) throw notFound('push_event.not_found', `push event ${input.eventId} not found`);
  const repo = await deps.repos.getRepoById(event.repoId);
  if (!repo) {
    await deps.pushEvents.markPushEventProcessed(event.id, deps.clock.now());
    return { event };
  }
  const pusher = event.pusherUserId === null ? undefined : await deps.users.getUserById(event.pusherUserId);
  const report = await triggerWorkflows(deps, {
    repo,
    event: 'push',
    match: { kind: 'push', ref: event.ref, changedPaths: event.changedPaths },
    sha: event.after,
    ref: event.ref,
    payload: {
      ref: event.ref,
      before: event.before,
      after: event.after,
      head_commit: {
        id: event.headCommit.id,
        message: event.headCommit.message,
        author: { ...event.headCommit.author },
        timestamp: event.headCommit.timestamp.toISOString(),
      },
    },
    actor: pusher ? { id: pusher.id, name: pusher.name } : null,
    triggerEventId: `push:${event.id}`,
  });
  if (event.ref.startsWith('refs/heads/')) {
    await synchronizePullRequests(deps, {
      repo,
      branch: event.ref.slice('refs/heads/'.length),
      sha: event.after,
    });
  }
  await deps.pushEvents.markPushEventProcessed(event.id, deps.clock.now());
  return { event, report };
}

/** Attempts before a push event is given up on (`failed`; still replayable by hand). */
export const MAX_PUSH_ATTEMPTS = 10;

/**
 * Processes the event and records a failure instead of throwing: the event stays pending
 * (or turns `failed` after `MAX_PUSH_ATTEMPTS`) for `retryPendingTriggers`.
 */
export async function tryProcessPushEvent(
  deps: PushProcessingDeps,
  input: { eventId: number },
): Promise<{ ok: true; outcome: PushOutcome } | { ok: false; error: string }> {
  try {
    return { ok: true, outcome: await processPushEvent(deps, input) };
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    await deps.pushEvents.recordPushEventFailure(input.eventId, error.slice(0, 1000), MAX_PUSH_ATTEMPTS);
    return { ok: false, error };
  }
}
