/**
 * The checks a job-scoped request makes on its verified job JWT before touching storage,
 * in the original server's order (facts §1.2 steps 3–5): an invalid token, then the
 * wrong purpose, are 401; a token for another job is 404, so a runner cannot learn
 * whether some other job exists. Runner revocation, job ownership and replay need
 * storage and come after these.
 */
import type { JobTokenPurpose, VerifiedJobToken } from '../../ports/job-tokens.js';
import { type DomainError, notFound, unauthenticated } from '../errors.js';

/** What the request expects of its token. */
export interface JobTokenExpectation {
  /** The `{id}` of the request path, already parsed as a positive integer. */
  pathJobId: number;
  /** `api` for the runner API; `checkout` for git fetches. */
  purpose: JobTokenPurpose;
}

/**
 * Returns the first rule `verified` breaks, or `undefined` when the token may be used for
 * this request: `'invalid'` or another purpose → unauthenticated `job.token_invalid`
 * ("job token invalid"); another job's token → not_found `job.not_found` ("job not found").
 */
export function checkJobTokenForRequest(
  verified: VerifiedJobToken | 'invalid',
  expected: JobTokenExpectation,
): DomainError | undefined {
  if (verified === 'invalid') return unauthenticated('job.token_invalid', 'job token invalid');
  if (verified.purpose !== expected.purpose) {
    return unauthenticated('job.token_invalid', 'job token invalid');
  }
  if (verified.jobId !== expected.pathJobId) return notFound('job.not_found', 'job not found');
  return undefined;
}
