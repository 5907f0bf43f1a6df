/** `POST /api/v1/runners/heartbeat` (SPEC §7.1): auth, rate, body, claim with long poll. */
import type { Context } from 'hono';
import { DomainError, isDomainError } from '../../../domain/errors.js';
import { attemptClaim, type ClaimAttempt } from '../../../domain/runner-api/attempt-claim.js';
import { authenticateRunner } from '../../../domain/runners/authenticate-runner.js';
import { normaliseHeartbeat } from '../../../domain/runners/normalise-heartbeat.js';
import type { Runner } from '../../../ports/model/runner.js';
import { HeartbeatBody, readBody } from './bodies.js';
import { pollUntilClaimed } from './long-poll.js';
import { HeartbeatRateLimiter } from './rate-limiter.js';
import type { RunnerApiDeps, RunnerApiKeys } from './runner-api-deps.js';

type Claimed = Extract<ClaimAttempt, { kind: 'claimed' }>;

/** Builds the heartbeat handler; its rate buckets live as long as the handler. */
export function heartbeatHandler(deps: RunnerApiDeps, requireKeys: () => RunnerApiKeys) {
  const limiter = new HeartbeatRateLimiter(deps.heartbeatRatePerMinute, deps.clock);
  const count = (result: 'claimed' | 'no_job' | 'rejected') =>
    deps.metrics.increment('runner_heartbeats_total', { result });

  return async (c: Context) => {
    const keys = requireKeys();
    let runner: Runner;
    try {
      runner = await authenticateRunner(deps, c.req.header('Authorization'));
    } catch (err) {
      if (isDomainError(err)) count('rejected');
      throw err;
    }
    const rate = limiter.take(runner.id);
    c.header('X-RateLimit-Limit', String(rate.limit));
    c.header('X-RateLimit-Remaining', String(rate.remaining));
    if (!rate.allowed) {
      count('rejected');
      c.header('Retry-After', String(rate.retryAfterSeconds));
      throw new DomainError('rate_limited', 'runner.rate_limited', 'rate limit exceeded');
    }
    const body = await readBody(c, HeartbeatBody, { emptyIsObject: true });
    const fields = normaliseHeartbeat(
      {
        labels: body.labels ?? undefined,
        capacity: body.capacity ?? undefined,
        hostName: body.host_name ?? undefined,
        version: body.version ?? undefined,
      },
      runner,
    );
    const claimDeps = { ...deps, ...keys };
    let claimed: Claimed | undefined;
    try {
      claimed = await pollUntilClaimed(
        {
          wake: deps.wake,
          timer: deps.timer,
          runner: { id: runner.id, labels: fields.labels },
          waitMs: (body.wait_seconds ?? 0) * 1000,
          signal: c.req.raw.signal,
        },
        async (first) => {
          // The token may have been rotated or revoked while this request waited.
          if (!first) await authenticateRunner(deps, c.req.header('Authorization'));
          const attempt = await attemptClaim(claimDeps, {
            runnerId: runner.id,
            fields,
            activeJobIds: first ? (body.active_job_ids ?? undefined) : undefined,
            baseUrl: deps.baseUrl,
          });
          return attempt.kind === 'claimed' ? attempt : undefined;
        },
      );
    } catch (err) {
      if (isDomainError(err) && err.kind === 'unauthenticated') count('rejected');
      throw err;
    }
    if (!claimed) {
      count('no_job');
      return c.body(null, 204);
    }
    count('claimed');
    return c.json(claimed.payload, 200);
  };
}
