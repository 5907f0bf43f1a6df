/**
 * The expression contexts a claimed job takes along beyond its own row (SPEC §6, §7.1):
 * `needs` (its dependencies' results and outputs), `vars` (the repository's and
 * organisation's variables, as they are at claim time) and `github.actor`.
 */
import type { NeededJobResult } from '../../ports/model/assignment.js';
import type { Repo } from '../../ports/model/forge.js';
import type { ClaimedJob } from '../../ports/model/queue.js';
import type { RunStore } from '../../ports/run-store.js';
import type { UserStore } from '../../ports/user-store.js';
import type { VariableStore } from '../../ports/variable-store.js';
import { resolveVariables } from '../forge/variables.js';
import { needsContext } from '../jobs/needs-context.js';

export type ClaimContextDeps = { runs: RunStore; variables: VariableStore; users: UserStore };

export interface ClaimContexts {
  needs: Record<string, NeededJobResult>;
  vars: Record<string, string>;
  /** The name of the user who triggered the run; '' when none (schedule) or gone. */
  actor: string;
}

/** Reads the contexts of a claimed job (plain reads, after the claim committed). */
export async function loadClaimContexts(
  deps: ClaimContextDeps,
  claimed: ClaimedJob,
  repo: Pick<Repo, 'id' | 'ownerOrgId'>,
): Promise<ClaimContexts> {
  const { job, run } = claimed;
  const jobs = job.needsJobs.length === 0 ? [] : await deps.runs.listJobs(run.id);
  const actor = run.actorUserId === null ? undefined : await deps.users.getUserById(run.actorUserId);
  return {
    needs: needsContext(jobs, job.needsJobs, job),
    vars: await resolveVariables(deps, repo),
    actor: actor?.name ?? '',
  };
}
