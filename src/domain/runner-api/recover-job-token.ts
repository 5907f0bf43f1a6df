/** `POST /jobs/{id}/token` (SPEC §7.2 extension): chain recovery with the registration token. */
import type { Clock } from '../../ports/clock.js';
import type { JobTokens, MintedJobToken } from '../../ports/job-tokens.js';
import type { Metrics } from '../../ports/metrics.js';
import type { RunStore } from '../../ports/run-store.js';
import type { RunnerStore } from '../../ports/runner-store.js';
import { notFound } from '../errors.js';
import { authenticateRunner } from '../runners/authenticate-runner.js';
import { parsePathId } from './authorise-job-call.js';
import { mintApiToken } from './commit-job-call.js';

/**
 * A fresh API token for a job still running on the runner that presents its registration
 * token (`authenticateRunner` errors), to recover a chain whose last answer was lost.
 * not_found `job.not_found` for any other job. Metric `issued`.
 */
export async function recoverJobToken(
  deps: { runners: RunnerStore; runs: RunStore; jobTokens: JobTokens; clock: Clock; metrics: Metrics },
  input: { pathJobId: string; authorization: string | undefined },
): Promise<MintedJobToken> {
  const runner = await authenticateRunner(deps, input.authorization);
  const jobId = parsePathId(input.pathJobId);
  const job = jobId === undefined ? undefined : await deps.runs.getJob(jobId);
  const run = job ? await deps.runs.getRun(job.runId) : undefined;
  if (!job || !run || job.runnerId !== runner.id || job.status !== 'running' || job.statusReason !== null) {
    throw notFound('job.not_found', 'job not found');
  }
  return mintApiToken(deps, { runnerId: runner.id, jobId: job.id, runId: run.id, repoId: run.repoId });
}
