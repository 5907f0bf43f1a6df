/** What happens after `git push` succeeded: record first, then process (SPEC §5). */
import type { Repo } from '../../ports/model/forge.js';
import type { PushEvent } from '../../ports/model/trigger.js';
import { type PushOutcome, type PushProcessingDeps, tryProcessPushEvent } from './process-push-event.js';
import { diffRefs, recordPush } from './record-push.js';

export interface AcceptedPush {
  events: PushEvent[];
  processed: PushOutcome[];
  /** Events whose processing failed: they stay pending for `retryPendingTriggers`. */
  failed: { eventId: number; error: string }[];
}

/**
 * Compares the ref snapshots taken around receive-pack, durably records one push event per
 * created or moved branch or tag (deletions fire nothing), then processes each. A failure
 * while recording propagates (nothing was stored); a failure while processing is recorded
 * on the event, which stays pending, and is reported, not thrown.
 */
export async function acceptPush(
  deps: PushProcessingDeps,
  input: {
    repo: Repo;
    pusherUserId: number | null;
    before: ReadonlyMap<string, string>;
    after: ReadonlyMap<string, string>;
  },
): Promise<AcceptedPush> {
  const updates = diffRefs(input.before, input.after);
  const events = await recordPush(deps, { repo: input.repo, pusherUserId: input.pusherUserId, updates });
  const accepted: AcceptedPush = { events, processed: [], failed: [] };
  for (const event of events) {
    const result = await tryProcessPushEvent(deps, { eventId: event.id });
    if (result.ok) accepted.processed.push(result.outcome);
    else accepted.failed.push({ eventId: event.id, error: result.error });
  }
  return accepted;
}
