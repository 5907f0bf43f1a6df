/** The job-side stores admin commands use (queue, running jobs, recovery). */
import type { JobLifecycle } from '../../../ports/job-lifecycle.js';
import type { JobQueue } from '../../../ports/job-queue.js';
import type { RunQueries } from '../../../ports/run-queries.js';
import type { RunStore } from '../../../ports/run-store.js';

export interface JobAdminDeps {
  queue: JobQueue;
  lifecycle: JobLifecycle;
  runs: RunStore;
  /** Open runs by repository, for `admin actions cancel`. */
  runQueries: RunQueries;
  /** A runner silent longer than this counts as offline in the queue view. */
  runnerStaleAfterMs: number;
}
