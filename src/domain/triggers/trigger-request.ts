/** What one trigger asks for, and the expression context it gives workflows (SPEC §5, §6). */
import type { Repo } from '../../ports/model/forge.js';
import type { JsonObject, RunEvent } from '../../ports/model/run.js';
import type { DispatchInputValue } from '../workflows/dispatch-inputs.js';
import type { ExpressionContext } from '../workflows/expressions/evaluate.js';
import type { ExprObject, ExprValue } from '../workflows/expressions/values.js';
import type { TriggerEvent } from '../workflows/triggers.js';

/** Where workflow files live in a repository. */
export const WORKFLOWS_DIR = '.shithub/workflows';
/** Read instead when `.shithub/workflows` holds none, so a project moves over without renaming. */
export const GITHUB_WORKFLOWS_DIR = '.github/workflows';

export interface TriggerActor {
  id: number;
  name: string;
}

/** One event on one commit of one repository. */
export interface TriggerRequest {
  repo: Repo;
  event: RunEvent;
  /** What `matchTrigger` compares against each workflow's `on:`. */
  match: TriggerEvent;
  /** The commit whose workflow files are read and run. */
  sha: string;
  /** Stored as the run's `head_ref` (`refs/heads/trunk`, `refs/pull/3/head`). */
  ref: string;
  payload: JsonObject;
  /** Null for schedule. */
  actor: TriggerActor | null;
  /** `push:<id>`, `pr_opened:<pr>:<sha>`, …: replaying it creates nothing new. */
  triggerEventId: string;
  /** Only this workflow file (dispatch); every file otherwise. */
  onlyFile?: string;
  /** Typed `workflow_dispatch` inputs. */
  inputs?: Record<string, DispatchInputValue>;
  /** The repository's `vars` (set by `triggerWorkflows` when it has a variable store). */
  vars?: Record<string, string>;
}

/**
 * The contexts known at enqueue: `shithub` (`github` reads it) with sha, ref, ref_name,
 * event_name, actor, repository and the event payload, plus `inputs` and `vars`. Never secrets.
 */
export function triggerExpressionContext(request: TriggerRequest): ExpressionContext {
  const { repo, ref } = request;
  const shithub: ExprObject = {
    sha: request.sha,
    ref,
    ref_name: shortRefName(ref),
    event_name: request.event,
    actor: request.actor?.name ?? '',
    repository: `${repo.ownerName}/${repo.name}`,
    repository_owner: repo.ownerName,
    event: request.payload as ExprValue,
  };
  return {
    contexts: { shithub, inputs: (request.inputs ?? {}) as ExprObject, vars: { ...(request.vars ?? {}) } },
  };
}

/** `refs/heads/x` → `x`, `refs/tags/v1` → `v1`; other refs as they are. */
export function shortRefName(ref: string): string {
  for (const prefix of ['refs/heads/', 'refs/tags/']) {
    if (ref.startsWith(prefix)) return ref.slice(prefix.length);
  }
  return ref;
}
