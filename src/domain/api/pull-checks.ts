/** A pull request's check runs (the PR Checks tab, SPEC §17; runbook "Expected results"). */
import type { CheckRunStore } from '../../ports/check-run-store.js';
import type { Run } from '../../ports/model/run.js';
import type { CheckRun, PullRequest } from '../../ports/model/trigger.js';
import type { PullRequestStore } from '../../ports/pull-request-store.js';
import type { RunStore } from '../../ports/run-store.js';
import { notFound } from '../errors.js';
import { type CombinedStatus, combineCheckRuns } from '../triggers/check-runs.js';
import { runIdOfCheck } from './branch-status.js';

export interface PullChecks {
  pr: PullRequest;
  /** The roll-up of the head commit's check runs; null without any. */
  state: CombinedStatus | null;
  /** Each check run on the head commit with the run it belongs to (null when gone). */
  checks: { check: CheckRun; run: Run | null }[];
}

/**
 * The check runs on the pull request's head commit, as the base repository records them.
 * Throws not_found `pull.not_found`. Read-only.
 */
export async function listPullChecks(
  deps: { pullRequests: PullRequestStore; checks: CheckRunStore; runs: RunStore },
  input: { repoId: number; number: number },
): Promise<PullChecks> {
  const pr = await deps.pullRequests.getPullRequest(input.repoId, input.number);
  if (!pr) throw notFound('pull.not_found', `pull request #${input.number} not found`);
  const checks = await deps.checks.listCheckRuns(input.repoId, pr.headSha);
  const runs = new Map<number, Run | null>();
  for (const check of checks) {
    const id = runIdOfCheck(check);
    if (id !== null && !runs.has(id)) runs.set(id, (await deps.runs.getRun(id)) ?? null);
  }
  return {
    pr,
    state: combineCheckRuns(checks),
    checks: checks.map((check) => ({ check, run: runs.get(runIdOfCheck(check) ?? 0) ?? null })),
  };
}
