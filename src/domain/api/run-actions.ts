/** Which run buttons a viewer sees (SPEC §17): only actions that would be accepted now. */
import type { RepoRole } from '../../ports/model/forge.js';
import type { Run, RunApproval } from '../../ports/model/run.js';
import { roleSatisfies } from '../forge/repo-permission.js';

export type RunAction = 'cancel' | 'rerun' | 'rerun-failed' | 'approve' | 'reject';

/**
 * The actions a viewer with `permission` (null: none) may take on the run as it stands:
 * writers cancel an open run, re-run a finished one (failed jobs only when one did not
 * succeed), and approve or reject one awaiting approval. Readers get none.
 */
export function allowedRunActions(
  run: Pick<Run, 'status' | 'conclusion' | 'needApproval' | 'approvedByUserId'>,
  approval: Pick<RunApproval, 'rejectedAt'> | undefined,
  permission: RepoRole | null,
): RunAction[] {
  if (!roleSatisfies(permission, 'write')) return [];
  const open = run.status === 'queued' || run.status === 'running';
  const out: RunAction[] = [];
  const awaiting =
    run.needApproval && run.approvedByUserId === null && !approval?.rejectedAt && run.status === 'queued';
  if (awaiting) out.push('approve', 'reject');
  if (open) out.push('cancel');
  else {
    out.push('rerun');
    if (run.conclusion !== 'success') out.push('rerun-failed');
  }
  return out;
}
