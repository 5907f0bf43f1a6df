/** Storage and retention: the runbook's `run-job workflow:cleanup` and run pinning (SPEC §16). */
import { setRunPinned } from '../../../domain/jobs/pin-run.js';
import { sweepRetention } from '../../../domain/retention/sweep-retention.js';
import type { Run } from '../../../ports/model/run.js';
import { renderRecord } from '../cli/text.js';
import { adminCommand, iso } from './admin-command.js';
import { adminInput, positiveInt, toggle } from './input-fields.js';

const runJson = (run: Run) => ({
  id: run.id,
  repo_id: run.repoId,
  run_index: run.runIndex,
  status: run.status,
  completed_at: iso(run.completedAt),
  pinned: run.pinned,
});

const pinCommand = (pinned: boolean) =>
  adminCommand({
    path: ['admin', 'run', pinned ? 'pin' : 'unpin'],
    summary: pinned
      ? 'keep a run (and its logs and artifacts) past retention.run_days'
      : 'let the retention sweep delete a run again once it is old enough',
    input: adminInput({ id: positiveInt('<run-id>', 'the run') }),
    /** Sets the run's `pinned` flag; repeating it changes nothing. */
    handle: async (deps, input) => runJson(await setRunPinned(deps, { runId: input.id, pinned })),
    render: renderRecord,
  });

export const retentionCommands = {
  'workflow.cleanup': adminCommand({
    path: ['admin', 'run-job', 'workflow:cleanup'],
    summary: 'the retention sweep: old log chunks, expired artifacts, old runs, old job-token rows',
    input: adminInput({
      dry_run: toggle('only count what would be deleted; change nothing'),
    }),
    /**
     * Runs the sweep now with the `retention.*` thresholds, after any sweep in progress (one
     * at a time across replicas), or with `--dry-run` counts what it would delete. Prints
     * the count per kind.
     */
    handle: async (deps, input) => {
      const report = await sweepRetention(deps, {
        policy: deps.retentionPolicy,
        dryRun: input.dry_run,
        waitForLock: true,
      });
      return { dry_run: report.dryRun, ...report.counts, failures: report.failures };
    },
    render: renderRecord,
  }),
  'run.pin': pinCommand(true),
  'run.unpin': pinCommand(false),
};
