/** A run's workflow file re-read at its commit, for reruns (the `WorkflowSource` port). */
import type { GitReader } from '../../ports/git-reader.js';
import type { Run } from '../../ports/model/run.js';
import type { RepoStore } from '../../ports/repo-store.js';
import type { VariableStore } from '../../ports/variable-store.js';
import type { WorkflowDefinition } from '../../ports/workflow-source.js';
import { isDomainError } from '../errors.js';
import { resolveVariables } from '../forge/variables.js';
import type { DispatchInputValue } from '../workflows/dispatch-inputs.js';
import { readWorkflowFile } from './discover-workflows.js';
import { expandWorkflowCalls } from './expand-workflow-calls.js';
import { planWorkflowRun } from './plan-run.js';
import { type TriggerRequest, triggerExpressionContext } from './trigger-request.js';

/**
 * Reads `run.workflowFile` at `run.headSha` (and the reusable workflows it calls) and plans its jobs with the run's event, ref,
 * payload, (dispatch) inputs and the repository's `vars` as they are now: `missing` when the repository, commit or file is gone,
 * `invalid` with diagnostics when it no longer parses or plans. Read-only.
 */
export async function loadWorkflowDefinition(
  deps: { git: GitReader; repos: RepoStore; defaultTimeoutMinutes?: number; variables?: VariableStore },
  run: Run,
): Promise<WorkflowDefinition> {
  const repo = await deps.repos.getRepoById(run.repoId);
  if (!repo) return { kind: 'missing' };
  const options =
    deps.defaultTimeoutMinutes === undefined ? {} : { defaultTimeoutMinutes: deps.defaultTimeoutMinutes };
  const found = await readWorkflowFile(deps, { repo, sha: run.headSha, file: run.workflowFile, ...options });
  if (!found) return { kind: 'missing' };
  const workflow = found.parsed.workflow;
  if (workflow === null) return { kind: 'invalid', diagnostics: found.parsed.diagnostics };
  const vars = deps.variables ? await resolveVariables({ variables: deps.variables }, repo) : {};
  const request: TriggerRequest = {
    repo,
    event: run.event,
    match: { kind: 'workflow_dispatch' },
    sha: run.headSha,
    ref: run.headRef,
    payload: run.eventPayload,
    actor: null,
    triggerEventId: run.triggerEventId,
    inputs: inputsOf(run),
    vars,
  };
  try {
    const context = triggerExpressionContext(request);
    const expanded = await expandWorkflowCalls(deps, {
      repo,
      sha: run.headSha,
      workflow,
      context,
      ...options,
    });
    const { planned } = planWorkflowRun(expanded, request, { needApproval: run.needApproval });
    return { kind: 'found', workflowName: planned.workflowName, jobs: planned.jobs };
  } catch (err) {
    if (!isDomainError(err)) throw err;
    return {
      kind: 'invalid',
      diagnostics: [{ path: '', line: null, message: err.message, severity: 'error' }],
    };
  }
}

/** Dispatch inputs as stored in the payload (text), for `${{ inputs.* }}` in names and labels. */
function inputsOf(run: Run): Record<string, DispatchInputValue> {
  const raw = run.eventPayload['inputs'];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return {};
  return Object.fromEntries(
    Object.entries(raw).filter((e): e is [string, DispatchInputValue] =>
      ['string', 'number', 'boolean'].includes(typeof e[1]),
    ),
  );
}
