/** `admin runner queue` and the per-job `waiting_reason` (SPEC §9.4, §14). */
import type { Clock } from '../../ports/clock.js';
import type { JobQueue } from '../../ports/job-queue.js';
import { formatRunsOn } from './labels.js';
import { DEFAULT_STALE_AFTER_MS, readyRunners } from './runner-availability.js';
import { type WaitingReason, waitingReasonForJob } from './waiting-reason.js';

export interface QueueSummaryRow {
  /** Labels joined by `,`; `(none)` for jobs that take any runner. */
  runsOn: string;
  queuedJobs: number;
  /** Online, not draining, not revoked runners carrying every requested label. */
  matchingRunnerCount: number;
  oldestQueuedAt: Date;
  oldestQueuedSeconds: number;
  /** Why the group's oldest job waits; null when a runner could take it on its next heartbeat. */
  waitingReason: WaitingReason | null;
}

type Deps = { queue: JobQueue; clock: Clock };

/** Queued jobs grouped by requested label set, ordered by `runsOn`. Read-only. */
export async function summariseQueue(
  deps: Deps,
  opts: { staleAfterMs?: number } = {},
): Promise<QueueSummaryRow[]> {
  const now = deps.clock.now();
  const staleAfterMs = opts.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
  const groups = await deps.queue.listQueueGroups();
  const loads = await deps.queue.listRunnerLoads();
  const contexts = await deps.queue.loadWaitContexts(groups.map((g) => g.oldestJobId));
  const rows = groups.map((group): QueueSummaryRow => {
    const ctx = contexts.find((c) => c.job.id === group.oldestJobId);
    return {
      runsOn: formatRunsOn(group.runsOn),
      queuedJobs: group.queuedJobs,
      matchingRunnerCount: readyRunners(group.runsOn, loads, now, staleAfterMs).length,
      oldestQueuedAt: group.oldestQueuedAt,
      oldestQueuedSeconds: Math.max(0, Math.floor((now.getTime() - group.oldestQueuedAt.getTime()) / 1000)),
      waitingReason: ctx ? waitingReasonForJob(ctx, loads, { now, staleAfterMs }) : null,
    };
  });
  return rows.sort((a, b) => (a.runsOn < b.runsOn ? -1 : a.runsOn > b.runsOn ? 1 : 0));
}

/**
 * The waiting reason of each of these jobs that is queued, unclaimed and not
 * cancel-requested (others are left out of the map). Read-only.
 */
export async function explainWaitingJobs(
  deps: Deps,
  input: { jobIds: number[]; staleAfterMs?: number },
): Promise<Map<number, WaitingReason | null>> {
  const now = deps.clock.now();
  const staleAfterMs = input.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
  const contexts = await deps.queue.loadWaitContexts(input.jobIds);
  const waiting = contexts.filter(
    (c) => c.job.status === 'queued' && c.job.runnerId === null && !c.job.cancelRequested,
  );
  if (waiting.length === 0) return new Map();
  const loads = await deps.queue.listRunnerLoads();
  return new Map(waiting.map((c) => [c.job.id, waitingReasonForJob(c, loads, { now, staleAfterMs })]));
}
