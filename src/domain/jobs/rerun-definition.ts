/** A rerun planned from the workflow file re-read at the source commit (SPEC §10.7). */
import type { PlannedRun, Run } from '../../ports/model/run.js';
import type { WorkflowSource } from '../../ports/workflow-source.js';
import { conflict, DomainError } from '../errors.js';

/**
 * Replaces the stored jobs of `stored` (a plan from `planRerun`) with the jobs of the
 * workflow file as it reads now at the source commit; a job the stored plan copied
 * (`failedOnly`, same job key) keeps its copied result and steps. Throws conflict
 * `run.workflow_unavailable` "workflow source unavailable" when the file or commit is
 * gone, unprocessable `run.workflow_invalid` "workflow source invalid" when it no longer
 * parses.
 */
export async function planFromWorkflowSource(
  workflows: WorkflowSource,
  source: Run,
  stored: PlannedRun,
): Promise<PlannedRun> {
  const definition = await workflows.loadDefinition(source);
  if (definition.kind === 'missing') {
    throw conflict('run.workflow_unavailable', 'workflow source unavailable');
  }
  if (definition.kind === 'invalid') {
    throw new DomainError('unprocessable', 'run.workflow_invalid', 'workflow source invalid');
  }
  const copied = new Map(stored.jobs.filter((j) => j.copiedResult).map((j) => [j.jobKey, j]));
  return {
    ...stored,
    workflowName: definition.workflowName,
    jobs: definition.jobs.map((job) => copied.get(job.jobKey) ?? job),
  };
}
