/**
 * The runbook's emergency controls over the whole pool, as one call each instead of a shell
 * loop over `runner list`: drain every runner (stop all new claims) and revoke every runner
 * (fence a compromised pool). Both act runner by runner through the single-runner rules, so
 * each runner's change is atomic and a repeat changes nothing more.
 */
import type { Clock } from '../../ports/clock.js';
import type { Runner } from '../../ports/model/runner.js';
import type { RunnerStore } from '../../ports/runner-store.js';
import { drainRunner } from './drain-runner.js';
import { normaliseReason } from './reason.js';
import { revokeRunner } from './revoke-runner.js';

type Deps = { runners: RunnerStore; clock: Clock };

export interface DrainAllReport {
  dryRun: boolean;
  /** Runners drained by this call (would be, on a dry run). */
  drained: Runner[];
  /** Runners draining already: left as they are, their reason kept. */
  alreadyDraining: number;
  /** Revoked runners: nothing to drain. */
  revoked: number;
}

/**
 * Drains every runner that is neither draining nor revoked, with `reason`; claimed jobs may
 * finish. Reason over 1000 bytes: `invalid`.
 */
export async function drainAllRunners(
  deps: Deps,
  input: { reason?: string; dryRun: boolean },
): Promise<DrainAllReport> {
  normaliseReason(input.reason, '');
  const runners = (await deps.runners.listWithLoad()).map((r) => r.runner);
  const revoked = runners.filter((r) => r.revokedAt !== null);
  const draining = runners.filter((r) => r.revokedAt === null && r.drainingAt !== null);
  const drained: Runner[] = [];
  for (const runner of runners.filter((r) => r.revokedAt === null && r.drainingAt === null)) {
    drained.push(input.dryRun ? runner : await drainRunner(deps, { id: runner.id, reason: input.reason }));
  }
  return { dryRun: input.dryRun, drained, alreadyDraining: draining.length, revoked: revoked.length };
}

export interface RevokeAllReport {
  dryRun: boolean;
  /** Runners revoked by this call (would be, on a dry run). */
  revoked: Runner[];
  /** Registration tokens revoked by this call (0 on a dry run). */
  tokensRevoked: number;
  /** Runners revoked before: left as they are. */
  alreadyRevoked: number;
}

/**
 * Revokes every runner not revoked yet, with `reason`: each one's tokens and job tokens
 * stop working at once. Reason over 1000 bytes: `invalid`.
 */
export async function revokeAllRunners(
  deps: Deps,
  input: { reason?: string; dryRun: boolean },
): Promise<RevokeAllReport> {
  normaliseReason(input.reason, '');
  const runners = (await deps.runners.listWithLoad()).map((r) => r.runner);
  const report: RevokeAllReport = { dryRun: input.dryRun, revoked: [], tokensRevoked: 0, alreadyRevoked: 0 };
  for (const runner of runners) {
    if (runner.revokedAt !== null) {
      report.alreadyRevoked += 1;
    } else if (input.dryRun) {
      report.revoked.push(runner);
    } else {
      const { runner: after, tokensRevoked } = await revokeRunner(deps, {
        id: runner.id,
        reason: input.reason,
      });
      report.revoked.push(after);
      report.tokensRevoked += tokensRevoked;
    }
  }
  return report;
}
