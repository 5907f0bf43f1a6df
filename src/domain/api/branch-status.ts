/**
 * The status a repository page shows for a commit (SPEC §5, §17): the roll-up of its check
 * runs and the newest workflow run behind them.
 */
import type { CheckRunStore } from '../../ports/check-run-store.js';
import type { GitReader } from '../../ports/git-reader.js';
import type { Repo } from '../../ports/model/forge.js';
import type { Run } from '../../ports/model/run.js';
import type { CheckRun, CommitInfo } from '../../ports/model/trigger.js';
import type { RunStore } from '../../ports/run-store.js';
import { type CombinedStatus, combineCheckRuns } from '../triggers/check-runs.js';

const EXTERNAL_ID = /^workflow_run:([1-9][0-9]{0,15})(?::job:|$)/;

/** The workflow run id a check run belongs to (`workflow_run:<id>[:job:<key>]`), or null. */
export function runIdOfCheck(check: Pick<CheckRun, 'externalId'>): number | null {
  const id = EXTERNAL_ID.exec(check.externalId)?.[1];
  return id === undefined ? null : Number(id);
}

export interface CommitStatus {
  /** Null when there are no check runs (shown grey). */
  state: CombinedStatus | null;
  checks: CheckRun[];
  /** The newest workflow run among the check runs, if it still exists. */
  run: Run | null;
}

/** The commit's combined status and newest run. Read-only. */
export async function describeCommitStatus(
  deps: { checks: CheckRunStore; runs: RunStore },
  input: { repoId: number; sha: string },
): Promise<CommitStatus> {
  const checks = await deps.checks.listCheckRuns(input.repoId, input.sha);
  const runIds = checks.flatMap((c) => {
    const id = runIdOfCheck(c);
    return id === null ? [] : [id];
  });
  const newest = runIds.length === 0 ? undefined : await deps.runs.getRun(Math.max(...runIds));
  return { state: combineCheckRuns(checks), checks, run: newest ?? null };
}

export interface BranchStatus extends CommitStatus {
  /** The branch's commit, or null when the branch does not exist yet (empty repository). */
  sha: string | null;
  commit: CommitInfo | null;
}

/** The default branch's latest commit and its status. Read-only. */
export async function describeDefaultBranch(
  deps: { git: GitReader; checks: CheckRunStore; runs: RunStore },
  repo: Repo,
): Promise<BranchStatus> {
  const resolved = await deps.git.resolveCommit(repo, `refs/heads/${repo.defaultBranch}`);
  if (!resolved) return { sha: null, commit: null, state: null, checks: [], run: null };
  const commit = (await deps.git.getCommit(repo, resolved.sha)) ?? null;
  const status = await describeCommitStatus(deps, { repoId: repo.id, sha: resolved.sha });
  return { sha: resolved.sha, commit, ...status };
}
