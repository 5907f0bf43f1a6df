/** `workflow_dispatch`: running one workflow file by hand (SPEC §5, facts §12). */
import type { Repo } from '../../ports/model/forge.js';
import type { Run } from '../../ports/model/run.js';
import type { Random } from '../../ports/random.js';
import { DomainError, notFound } from '../errors.js';
import { validateDispatchInputs } from '../workflows/dispatch-inputs.js';
import { listWorkflowFiles, readWorkflowFile } from './discover-workflows.js';
import { GITHUB_WORKFLOWS_DIR, type TriggerActor, WORKFLOWS_DIR } from './trigger-request.js';
import { type TriggerDeps, triggerWorkflows } from './trigger-workflows.js';

const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,200}\.ya?ml$/;

export interface DispatchInput {
  repo: Repo;
  actor: TriggerActor;
  /** `smoke.yml`, `.shithub/workflows/smoke.yml` or (the fallback) `.github/workflows/smoke.yml`. */
  file: string;
  /** Branch, tag, full ref or commit id; the default branch when omitted. */
  ref?: string;
  inputs?: Readonly<Record<string, unknown>>;
}

/**
 * Enqueues one run of the file at `ref` with typed inputs, trigger id
 * `dispatch:<file>:<sha>:<16 hex>`. Throws not_found `workflow.not_found`; unprocessable
 * `dispatch.ref_not_found`, `workflow.invalid`, `workflow.no_dispatch_trigger`,
 * `workflow.inputs_invalid` (every problem, `; `-joined); and a policy refusal as is
 * (conflict `actions.disabled`, rate_limited `actions.queue_full` / `actions.actor_rate_limited`).
 */
export async function dispatchWorkflow(
  deps: TriggerDeps & { random: Random },
  input: DispatchInput,
): Promise<Run> {
  const dir = [WORKFLOWS_DIR, GITHUB_WORKFLOWS_DIR].find((d) => input.file.startsWith(`${d}/`));
  const name = dir === undefined ? input.file : input.file.slice(dir.length + 1);
  if (!FILE_NAME.test(name)) throw notFound('workflow.not_found', `workflow ${input.file} not found`);
  const rev = input.ref ?? input.repo.defaultBranch;
  const target = await deps.git.resolveCommit(input.repo, rev);
  if (!target) throw unprocessable('dispatch.ref_not_found', `No ref found for: ${rev}`);
  // A bare name is the file a push would run (`.shithub/workflows`, else `.github/workflows`).
  const files = dir === undefined ? await listWorkflowFiles(deps, { repo: input.repo, sha: target.sha }) : [];
  const file = dir
    ? input.file
    : (files.find((f) => f.slice(f.lastIndexOf('/') + 1) === name) ?? `${WORKFLOWS_DIR}/${name}`);
  const found = await readWorkflowFile(deps, { repo: input.repo, sha: target.sha, file });
  if (!found) throw notFound('workflow.not_found', `workflow ${name} not found at ${rev}`);
  const workflow = found.parsed.workflow;
  if (workflow === null) {
    const first = found.parsed.diagnostics.find((d) => d.severity === 'error');
    throw unprocessable(
      'workflow.invalid',
      `workflow ${name} is invalid: ${first?.path ? `${first.path}: ` : ''}${first?.message ?? ''}`,
    );
  }
  if (workflow.on.workflowDispatch === null) {
    throw unprocessable('workflow.no_dispatch_trigger', "Workflow does not have 'workflow_dispatch' trigger");
  }
  const typed = validateDispatchInputs(workflow, input.inputs ?? {});
  if (!typed.ok) throw unprocessable('workflow.inputs_invalid', typed.errors.join('; '));
  const suffix = Buffer.from(deps.random.bytes(8)).toString('hex');
  const payloadInputs = Object.fromEntries(Object.entries(typed.inputs).map(([k, v]) => [k, String(v)]));
  const report = await triggerWorkflows(deps, {
    repo: input.repo,
    event: 'workflow_dispatch',
    match: { kind: 'workflow_dispatch' },
    sha: target.sha,
    ref: target.ref ?? rev,
    payload: { inputs: payloadInputs },
    actor: input.actor,
    triggerEventId: `dispatch:${name}:${target.sha}:${suffix}`,
    onlyFile: file,
    inputs: typed.inputs,
  });
  if (report.refusal) throw report.refusal;
  const run = report.runs[0]?.run;
  if (!run) throw unprocessable('workflow.invalid', `workflow ${name} could not be planned`);
  return run;
}

function unprocessable(code: string, message: string): DomainError {
  return new DomainError('unprocessable', code, message);
}
