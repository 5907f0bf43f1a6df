/**
 * One claim attempt of a heartbeat (SPEC §7.1, §9.1, §12): reconcile, claim, and for a
 * claimed job resolve its secrets, store the claim-time mask snapshot, mint the API and
 * checkout tokens and build the payload. If any of that fails, the job goes back to the
 * queue (`returnUndeliveredClaim`) before the error is passed on, so the runner, which
 * never saw the job, is not blamed for it. The payload holds secrets: never log it.
 */
import type { Clock } from '../../ports/clock.js';
import type { JobCallStore } from '../../ports/job-call-store.js';
import type { JobLifecycle } from '../../ports/job-lifecycle.js';
import type { JobQueue } from '../../ports/job-queue.js';
import type { JobTokens } from '../../ports/job-tokens.js';
import type { Metrics } from '../../ports/metrics.js';
import type { ClaimedJob } from '../../ports/model/queue.js';
import type { SecretBox } from '../../ports/secret-box.js';
import type { SecretStore } from '../../ports/secret-store.js';
import type { WakeBus } from '../../ports/wake-bus.js';
import { unauthenticated } from '../errors.js';
import { resolveSecretsForRun } from '../forge/secret-resolution.js';
import { claimJob } from '../jobs/claim-job.js';
import type { HeartbeatFields } from '../runners/normalise-heartbeat.js';
import { bindCallSecrets } from './call-secrets.js';
import { type ClaimContextDeps, loadClaimContexts } from './claim-contexts.js';
import { buildClaimPayload, type ClaimPayload } from './claim-payload.js';
import { sealMaskValues } from './job-masks.js';
import { returnUndeliveredClaim } from './return-undelivered-claim.js';
import { notifyJobsFinished } from './wake-runners.js';

export type ClaimDeps = {
  queue: JobQueue;
  lifecycle: JobLifecycle;
  secrets: SecretStore;
  secretBox: SecretBox;
  jobTokens: JobTokens;
  jobCalls: JobCallStore;
  wake: WakeBus;
  metrics: Metrics;
  clock: Clock;
} & ClaimContextDeps;

export interface ClaimAttemptInput {
  runnerId: number;
  /** The fields the heartbeat sets (`normaliseGivenFields`); absent ones keep the stored value. */
  fields: Partial<HeartbeatFields>;
  /** Reconciled first when given (SPEC §10.5); pass it on the first attempt only. */
  activeJobIds?: number[];
  /** `server.base_url`, for `checkout_url`. */
  baseUrl: string;
}

/**
 * A claimed job's payload (with what `returnUndeliveredClaim` needs if the answer is never
 * delivered), or why nothing was claimed (all answered 204).
 */
export type ClaimAttempt =
  | { kind: 'claimed'; jobId: number; runnerId: number; runsOn: string[]; payload: ClaimPayload }
  | { kind: 'no_job' | 'draining' | 'at_capacity' };

/**
 * Makes one claim. A runner revoked (or removed) since it authenticated is
 * unauthenticated `runner.token_invalid`. Jobs ended by the reconciliation wake the other
 * waiting runners. Observes `job_claim_latency_seconds` and counts two issued JWTs.
 */
export async function attemptClaim(deps: ClaimDeps, input: ClaimAttemptInput): Promise<ClaimAttempt> {
  const { outcome, reconciled } = await claimJob(deps, {
    runnerId: input.runnerId,
    ...input.fields,
    activeJobIds: input.activeJobIds,
  });
  if (reconciled.finalisedJobIds.length > 0) await notifyJobsFinished(deps);
  if (outcome.kind === 'revoked' || outcome.kind === 'unknown_runner') {
    throw unauthenticated('runner.token_invalid', 'runner token invalid');
  }
  if (outcome.kind !== 'claimed') return { kind: outcome.kind };
  const claim = { jobId: outcome.job.id, runnerId: input.runnerId, runsOn: outcome.job.runsOn };
  try {
    return { kind: 'claimed', ...claim, payload: await issueClaim(deps, outcome, input) };
  } catch (err) {
    // The error is what the caller must see; a failed return leaves the job to the
    // lost-runner rules, as before this existed.
    await returnUndeliveredClaim(deps, claim).catch(() => undefined);
    throw err;
  }
}

async function issueClaim(
  deps: ClaimDeps,
  claimed: ClaimedJob,
  input: ClaimAttemptInput,
): Promise<ClaimPayload> {
  const { job, run, repo } = claimed;
  const now = deps.clock.now();
  const secrets = bindCallSecrets(await resolveSecretsForRun(deps, { repo, event: run.event }), job.call);
  await deps.jobCalls.saveMaskSnapshot(job.id, sealMaskValues(deps.secretBox, secrets.maskValues ?? []), now);
  const scope = { runnerId: input.runnerId, jobId: job.id, runId: run.id, repoId: repo.id };
  const apiToken = await deps.jobTokens.mint({ ...scope, purpose: 'api', chain: job.tokenChain ?? 0 }, now);
  const checkoutToken = await deps.jobTokens.mint({ ...scope, purpose: 'checkout' }, now);
  deps.metrics.increment('runner_jwt_total', { result: 'issued' }, 2);
  deps.metrics.observe(
    'job_claim_latency_seconds',
    Math.max(0, now.getTime() - job.createdAt.getTime()) / 1000,
  );
  const contexts = await loadClaimContexts(deps, claimed, repo);
  return buildClaimPayload({ claimed, apiToken, checkoutToken, secrets, baseUrl: input.baseUrl, contexts });
}
