/** Whether a trigger may create runs at all (SPEC §9.3, facts §7 `EvaluateTrigger`). */
import type { Clock } from '../../ports/clock.js';
import type { Repo } from '../../ports/model/forge.js';
import type { RunEvent } from '../../ports/model/run.js';
import type { PolicyStore } from '../../ports/policy-store.js';
import type { RepoStore } from '../../ports/repo-store.js';
import type { TriggerRuns } from '../../ports/trigger-runs.js';
import type { UserStore } from '../../ports/user-store.js';
import { DomainError, forbidden } from '../errors.js';
import { resolveRepoPolicy } from '../forge/actions-policy.js';
import { repoPermission, roleSatisfies } from '../forge/repo-permission.js';

export type TriggerVerdict =
  | { allowed: true; needApproval: boolean }
  | { allowed: false; refusal: DomainError };

export interface TriggerPolicyDeps {
  policies: PolicyStore;
  triggerRuns: TriggerRuns;
  users: UserStore;
  repos: RepoStore;
  clock: Clock;
}

export const APPROVAL_REASON = 'Pull request workflow requires maintainer approval before runner dispatch.';
const HOUR_MS = 60 * 60 * 1000;

/**
 * In order: Actions disabled (conflict `actions.disabled`), the repository's queued-run cap
 * (rate_limited `actions.queue_full`), then, except for `schedule`, an actor is required
 * (forbidden `actions.actor_required`) and held to the hourly trigger limit (rate_limited
 * `actions.actor_rate_limited`). A `pull_request` whose author cannot write to the base
 * repository needs approval when `require_pr_approval` is on. Refusals are returned, not thrown.
 */
export async function checkTriggerPolicy(
  deps: TriggerPolicyDeps,
  input: { repo: Repo; event: RunEvent; actorUserId: number | null },
): Promise<TriggerVerdict> {
  const { repo, event, actorUserId } = input;
  const path = `${repo.ownerName}/${repo.name}`;
  const policy = await resolveRepoPolicy(deps, repo);
  if (!policy.actionsEnabled) {
    return refuse('conflict', 'actions.disabled', `Actions are disabled for ${path}; no run was created`);
  }
  const queued = await deps.triggerRuns.countQueuedRuns(repo.id);
  if (queued >= policy.limits.maxRepoQueuedRuns) {
    const limit = policy.limits.maxRepoQueuedRuns;
    return refuse(
      'rate_limited',
      'actions.queue_full',
      `${path} already has ${queued} queued runs (limit ${limit})`,
    );
  }
  if (event === 'schedule') return { allowed: true, needApproval: false };
  if (actorUserId === null) {
    return { allowed: false, refusal: forbidden('actions.actor_required', 'a trigger needs an actor') };
  }
  const since = new Date(deps.clock.now().getTime() - HOUR_MS);
  const recent = await deps.triggerRuns.countRunsByActorSince(actorUserId, since);
  if (recent >= policy.limits.actorTriggerLimitPerHour) {
    const limit = policy.limits.actorTriggerLimitPerHour;
    return refuse(
      'rate_limited',
      'actions.actor_rate_limited',
      `trigger limit reached: ${limit} runs per hour`,
    );
  }
  if (event !== 'pull_request' || !policy.limits.requirePrApproval)
    return { allowed: true, needApproval: false };
  const role = await repoPermission(deps, { userId: actorUserId, repo });
  return { allowed: true, needApproval: !roleSatisfies(role, 'write') };
}

function refuse(kind: 'conflict' | 'rate_limited', code: string, message: string): TriggerVerdict {
  return { allowed: false, refusal: new DomainError(kind, code, message) };
}
