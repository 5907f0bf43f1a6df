/** Discovery and enqueue: one event → one run per matching workflow file (SPEC §5). */
import type { GitReader } from '../../ports/git-reader.js';
import type { Run } from '../../ports/model/run.js';
import type { VariableStore } from '../../ports/variable-store.js';
import { type DomainError, isDomainError } from '../errors.js';
import { resolveVariables } from '../forge/variables.js';
import type { Diagnostic } from '../workflows/model.js';
import { matchTrigger } from '../workflows/triggers.js';
import { type DiscoveredWorkflow, discoverWorkflows, readWorkflowFile } from './discover-workflows.js';
import { type EnqueueWorkflowDeps, enqueueWorkflowRun } from './enqueue-workflow-run.js';
import { expandWorkflowCalls } from './expand-workflow-calls.js';
import { planFailedRun, planWorkflowRun } from './plan-run.js';
import { checkTriggerPolicy, type TriggerPolicyDeps } from './trigger-policy.js';
import { type TriggerRequest, triggerExpressionContext } from './trigger-request.js';

export interface TriggerDeps extends TriggerPolicyDeps, EnqueueWorkflowDeps {
  git: GitReader;
  /** `timeout-minutes` of jobs that set none (config `actions.default_timeout`). */
  defaultTimeoutMinutes?: number;
  /** The `vars` of plan-time templates (`runs-on: ${{ vars.RUNNER }}`); none without it. */
  variables?: VariableStore;
}

export interface TriggerReport {
  /** Set when policy refused the trigger: nothing was enqueued. */
  refusal: DomainError | null;
  /** Runs enqueued (or found from an earlier attempt: `created: false`), in file order. */
  runs: { file: string; run: Run; created: boolean }[];
  /** Files that failed to load; each got a failed run carrying its diagnostics. */
  invalidFiles: { file: string; diagnostics: Diagnostic[] }[];
}

/**
 * Applies trigger policy, reads the workflow files at the event's commit (only
 * `request.onlyFile` when set), and enqueues a run for each whose `on:` matches, the
 * reusable workflows it calls expanded (`expandWorkflowCalls`). A file that
 * does not parse, or whose jobs cannot be planned, gets a failed run with its diagnostics
 * instead (push and pull_request events). Idempotent per `triggerEventId`.
 */
export async function triggerWorkflows(deps: TriggerDeps, request: TriggerRequest): Promise<TriggerReport> {
  const report: TriggerReport = { refusal: null, runs: [], invalidFiles: [] };
  const verdict = await checkTriggerPolicy(deps, {
    repo: request.repo,
    event: request.event,
    actorUserId: request.actor?.id ?? null,
  });
  if (!verdict.allowed) {
    deps.metrics?.increment('runs_enqueued_total', { event: request.event, result: 'refused' });
    return { ...report, refusal: verdict.refusal };
  }
  const reportFailures = request.event === 'push' || request.event === 'pull_request';
  const workflows = await workflowsOf(deps, request);
  const { variables } = deps;
  const vars = variables && workflows.length > 0 ? await resolveVariables({ variables }, request.repo) : {};
  const withVars: TriggerRequest = { ...request, vars };
  for (const { file, parsed } of workflows) {
    let diagnostics = parsed.diagnostics.filter((d) => d.severity === 'error');
    if (parsed.workflow !== null) {
      if (!matchTrigger(parsed.workflow, request.match)) continue;
      try {
        const workflow = await expandWorkflowCalls(deps, {
          repo: request.repo,
          sha: request.sha,
          workflow: parsed.workflow,
          context: triggerExpressionContext(withVars),
          ...timeoutOf(deps),
        });
        const plan = planWorkflowRun(workflow, withVars, { needApproval: verdict.needApproval });
        const enqueued = await enqueueWorkflowRun(deps, plan);
        report.runs.push({ file, run: enqueued.run, created: enqueued.created });
        continue;
      } catch (err) {
        if (!isDomainError(err) || err.kind !== 'invalid') throw err;
        diagnostics = [{ path: '', line: null, message: err.message, severity: 'error' }];
      }
    }
    report.invalidFiles.push({ file, diagnostics });
    if (!reportFailures) continue;
    const failed = await enqueueWorkflowRun(deps, {
      planned: planFailedRun(file, diagnostics, request),
      cancelInProgress: false,
    });
    report.runs.push({ file, run: failed.run, created: failed.created });
  }
  return report;
}

const timeoutOf = (deps: TriggerDeps) =>
  deps.defaultTimeoutMinutes === undefined ? {} : { defaultTimeoutMinutes: deps.defaultTimeoutMinutes };

async function workflowsOf(deps: TriggerDeps, request: TriggerRequest): Promise<DiscoveredWorkflow[]> {
  const options = { repo: request.repo, sha: request.sha, defaultTimeoutMinutes: deps.defaultTimeoutMinutes };
  if (request.onlyFile === undefined) return discoverWorkflows(deps, options);
  const one = await readWorkflowFile(deps, { ...options, file: request.onlyFile });
  return one ? [one] : [];
}
