/** `shithubd admin actions cancel …`: the runbook's emergency stop for queued and running jobs. */
import * as v from 'valibot';
import { invalid } from '../../../domain/errors.js';
import { type CancelScope, cancelOpenJobs } from '../../../domain/jobs/cancel-open-jobs.js';
import { renderRecord } from '../cli/text.js';
import { adminCommand } from './admin-command.js';
import { adminInput, optional, text, toggle } from './input-fields.js';

const ONE_SCOPE = 'give exactly one of --repo, --org or --all';
/** Stored as each cancelled job's status reason, and the `jobs_cancelled_total` label. */
const ADMIN_REASON = 'admin';

function cancelScope({ repo, org, all }: { repo?: string; org?: string; all: boolean }): CancelScope {
  if (all) return 'all';
  if (repo !== undefined) return { repoPath: repo };
  if (org !== undefined) return { ownerName: org };
  throw invalid('admin.input_invalid', ONE_SCOPE);
}

export const actionsCommands = {
  'actions.cancel': adminCommand({
    path: ['admin', 'actions', 'cancel'],
    summary: 'cancel every queued and running job of a repository, an owner or the site',
    input: v.pipe(
      adminInput({
        repo: optional(text('<owner/name>', 'a repository')),
        org: optional(text('<name>', 'every repository of an organisation (or user)')),
        all: toggle('every repository'),
        dry_run: toggle('only count what would be cancelled'),
      }),
      v.partialCheck(
        [['repo'], ['org'], ['all']],
        (i) => [i.repo !== undefined, i.org !== undefined, i.all].filter(Boolean).length === 1,
        ONE_SCOPE,
      ),
    ),
    handle: async (deps, input) => {
      const scope = cancelScope(input);
      const report = await cancelOpenJobs(deps, { scope, dryRun: input.dry_run, reason: ADMIN_REASON });
      if (report.changedJobs > 0) {
        deps.metrics?.increment('jobs_cancelled_total', { reason: ADMIN_REASON }, report.changedJobs);
      }
      return {
        dry_run: report.dryRun,
        scope: scope === 'all' ? 'all' : 'repoPath' in scope ? 'repo' : 'org',
        target: scope === 'all' ? null : 'repoPath' in scope ? scope.repoPath : scope.ownerName,
        repositories: report.repositories,
        runs: report.runIds.length,
        queued_jobs: report.queuedJobs,
        running_jobs: report.runningJobs,
        changed_jobs: report.changedJobs,
        run_ids: report.runIds,
      };
    },
    render: renderRecord,
  }),
};
