/**
 * Who may make a job call (SPEC §7.2, §8.2; facts §1.2 order): the path id, the bearer
 * job JWT, its purpose and job, the runner's revocation, the job's ownership, and replay —
 * all before the body is read, none of it consuming the token.
 */

import type { Clock } from '../../ports/clock.js';
import type { JobCallStore } from '../../ports/job-call-store.js';
import type { JobTokens, VerifiedJobToken } from '../../ports/job-tokens.js';
import type { Metrics } from '../../ports/metrics.js';
import type { Job } from '../../ports/model/run.js';
import type { Runner } from '../../ports/model/runner.js';
import type { RunStore } from '../../ports/run-store.js';
import type { RunnerStore } from '../../ports/runner-store.js';
import { notFound, unauthenticated } from '../errors.js';
import { INT8, parsePositiveInteger } from '../integer-ranges.js';
import { checkJobTokenForRequest } from '../tokens/job-token-rules.js';

/** An authorised job call: the verified token, the job it names and the runner holding it. */
export interface JobCall {
  token: VerifiedJobToken;
  job: Job;
  runner: Runner;
}

export type AuthoriseDeps = {
  jobTokens: JobTokens;
  runners: RunnerStore;
  runs: RunStore;
  jobCalls: JobCallStore;
  clock: Clock;
  metrics: Metrics;
};

const BEARER = 'Bearer ';

/** A positive row id (`bigint`) from a path segment, or undefined. */
export function parsePathId(text: string): number | undefined {
  return parsePositiveInteger(text, INT8);
}

/**
 * Checks a job call in the original order: not_found `job.not_found` for a bad path id;
 * unauthenticated `job.token_required` without a bearer token; `job.token_invalid` for a
 * bad signature, expiry, purpose or subject, or a missing or revoked runner (metric
 * `rejected`); not_found `job.not_found` for another job's token or a job not assigned to
 * that runner and run; unauthenticated `job.token_invalid` for a token of a chain that chain
 * recovery replaced (metric `rejected`); unauthenticated `job.token_replayed` for a spent
 * token (metric `replay`).
 */
export async function authoriseJobCall(
  deps: AuthoriseDeps,
  input: { pathJobId: string; authorization: string | undefined },
): Promise<JobCall> {
  return authoriseVerifiedCall(deps, await verifyJobCallToken(deps, input));
}

/**
 * The first half of `authoriseJobCall`, with no I/O: the path id, the bearer token, its
 * signature, expiry, purpose and job. Its errors as there.
 */
export async function verifyJobCallToken(
  deps: Pick<AuthoriseDeps, 'jobTokens' | 'clock' | 'metrics'>,
  input: { pathJobId: string; authorization: string | undefined },
): Promise<VerifiedJobToken> {
  const jobId = parsePathId(input.pathJobId);
  if (jobId === undefined) throw notFound('job.not_found', 'job not found');
  const raw = input.authorization?.startsWith(BEARER) ? input.authorization.slice(BEARER.length).trim() : '';
  if (raw === '') throw unauthenticated('job.token_required', 'job token required');
  const verified = await deps.jobTokens.verify(raw, deps.clock.now());
  const broken = checkJobTokenForRequest(verified, { pathJobId: jobId, purpose: 'api' });
  if (broken) {
    if (broken.kind === 'unauthenticated') deps.metrics.increment('runner_jwt_total', { result: 'rejected' });
    throw broken;
  }
  return verified as VerifiedJobToken;
}

/**
 * The second half of `authoriseJobCall`, for a token `verifyJobCallToken` passed: the
 * runner, the job's assignment and replay, read from the stores. Its errors as there.
 */
export async function authoriseVerifiedCall(deps: AuthoriseDeps, token: VerifiedJobToken): Promise<JobCall> {
  const runner = await deps.runners.findById(token.runnerId);
  if (!runner || runner.revokedAt !== null) {
    deps.metrics.increment('runner_jwt_total', { result: 'rejected' });
    throw unauthenticated('job.token_invalid', 'job token invalid');
  }
  const job = await deps.runs.getJob(token.jobId);
  if (!job || job.runId !== token.runId || job.runnerId !== token.runnerId) {
    throw notFound('job.not_found', 'job not found');
  }
  if ((token.chain ?? 0) !== (job.tokenChain ?? 0)) throw chainRevoked(deps.metrics);
  if (await deps.jobCalls.isTokenUsed(token.jti)) throw tokenReplayed(deps.metrics);
  return { token, job, runner };
}

/**
 * unauthenticated `job.token_invalid` for a token of an earlier chain (chain recovery
 * revoked it), counted as `rejected`.
 */
export function chainRevoked(metrics: Metrics) {
  metrics.increment('runner_jwt_total', { result: 'rejected' });
  return unauthenticated('job.token_invalid', 'job token invalid');
}

/** unauthenticated `job.token_replayed`, counted as a `replay`. */
export function tokenReplayed(metrics: Metrics) {
  metrics.increment('runner_jwt_total', { result: 'replay' });
  return unauthenticated('job.token_replayed', 'job token replayed');
}
