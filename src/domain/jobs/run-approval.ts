/** Whether a run's jobs may be handed to runners at all (SPEC §9.1, §12). */
import type { Run } from '../../ports/model/run.js';

/** True when the run needs no approval or a maintainer approved it. */
export function isRunApproved(run: Pick<Run, 'needApproval' | 'approvedByUserId'>): boolean {
  return !run.needApproval || run.approvedByUserId !== null;
}

/** True when the run is still open (queued or running) and approved. */
export function isRunDispatchable(run: Pick<Run, 'status' | 'needApproval' | 'approvedByUserId'>): boolean {
  return (run.status === 'queued' || run.status === 'running') && isRunApproved(run);
}
