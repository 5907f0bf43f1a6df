/** Turning an accepted push into durable push events (SPEC §5). */
import type { Clock } from '../../ports/clock.js';
import type { GitReader } from '../../ports/git-reader.js';
import type { Repo } from '../../ports/model/forge.js';
import type { PushEvent } from '../../ports/model/trigger.js';
import type { NewPushEvent, PushEventStore } from '../../ports/push-event-store.js';

export const ZERO_SHA = '0000000000000000000000000000000000000000';
/** Past this many changed paths the list is not stored (path filters then let the push through). */
export const MAX_CHANGED_PATHS = 3000;

export interface RefUpdate {
  ref: string;
  /** `ZERO_SHA` for a new ref. */
  before: string;
  after: string;
}

/**
 * The branches and tags a push created or moved, from the ref snapshots taken before and
 * after it: branches first, then tags, each by name. Deleted refs fire nothing and are left out.
 */
export function diffRefs(
  before: ReadonlyMap<string, string>,
  after: ReadonlyMap<string, string>,
): RefUpdate[] {
  const updates: RefUpdate[] = [];
  for (const [ref, sha] of after) {
    const old = before.get(ref);
    if (old !== sha) updates.push({ ref, before: old ?? ZERO_SHA, after: sha });
  }
  const rank = (ref: string) => (ref.startsWith('refs/heads/') ? 0 : 1);
  return updates.sort((a, b) => rank(a.ref) - rank(b.ref) || (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
}

/**
 * Stores one pending push event per update, all in one atomic write, with the head commit
 * and the changed paths (null for a new ref or more than `MAX_CHANGED_PATHS`). Updates whose
 * commit git cannot read are left out. Must complete before the pusher is told "ok".
 */
export async function recordPush(
  deps: { git: GitReader; pushEvents: PushEventStore; clock: Clock },
  input: { repo: Repo; pusherUserId: number | null; updates: readonly RefUpdate[] },
): Promise<PushEvent[]> {
  const now = deps.clock.now();
  const events: NewPushEvent[] = [];
  for (const update of input.updates) {
    const headCommit = await deps.git.getCommit(input.repo, update.after);
    if (!headCommit) continue;
    const changedPaths =
      update.before === ZERO_SHA
        ? null
        : await deps.git.changedPaths(
            input.repo,
            { from: update.before, to: update.after },
            MAX_CHANGED_PATHS,
          );
    events.push({
      repoId: input.repo.id,
      pusherUserId: input.pusherUserId,
      ref: update.ref,
      before: update.before,
      after: update.after,
      headCommit,
      changedPaths,
      createdAt: now,
    });
  }
  return deps.pushEvents.recordPushEvents(events);
}
