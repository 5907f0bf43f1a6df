/** The trigger-side stores and git access admin commands (and `serve`) use. */
import type { CheckRunStore } from '../../../ports/check-run-store.js';
import type { GitReader } from '../../../ports/git-reader.js';
import type { GitTransfer } from '../../../ports/git-transfer.js';
import type { PullRequestStore } from '../../../ports/pull-request-store.js';
import type { PushEventStore } from '../../../ports/push-event-store.js';
import type { TriggerRuns } from '../../../ports/trigger-runs.js';

export interface TriggerAdminDeps {
  pushEvents: PushEventStore;
  pullRequests: PullRequestStore;
  checks: CheckRunStore;
  triggerRuns: TriggerRuns;
  git: GitReader;
  gitTransfer: GitTransfer;
  /** `timeout-minutes` of jobs that set none (`actions.default_timeout_minutes`). */
  defaultTimeoutMinutes: number;
  /** Wakes long-polling runners after an enqueue; set inside `serve`. */
  onEnqueued?: () => void;
}
