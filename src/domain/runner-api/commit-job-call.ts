/**
 * The chain rule (SPEC §7.2): a job call's write and the consumption of its token commit
 * together or not at all, so a call refused for its body (400/409/404) leaves the token
 * usable; every successful non-terminal call hands out the next link.
 */
import type { Clock } from '../../ports/clock.js';
import type { JobCallStore, JobCallTransaction } from '../../ports/job-call-store.js';
import type { JobTokenClaims, JobTokens, MintedJobToken } from '../../ports/job-tokens.js';
import type { Metrics } from '../../ports/metrics.js';
import type { JobCall } from './authorise-job-call.js';
import { chainRevoked, tokenReplayed } from './authorise-job-call.js';

export type CommitDeps = { jobCalls: JobCallStore; clock: Clock; metrics: Metrics };

/**
 * When the token is spent inside the transaction: `first` for writes that lock only steps
 * (logs, step status) or nothing (cancel check), `last` after a lifecycle write that
 * locked the run and the job itself — either way the locks follow run → job → step.
 */
export type SpendOrder = 'first' | 'last';

/**
 * Runs `write` and spends the call's token in one transaction. A write that throws leaves
 * the token unspent; a token spent meanwhile by a concurrent call is unauthenticated
 * `job.token_replayed`, one whose chain a recovery replaced meanwhile `job.token_invalid`,
 * and either rolls the write back.
 */
export function commitJobCall<T>(
  deps: CommitDeps,
  call: JobCall,
  order: SpendOrder,
  write: (tx: JobCallTransaction, now: Date) => Promise<T>,
): Promise<T> {
  const now = deps.clock.now();
  const { token } = call;
  const spend = async (tx: JobCallTransaction) => {
    const spent = await tx.consumeToken({
      jti: token.jti,
      runnerId: token.runnerId,
      jobId: token.jobId,
      runId: token.runId,
      repoId: token.repoId,
      expiresAt: token.expiresAt,
      chain: token.chain ?? 0,
    });
    if (spent === 'replayed') throw tokenReplayed(deps.metrics);
    if (spent === 'revoked') throw chainRevoked(deps.metrics);
  };
  return deps.jobCalls.transaction(now, async (tx) => {
    if (order === 'first') await spend(tx);
    const result = await write(tx, now);
    if (order === 'last') await spend(tx);
    return result;
  });
}

/** An API token for the job's chain: the given runner, job, run and repo (metric `issued`). */
export async function mintApiToken(
  deps: { jobTokens: JobTokens; clock: Clock; metrics: Metrics },
  scope: Omit<JobTokenClaims, 'purpose'>,
): Promise<MintedJobToken> {
  const { runnerId, jobId, runId, repoId, chain } = scope;
  const minted = await deps.jobTokens.mint(
    { runnerId, jobId, runId, repoId, purpose: 'api', ...(chain ? { chain } : {}) },
    deps.clock.now(),
  );
  deps.metrics.increment('runner_jwt_total', { result: 'issued' });
  return minted;
}
