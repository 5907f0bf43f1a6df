/** `POST /jobs/{id}/token` (SPEC §7.2 extension): chain recovery with the registration token. */
import type { Clock } from '../../ports/clock.js';
import type { JobCallStore } from '../../ports/job-call-store.js';
import type { JobTokens, MintedJobToken } from '../../ports/job-tokens.js';
import type { Metrics } from '../../ports/metrics.js';
import type { RunStore } from '../../ports/run-store.js';
import type { RunnerStore } from '../../ports/runner-store.js';
import { notFound } from '../errors.js';
import { authenticateRunner } from '../runners/authenticate-runner.js';
import { parsePathId } from './authorise-job-call.js';
import { mintApiToken } from './commit-job-call.js';

type RecoveryDeps = {
  runners: RunnerStore;
  runs: RunStore;
  jobCalls: Pick<JobCallStore, 'restartTokenChain'>;
  jobTokens: JobTokens;
  clock: Clock;
  metrics: Metrics;
};

/** A recovery allowed so far: the job and its run, running on the presenting runner. */
export interface TokenRecovery {
  runnerId: number;
  jobId: number;
  runId: number;
  repoId: number;
}

/**
 * Checks a chain recovery without changing anything (so the route can still refuse its body):
 * the registration token (`authenticateRunner` errors), then the job, which must be running
 * on that runner with no server-side ending; not_found `job.not_found` otherwise.
 */
export async function authoriseTokenRecovery(
  deps: Pick<RecoveryDeps, 'runners' | 'runs' | 'clock'>,
  input: { pathJobId: string; authorization: string | undefined },
): Promise<TokenRecovery> {
  const runner = await authenticateRunner(deps, input.authorization);
  const jobId = parsePathId(input.pathJobId);
  const job = jobId === undefined ? undefined : await deps.runs.getJob(jobId);
  const run = job ? await deps.runs.getRun(job.runId) : undefined;
  if (!job || !run || job.runnerId !== runner.id || job.status !== 'running' || job.statusReason !== null) {
    throw notFound('job.not_found', 'job not found');
  }
  return { runnerId: runner.id, jobId: job.id, runId: run.id, repoId: run.repoId };
}

/**
 * A fresh API token for an authorised recovery, to recover a chain whose last answer was
 * lost. The token starts the job's next chain: every unspent token of the earlier one (the
 * lost answer's included) stops working, so one job never has two live chains. not_found
 * `job.not_found` when the job stopped running meanwhile. Metric `issued`.
 */
export async function restartJobTokenChain(
  deps: RecoveryDeps,
  recovery: TokenRecovery,
): Promise<MintedJobToken> {
  const chain = await deps.jobCalls.restartTokenChain(recovery.jobId, recovery.runnerId);
  if (chain === undefined) throw notFound('job.not_found', 'job not found');
  return mintApiToken(deps, { ...recovery, chain });
}

/** `authoriseTokenRecovery`, then `restartJobTokenChain`. */
export async function recoverJobToken(
  deps: RecoveryDeps,
  input: { pathJobId: string; authorization: string | undefined },
): Promise<MintedJobToken> {
  return restartJobTokenChain(deps, await authoriseTokenRecovery(deps, input));
}
