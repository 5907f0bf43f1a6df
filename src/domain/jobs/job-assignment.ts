/** Whether a runner may still write to a job (SPEC §10.5: a late write answers 409). */
import type { Job } from '../../ports/model/run.js';
import { conflict, notFound } from '../errors.js';

/** The job, or not_found `job.not_found`. */
export function requireJob(job: Job | undefined, jobId: number): Job {
  if (!job) throw notFound('job.not_found', `job ${jobId} not found`);
  return job;
}

/**
 * Throws conflict `job.not_assigned` when `runnerId` is given and the job is not (or no
 * longer) that runner's: another runner holds it, or the server ended it itself
 * (lost runner, deadline, unconfirmed cancel), which a late report must not overwrite.
 */
export function assertAssignedTo(job: Job, runnerId: number | undefined): void {
  if (runnerId === undefined) return;
  if (job.runnerId !== runnerId || job.statusReason !== null) {
    throw conflict('job.not_assigned', `job ${job.id} is no longer assigned to this runner`);
  }
}
