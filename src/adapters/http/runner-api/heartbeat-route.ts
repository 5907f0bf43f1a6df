/**
 * `POST /api/v1/runners/heartbeat` (SPEC §7.1): auth, rate, body, claim with long poll.
 *
 * Idle heartbeats skip the database (SPEC §20): the runner comes from the token cache and
 * the idle gate answers 204 while nothing that concerns it happened since its last empty
 * claim, for at most {@link IDLE_RECHECK_MS}. A claimed job whose 200 never reaches the
 * runner (client gone before the answer was written) goes back to the queue.
 */
import type { Context } from 'hono';
import { DomainError, isDomainError } from '../../../domain/errors.js';
import { attemptClaim, type ClaimAttempt } from '../../../domain/runner-api/attempt-claim.js';
import { returnUndeliveredClaim } from '../../../domain/runner-api/return-undelivered-claim.js';
import { authenticateRunnerToken } from '../../../domain/runners/authenticate-runner.js';
import { normaliseGivenFields } from '../../../domain/runners/normalise-heartbeat.js';
import type { Runner } from '../../../ports/model/runner.js';
import { TOKEN_EXPIRES_HEADER } from '../claim-wire.js';
import { HeartbeatBody, readBody } from './bodies.js';
import { HandOff } from './hand-off.js';
import { IdleGate } from './idle-gate.js';
import { type Attempted, pollUntilClaimed } from './long-poll.js';
import { HeartbeatRateLimiter } from './rate-limiter.js';
import type { RunnerApiDeps, RunnerApiKeys } from './runner-api-deps.js';
import { RunnerTokenCache } from './runner-token-cache.js';

type Claimed = Extract<ClaimAttempt, { kind: 'claimed' }>;

/**
 * The longest an idle runner goes without a claim from the database: the bound on how
 * stale its `last_heartbeat_at`, status and reconciled jobs may be, and on how long a
 * lost wake-up or a change no event announces (a policy switch) goes unseen.
 */
export const IDLE_RECHECK_MS = 5_000;

/** Builds the heartbeat handler; its rate buckets and caches live as long as the handler. */
export function heartbeatHandler(deps: RunnerApiDeps, requireKeys: () => RunnerApiKeys) {
  const limiter = new HeartbeatRateLimiter(deps.heartbeatRatePerMinute, deps.clock, deps.rateBuckets);
  const tokens = new RunnerTokenCache(deps, IDLE_RECHECK_MS);
  const idle = new IdleGate(deps.wake, deps.clock, IDLE_RECHECK_MS);
  const handOff = new HandOff(deps.wake);
  const count = (result: 'claimed' | 'no_job' | 'rejected') =>
    deps.metrics.increment('runner_heartbeats_total', { result });
  const authenticate = (header: string | undefined) =>
    authenticateRunnerToken({ runners: tokens, clock: deps.clock }, header);

  return async (c: Context) => {
    const keys = requireKeys();
    const header = c.req.header('Authorization');
    let runner: Runner;
    try {
      const authenticated = await authenticate(header);
      runner = authenticated.runner;
      // The runner warns its operator from this (issue #12 fix 8); absent: never expires.
      if (authenticated.tokenExpiresAt)
        c.header(TOKEN_EXPIRES_HEADER, authenticated.tokenExpiresAt.toISOString());
    } catch (err) {
      if (isDomainError(err)) count('rejected');
      throw err;
    }
    const rate = await limiter.take(runner.id);
    c.header('X-RateLimit-Limit', String(rate.limit));
    c.header('X-RateLimit-Remaining', String(rate.remaining));
    if (!rate.allowed) {
      count('rejected');
      c.header('Retry-After', String(rate.retryAfterSeconds));
      throw new DomainError('rate_limited', 'runner.rate_limited', 'rate limit exceeded');
    }
    const body = await readBody(c, HeartbeatBody, { emptyIsObject: true });
    const given = normaliseGivenFields({
      labels: body.labels ?? undefined,
      capacity: body.capacity ?? undefined,
      hostName: body.host_name ?? undefined,
      version: body.version ?? undefined,
    });
    const labels = given.labels ?? runner.labels;
    // Same key, same heartbeat: the idle gate may answer it as the database did last time.
    const quietKey = JSON.stringify([given, body.active_job_ids ?? null]);
    const claimDeps = { ...deps, ...keys };
    const attempt = async (first: boolean, final: boolean): Promise<Attempted<Claimed>> => {
      // The token may have been rotated or revoked while this request waited.
      if (!first) await authenticate(header);
      if (!final && idle.isQuiet(runner.id, quietKey)) return 'empty';
      const ticket = idle.watch(runner.id, labels);
      const result = await attemptClaim(claimDeps, {
        runnerId: runner.id,
        fields: given,
        activeJobIds: first ? (body.active_job_ids ?? undefined) : undefined,
        baseUrl: deps.baseUrl,
      });
      tokens.noteStored(runner.id, given);
      if (result.kind === 'claimed') return { claimed: result };
      idle.settle(ticket, quietKey);
      return result.kind === 'no_job' ? 'empty' : 'declined';
    };
    const waitMs = (body.wait_seconds ?? 0) * 1000;
    let claimed: Claimed | undefined;
    try {
      claimed = await pollUntilClaimed(
        // The request's signal costs an AbortController: only a wait needs it.
        {
          handOff,
          timer: deps.timer,
          runner: { id: runner.id, labels },
          waitMs,
          ...(waitMs > 0 && { signal: c.req.raw.signal }),
        },
        attempt,
      );
    } catch (err) {
      if (isDomainError(err) && err.kind === 'unauthenticated') count('rejected');
      throw err;
    }
    if (!claimed) {
      count('no_job');
      return c.body(null, 204);
    }
    return answerClaim(c, claimDeps, claimed, count);
  };
}

/**
 * Answers 200 with the claim, unless the client is gone: then, or if it goes before the
 * answer is written (the request's signal aborts: @hono/node-server aborts it when the
 * response closes unfinished), the job goes back to the queue for the next heartbeat.
 */
function answerClaim(
  c: Context,
  deps: RunnerApiDeps & RunnerApiKeys,
  claimed: Claimed,
  count: (result: 'claimed' | 'no_job') => void,
) {
  const signal = c.req.raw.signal;
  // Best effort by nature: nobody is left to tell; a failed return leaves the job to the
  // lost-runner rules.
  const giveBack = () => void returnUndeliveredClaim(deps, claimed).catch(() => undefined);
  if (signal.aborted) {
    giveBack();
    count('no_job');
    return c.body(null, 204);
  }
  signal.addEventListener('abort', giveBack, { once: true });
  count('claimed');
  return c.json(claimed.payload, 200);
}
