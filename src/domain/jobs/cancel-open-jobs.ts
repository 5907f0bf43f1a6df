/**
 * The emergency stop of the runbook ("cancel active work for a repo"): every queued and
 * running job of a repository, an owner's repositories or the whole site, cancelled run by
 * run through {@link cancelRun} — queued jobs end cancelled at once, running ones are asked
 * to cancel and their runners stop them on their next cancel check.
 */
import type { Clock } from '../../ports/clock.js';
import type { JobLifecycle } from '../../ports/job-lifecycle.js';
import type { Repo } from '../../ports/model/forge.js';
import type { Run } from '../../ports/model/run.js';
import type { RepoStore } from '../../ports/repo-store.js';
import type { RunQueries } from '../../ports/run-queries.js';
import type { RunStore } from '../../ports/run-store.js';
import type { UserStore } from '../../ports/user-store.js';
import { notFound } from '../errors.js';
import { quote } from '../forge/names.js';
import { getRepoByPath } from '../forge/repository.js';
import { cancelRun } from './cancel-jobs.js';

/** Whose open work to cancel: one repository (`owner/name`), one owner's, or everything. */
export type CancelScope = { repoPath: string } | { ownerName: string } | 'all';

export interface CancelOpenJobsReport {
  dryRun: boolean;
  /** Repositories looked at. */
  repositories: number;
  /** Runs that had queued or running jobs, by id. */
  runIds: number[];
  /** Queued jobs found (cancelled unless dry run). */
  queuedJobs: number;
  /** Running jobs found (asked to cancel unless dry run). */
  runningJobs: number;
  /** Jobs this call changed: queued ones cancelled plus running ones newly asked; 0 on a dry run. */
  changedJobs: number;
}

type Deps = {
  repos: RepoStore;
  users: UserStore;
  runQueries: RunQueries;
  runs: RunStore;
  lifecycle: JobLifecycle;
  clock: Clock;
};

const PAGE = 100;

/**
 * Cancels every queued and running job in `scope`, one run per transaction (a run enqueued
 * meanwhile is not covered: run it again). With `dryRun` nothing changes and the report
 * says what would be. `reason` is stored on each cancelled job. not_found `repo.not_found`
 * or `owner.not_found`; invalid `repo.path_invalid`.
 */
export async function cancelOpenJobs(
  deps: Deps,
  input: { scope: CancelScope; dryRun: boolean; reason: string },
): Promise<CancelOpenJobsReport> {
  const repos = await reposInScope(deps, input.scope);
  const report: CancelOpenJobsReport = {
    dryRun: input.dryRun,
    repositories: repos.length,
    runIds: [],
    queuedJobs: 0,
    runningJobs: 0,
    changedJobs: 0,
  };
  for (const repo of repos) {
    for (const run of await openRuns(deps, repo.id)) {
      const jobs = await deps.runs.listJobs(run.id);
      report.runIds.push(run.id);
      report.queuedJobs += jobs.filter((j) => j.status === 'queued').length;
      report.runningJobs += jobs.filter((j) => j.status === 'running').length;
      if (!input.dryRun) {
        report.changedJobs += (await cancelRun(deps, { runId: run.id, reason: input.reason })).changedJobs;
      }
    }
  }
  return report;
}

async function reposInScope(deps: Deps, scope: CancelScope): Promise<Repo[]> {
  if (scope !== 'all' && 'repoPath' in scope) return [await getRepoByPath(deps, scope.repoPath)];
  let belongs = (_repo: Repo) => true;
  if (scope !== 'all') {
    const owner = await deps.users.findOwner(scope.ownerName);
    if (!owner) throw notFound('owner.not_found', `owner ${quote(scope.ownerName)} not found`);
    belongs = (repo) =>
      owner.kind === 'user' ? repo.ownerUserId === owner.user.id : repo.ownerOrgId === owner.org.id;
  }
  const found: Repo[] = [];
  for (let afterId = 0; ; ) {
    const page = await deps.repos.listRepos(afterId, PAGE);
    found.push(...page.filter(belongs));
    const last = page.at(-1);
    if (!last || page.length < PAGE) return found;
    afterId = last.id;
  }
}

/** Every queued or running run of the repository, read before any is cancelled. */
async function openRuns(deps: Deps, repoId: number): Promise<Run[]> {
  const runs: Run[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await deps.runQueries.listRuns(
      { repoId, statuses: ['queued', 'running'] },
      { limit: PAGE, offset },
    );
    runs.push(...page.runs);
    if (page.runs.length < PAGE) return runs;
  }
}
