/** `shithubd admin runner …`: the pool operations (SPEC §14, runbook "Pool Operations"). */
import * as v from 'valibot';
import { cleanupStaleRunners } from '../../../domain/runners/cleanup-stale-runners.js';
import { drainRunner, undrainRunner } from '../../../domain/runners/drain-runner.js';
import { parseLabelsCsv } from '../../../domain/runners/labels.js';
import { listRunners } from '../../../domain/runners/list-runners.js';
import {
  type DrainAllReport,
  drainAllRunners,
  type RevokeAllReport,
  revokeAllRunners,
} from '../../../domain/runners/pool-emergency.js';
import type { IssuedRunnerToken } from '../../../domain/runners/register-runner.js';
import { registerRunner } from '../../../domain/runners/register-runner.js';
import { revokeRunner } from '../../../domain/runners/revoke-runner.js';
import { rotateRegistrationToken } from '../../../domain/runners/rotate-registration-token.js';
import type { Json } from '../../../ports/admin-api.js';
import type { Runner } from '../../../ports/model/runner.js';
import { renderRecord, renderTable } from '../cli/text.js';
import { adminCommand, iso } from './admin-command.js';
import {
  adminInput,
  duration,
  integer,
  optional,
  positiveInt,
  text,
  toggle,
  withDefault,
} from './input-fields.js';

const TOKEN_NOTICE =
  '\nStore this token now: it is shown only once. The server keeps only its SHA-256 hash.\n';

const LIFETIME = '<duration>';
const LIFETIME_HELP = 'token lifetime such as 24h (default: never)';

const renderToken = (value: Json): string => renderRecord(value) + TOKEN_NOTICE;

/** `--expires-in 0` means "never", as in the original system. */
const tokenLifetime = (ms: number | undefined): number | undefined => ms || undefined;

function tokenJson({ runner, token, tokenExpiresAt }: IssuedRunnerToken) {
  const issued = {
    id: runner.id,
    name: runner.name,
    labels: runner.labels,
    capacity: runner.capacity,
    token,
  };
  return tokenExpiresAt ? { ...issued, token_expires_at: tokenExpiresAt.toISOString() } : issued;
}

function drainJson(r: Runner) {
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

/** `--id N` or `--all`: one runner, the runbook's loop form, or the whole pool at once. */
const hasOneTarget = (input: { id?: number; all: boolean }) => (input.id !== undefined) !== input.all;
const oneTargetMessage = (issue: { input: { all: boolean } }) =>
  issue.input.all ? 'give --id or --all, not both' : '--id is required';

function drainAllJson(report: DrainAllReport) {
  return {
    dry_run: report.dryRun,
    drained: report.drained.length,
    already_draining: report.alreadyDraining,
    revoked: report.revoked,
    runner_ids: report.drained.map((r) => r.id),
  };
}

function revokeAllJson(report: RevokeAllReport) {
  return {
    dry_run: report.dryRun,
    revoked: report.revoked.length,
    tokens_revoked: report.tokensRevoked,
    already_revoked: report.alreadyRevoked,
    runner_ids: report.revoked.map((r) => r.id),
  };
}

const LIST_COLUMNS = [
  'id',
  'name',
  'status',
  'labels',
  'capacity',
  'active_job_count',
  'last_heartbeat_age_seconds',
  'draining_at',
  'revoked_at',
];

export const runnerCommands = {
  'runner.register': adminCommand({
    path: ['admin', 'runner', 'register'],
    summary: 'register a runner and print its registration token once',
    input: adminInput({
      name: text('<name>', 'unique runner name ([A-Za-z0-9_-], ≤100)'),
      labels: optional(text('<csv>', 'labels (default self-hosted,linux,ubuntu-latest,x64)')),
      capacity: optional(integer('<n>', 'concurrent jobs, 1..64 (default 1)')),
      expires_in: optional(duration(LIFETIME, LIFETIME_HELP)),
    }),
    handle: async (deps, input) => {
      const issued = await registerRunner(deps, {
        name: input.name,
        labels: input.labels === undefined ? undefined : parseLabelsCsv(input.labels),
        capacity: input.capacity,
        expiresInMs: tokenLifetime(input.expires_in),
      });
      deps.metrics?.increment('runner_registrations_total');
      return tokenJson(issued);
    },
    render: renderToken,
  }),

  'runner.list': adminCommand({
    path: ['admin', 'runner', 'list'],
    summary: 'list runners with labels, capacity, heartbeat, drain and revoke state',
    input: adminInput({}),
    handle: async (deps) =>
      (await listRunners(deps)).map((r) => ({
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
      })),
    render: (rows) => renderTable(rows, LIST_COLUMNS),
  }),

  'runner.drain': adminCommand({
    path: ['admin', 'runner', 'drain'],
    summary: 'stop new claims for a runner, or every runner (--all); claimed jobs may finish',
    input: v.pipe(
      adminInput({
        id: optional(positiveInt('<id>', 'runner id')),
        all: toggle('every runner not draining or revoked yet (emergency: stop all new claims)'),
        reason: optional(text('<text>', 'why (default "operator requested drain")')),
        dry_run: toggle('with --all: only count the runners it would drain'),
      }),
      v.partialCheck([['id'], ['all']], hasOneTarget, oneTargetMessage),
      v.partialCheck([['all'], ['dry_run']], (i) => i.all || !i.dry_run, '--dry-run only goes with --all'),
    ),
    handle: async (deps, input) => {
      if (input.id !== undefined) {
        const runner = await drainRunner(deps, { id: input.id, reason: input.reason });
        return drainJson(runner);
      }
      const report = await drainAllRunners(deps, { reason: input.reason, dryRun: input.dry_run });
      return drainAllJson(report);
    },
    render: renderRecord,
  }),

  'runner.undrain': adminCommand({
    path: ['admin', 'runner', 'undrain'],
    summary: 'let a drained runner claim jobs again',
    input: adminInput({ id: positiveInt('<id>', 'runner id') }),
    handle: async (deps, input) => {
      const runner = await undrainRunner(deps, { id: input.id });
      return drainJson(runner);
    },
    render: renderRecord,
  }),

  'runner.rotate_token': adminCommand({
    path: ['admin', 'runner', 'rotate-token'],
    summary: 'issue a new registration token and revoke every earlier one',
    input: adminInput({
      id: positiveInt('<id>', 'runner id'),
      expires_in: optional(duration(LIFETIME, LIFETIME_HELP)),
    }),
    handle: async (deps, input) =>
      tokenJson(
        await rotateRegistrationToken(deps, { id: input.id, expiresInMs: tokenLifetime(input.expires_in) }),
      ),
    render: renderToken,
  }),

  'runner.cleanup_stale': adminCommand({
    path: ['admin', 'runner', 'cleanup-stale'],
    summary: 'mark runners silent for longer than --older-than offline',
    input: adminInput({
      older_than: withDefault(duration('<duration>', 'silence threshold (default 2m)'), '2m'),
    }),
    handle: async (deps, input) =>
      (await cleanupStaleRunners(deps, { olderThanMs: input.older_than })).map((r) => ({
        id: r.id,
        name: r.name,
        status: r.status,
        last_heartbeat_at: iso(r.lastHeartbeatAt),
      })),
    render: (rows) => renderTable(rows, ['id', 'name', 'status', 'last_heartbeat_at']),
  }),

  'runner.revoke': adminCommand({
    path: ['admin', 'runner', 'revoke'],
    summary:
      'hard-revoke a runner, or every runner (--all --confirm): every token and job token stops working',
    input: v.pipe(
      adminInput({
        id: optional(positiveInt('<id>', 'runner id')),
        all: toggle('every runner not revoked yet (emergency: fence the pool); needs --confirm'),
        reason: optional(text('<text>', 'why (default "operator revoked")')),
        confirm: toggle('with --all: really revoke them all'),
        dry_run: toggle('with --all: only count the runners it would revoke'),
      }),
      v.partialCheck([['id'], ['all']], hasOneTarget, oneTargetMessage),
      v.partialCheck(
        [['all'], ['confirm'], ['dry_run']],
        (i) => i.all || !(i.confirm || i.dry_run),
        '--confirm and --dry-run only go with --all',
      ),
      v.partialCheck(
        [['all'], ['confirm'], ['dry_run']],
        (i) => !i.all || i.confirm !== i.dry_run,
        'revoke --all needs --confirm (or --dry-run to count what it would revoke)',
      ),
    ),
    handle: async (deps, input) => {
      if (input.id === undefined) {
        const report = await revokeAllRunners(deps, { reason: input.reason, dryRun: input.dry_run });
        if (!report.dryRun && report.revoked.length > 0) {
          deps.metrics?.increment('runner_revocations_total', {}, report.revoked.length);
        }
        return revokeAllJson(report);
      }
      const { runner, tokensRevoked } = await revokeRunner(deps, { id: input.id, reason: input.reason });
      if (tokensRevoked > 0) deps.metrics?.increment('runner_revocations_total');
      return {
        id: runner.id,
        name: runner.name,
        revoked_at: iso(runner.revokedAt),
        revoked_reason: runner.revokedReason,
        tokens_revoked: tokensRevoked,
      };
    },
    render: renderRecord,
  }),
};
