import type { PlannedJob, Run } from './model/run.js';

/** A workflow file as it stands at a run's commit, planned into jobs. */
export type WorkflowDefinition =
  | { kind: 'found'; workflowName: string; jobs: PlannedJob[] }
  /** The file, or the commit, is no longer in the repository. */
  | { kind: 'missing' }
  /** The file no longer parses or validates (empty, YAML errors, error diagnostics). */
  | { kind: 'invalid'; diagnostics: unknown[] };

/**
 * Where a rerun reads its workflow (SPEC §10.7, facts §6.2). Implemented by the git
 * hosting side (read the blob at `head_sha`, parse, expand jobs for the run's event and
 * payload); without one, a rerun replays the jobs and steps stored with the source run.
 */
export interface WorkflowSource {
  /**
   * Reads `run.workflowFile` at `run.headSha` in the run's repository and plans its jobs
   * for the run's event and payload. Read-only; the same inputs give the same answer.
   */
  loadDefinition(run: Run): Promise<WorkflowDefinition>;
}
