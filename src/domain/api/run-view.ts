/** What the API shows beside a run: who triggered it and its approval decision. */
import type { User } from '../../ports/model/forge.js';
import type { Run, RunApproval } from '../../ports/model/run.js';
import type { RunQueries } from '../../ports/run-queries.js';
import type { UserStore } from '../../ports/user-store.js';

export interface RunView {
  run: Run;
  /** Null for runs without an actor (schedule) or whose user was deleted. */
  actor: User | null;
  approval: RunApproval | undefined;
}

/** The run with its actor and approval row. Read-only. */
export async function describeRun(
  deps: { users: UserStore; runQueries: RunQueries },
  run: Run,
): Promise<RunView> {
  const actor = run.actorUserId === null ? undefined : await deps.users.getUserById(run.actorUserId);
  const approval = run.needApproval ? await deps.runQueries.getRunApproval(run.id) : undefined;
  return { run, actor: actor ?? null, approval };
}
