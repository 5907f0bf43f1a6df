/** Admin handlers for `admin runner …`: input → domain → the runbook's JSON shapes. */
import { notifyRunnerChanged } from '../../../domain/runner-api/wake-runners.js';
import { cleanupStaleRunners } from '../../../domain/runners/cleanup-stale-runners.js';
import { drainRunner, undrainRunner } from '../../../domain/runners/drain-runner.js';
import { parseLabelsCsv } from '../../../domain/runners/labels.js';
import { listRunners } from '../../../domain/runners/list-runners.js';
import type { IssuedRunnerToken } from '../../../domain/runners/register-runner.js';
import { registerRunner } from '../../../domain/runners/register-runner.js';
import { revokeRunner } from '../../../domain/runners/revoke-runner.js';
import { rotateRegistrationToken } from '../../../domain/runners/rotate-registration-token.js';
import type { Json } from '../../../ports/admin-api.js';
import type { Runner } from '../../../ports/model/runner.js';
import type { AdminDeps, AdminHandler } from './admin-deps.js';
import { iso, json, optDuration, optInt, optString, reqInt, reqString } from './input.js';

/** `--expires-in 0` means "never", as in the original system. */
function tokenLifetime(input: Parameters<AdminHandler>[1]): number | undefined {
  return optDuration(input, 'expires_in', '--expires-in') || undefined;
}

function tokenJson(issued: IssuedRunnerToken): Json {
  const { runner } = issued;
  return json({
    id: runner.id,
    name: runner.name,
    labels: runner.labels,
    capacity: runner.capacity,
    token: issued.token,
    token_expires_at: issued.tokenExpiresAt ? issued.tokenExpiresAt.toISOString() : undefined,
  });
}

function drainJson(r: Runner): Json {
  return {
    id: r.id,
    name: r.name,
    status: r.status,
    draining_at: iso(r.drainingAt),
    drain_reason: r.drainReason,
    revoked_at: iso(r.revokedAt),
    revoked_reason: r.revokedReason,
  };
}

export const runnerHandlers: Record<string, AdminHandler> = {
  'runner.register': async (deps: AdminDeps, input) => {
    const labels = optString(input, 'labels');
    const issued = await registerRunner(deps, {
      name: reqString(input, 'name'),
      labels: labels === undefined ? undefined : parseLabelsCsv(labels),
      capacity: optInt(input, 'capacity'),
      expiresInMs: tokenLifetime(input),
    });
    deps.metrics?.increment('runner_registrations_total');
    return tokenJson(issued);
  },

  'runner.list': async (deps) => {
    const rows = await listRunners(deps);
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      status: r.status,
      labels: r.labels,
      capacity: r.capacity,
      active_job_count: r.activeJobCount,
      last_heartbeat_at: iso(r.lastHeartbeatAt),
      last_heartbeat_age_seconds: r.lastHeartbeatAgeSeconds,
      host_name: r.hostName,
      version: r.version,
      draining_at: iso(r.drainingAt),
      drain_reason: r.drainReason,
      revoked_at: iso(r.revokedAt),
      revoked_reason: r.revokedReason,
      created_at: iso(r.createdAt),
    }));
  },

  'runner.drain': async (deps, input) => {
    const runner = await drainRunner(deps, { id: reqInt(input, 'id'), reason: optString(input, 'reason') });
    if (deps.wake) await notifyRunnerChanged({ wake: deps.wake }, runner.id, 'drained');
    return drainJson(runner);
  },

  'runner.undrain': async (deps, input) => {
    const runner = await undrainRunner(deps, { id: reqInt(input, 'id') });
    if (deps.wake) await notifyRunnerChanged({ wake: deps.wake }, runner.id, 'undrained');
    return drainJson(runner);
  },

  'runner.rotate_token': async (deps, input) =>
    tokenJson(
      await rotateRegistrationToken(deps, {
        id: reqInt(input, 'id'),
        expiresInMs: tokenLifetime(input),
      }),
    ),

  'runner.cleanup_stale': async (deps, input) => {
    const olderThanMs = optDuration(input, 'older_than', '--older-than') ?? 120_000;
    const marked = await cleanupStaleRunners(deps, { olderThanMs });
    return marked.map((r) => ({
      id: r.id,
      name: r.name,
      status: r.status,
      last_heartbeat_at: iso(r.lastHeartbeatAt),
    }));
  },

  'runner.revoke': async (deps, input) => {
    const { runner, tokensRevoked } = await revokeRunner(deps, {
      id: reqInt(input, 'id'),
      reason: optString(input, 'reason'),
    });
    if (tokensRevoked > 0) deps.metrics?.increment('runner_revocations_total');
    if (deps.wake) await notifyRunnerChanged({ wake: deps.wake }, runner.id, 'revoked');
    return {
      id: runner.id,
      name: runner.name,
      revoked_at: iso(runner.revokedAt),
      revoked_reason: runner.revokedReason,
      tokens_revoked: tokensRevoked,
    };
  },
};
