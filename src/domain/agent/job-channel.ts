/**
 * One job's token chain (SPEC §8.2): every call for the job goes through `call`, one at a
 * time, each with the token the previous answer handed out, so the chain never forks.
 *
 * Recovery, never failure, for the chain itself:
 * - transport failure (the answer may be lost): back off and resend with the SAME token.
 *   If the first try did reach the server its token is consumed, the resend answers 401,
 *   and we recover;
 * - 401 (replayed or expired token): mint a fresh token with the registration token
 *   (`recoverToken`) and resend. Resending is safe: log chunks are idempotent per seq and
 *   repeating a status is an allowed transition;
 * - 429 / 5xx: back off and resend;
 * - 404 from the job call or from the recovery: the job is no longer ours (`gone`);
 * - 409 / 400: the server refuses this report (the token was not consumed, SPEC §7.2).
 */
import type { ControlPlane, JobCallOutcome } from '../../ports/control-plane.js';
import type { Random } from '../../ports/random.js';
import type { RunnerLog } from '../../ports/runner-log.js';
import type { Timer } from '../../ports/timer.js';
import { backoffDelayMs, isTransientStatus } from './backoff.js';

export type ChannelResult<T> =
  | { kind: 'ok'; value: T }
  | { kind: 'refused'; status: number; message: string }
  | { kind: 'gone' };

export interface JobChannel {
  /** Runs one job call in chain order; `what` names it in the runner log. */
  call<T>(what: string, send: (token: string) => Promise<JobCallOutcome<T>>): Promise<ChannelResult<T>>;
  /** True once the server said the job is no longer this runner's. */
  isGone(): boolean;
}

export interface JobChannelDeps {
  controlPlane: ControlPlane;
  timer: Timer;
  /** Jitters the retry backoff. */
  random: Random;
  log: RunnerLog;
}

/** Recovery attempts in a row that still end in 401 before the job counts as lost. */
const MAX_RECOVERIES = 3;

/**
 * Opens the chain of a claimed job with the claim's token. `abandon` (a hard shutdown)
 * makes pending and later calls answer `gone` instead of retrying forever.
 */
export function openJobChannel(
  deps: JobChannelDeps,
  input: { jobId: number; token: string; abandon?: AbortSignal },
): JobChannel {
  let token = input.token;
  let gone = false;
  let tail: Promise<unknown> = Promise.resolve();

  const sleep = (attempt: number, retryAfterMs: number | null) =>
    deps.timer.sleep(Math.max(retryAfterMs ?? 0, backoffDelayMs(deps, attempt)), input.abandon);

  /** A fresh token, or false when the job is gone. Retries transport failures. */
  async function recover(): Promise<boolean> {
    for (let attempt = 0; !input.abandon?.aborted; attempt++) {
      let outcome: JobCallOutcome<void>;
      try {
        outcome = await deps.controlPlane.recoverToken(input.jobId);
      } catch {
        await sleep(attempt, null);
        continue;
      }
      if (outcome.kind === 'ok' && outcome.nextToken) {
        token = outcome.nextToken;
        return true;
      }
      if (outcome.kind === 'rejected' && isTransientStatus(outcome.status)) {
        await sleep(attempt, outcome.retryAfterMs);
        continue;
      }
      return false;
    }
    return false;
  }

  async function run<T>(what: string, send: (token: string) => Promise<JobCallOutcome<T>>) {
    let recoveries = 0;
    for (let attempt = 0; !gone && !input.abandon?.aborted; attempt++) {
      let outcome: JobCallOutcome<T>;
      try {
        outcome = await send(token);
      } catch (err) {
        deps.log.warn('job call failed; retrying', { job_id: input.jobId, call: what, error: describe(err) });
        await sleep(attempt, null);
        continue;
      }
      if (outcome.kind === 'ok') {
        if (outcome.nextToken) token = outcome.nextToken;
        return { kind: 'ok', value: outcome.value } as const;
      }
      if (outcome.status === 401 && recoveries < MAX_RECOVERIES) {
        recoveries += 1;
        deps.log.warn('job token refused; recovering the chain', { job_id: input.jobId, call: what });
        if (await recover()) continue;
      }
      if (outcome.status === 401 || outcome.status === 404) break;
      if (isTransientStatus(outcome.status)) {
        await sleep(attempt, outcome.retryAfterMs);
        continue;
      }
      return { kind: 'refused', status: outcome.status, message: outcome.message } as const;
    }
    gone = true;
    return { kind: 'gone' } as const;
  }

  return {
    call<T>(what: string, send: (token: string) => Promise<JobCallOutcome<T>>) {
      const result = tail.then(() => run(what, send));
      tail = result.catch(() => undefined);
      return result;
    },
    isGone: () => gone,
  };
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
