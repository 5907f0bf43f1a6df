/** `shithubd admin runner …` — pool operations (SPEC §14, runbook "Pool Operations"). */
import type { Json } from '../../../ports/admin-api.js';
import {
  boolFlag,
  type CommandDef,
  callAdmin,
  idFlag,
  idListFlag,
  intFlag,
  OUTPUT_OPTION,
  print,
  stringFlag,
  UsageError,
} from './command.js';
import { renderRecord, renderTable } from './text.js';

const TOKEN_NOTICE =
  '\nStore this token now: it is shown only once. The server keeps only its SHA-256 hash.\n';

function renderToken(value: Json): string {
  return renderRecord(value) + TOKEN_NOTICE;
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
const QUEUE_COLUMNS = [
  'runs_on',
  'queued_jobs',
  'matching_runner_count',
  'oldest_queued_seconds',
  'waiting_reason',
];
const JOBS_COLUMNS = [
  'id',
  'repository',
  'run_index',
  'job_key',
  'runner_name',
  'started_age_seconds',
  'runner_last_heartbeat_age_seconds',
  'cancel_requested',
];

export const runnerCommands: CommandDef[] = [
  {
    path: ['admin', 'runner', 'register'],
    summary: 'register a runner and print its registration token once',
    options: [
      { flags: '--name <name>', description: 'unique runner name ([A-Za-z0-9_-], ≤100)' },
      { flags: '--labels <csv>', description: 'labels (default self-hosted,linux,ubuntu-latest,x64)' },
      { flags: '--capacity <n>', description: 'concurrent jobs, 1..64 (default 1)' },
      { flags: '--expires-in <duration>', description: 'token lifetime such as 24h (default: never)' },
      OUTPUT_OPTION,
    ],
    run: async (ctx, flags) => {
      const value = await callAdmin(ctx, flags, 'runner.register', {
        name: stringFlag(flags, 'name', '--name', true),
        labels: stringFlag(flags, 'labels', '--labels'),
        capacity: intFlag(flags, 'capacity', '--capacity'),
        expires_in: stringFlag(flags, 'expiresIn', '--expires-in'),
      });
      print(ctx, flags, value, renderToken);
      return 0;
    },
  },
  {
    path: ['admin', 'runner', 'list'],
    summary: 'list runners with labels, capacity, heartbeat, drain and revoke state',
    options: [OUTPUT_OPTION],
    run: async (ctx, flags) => {
      print(ctx, flags, await callAdmin(ctx, flags, 'runner.list', {}), (v) => renderTable(v, LIST_COLUMNS));
      return 0;
    },
  },
  {
    path: ['admin', 'runner', 'queue'],
    summary: 'queued jobs grouped by requested labels, with matching runners and why they wait',
    options: [OUTPUT_OPTION],
    run: async (ctx, flags) => {
      print(ctx, flags, await callAdmin(ctx, flags, 'runner.queue', {}), (v) =>
        renderTable(v, QUEUE_COLUMNS),
      );
      return 0;
    },
  },
  {
    path: ['admin', 'runner', 'jobs'],
    summary: 'running jobs with their runner and ages',
    options: [
      { flags: '--id <runner-id>', description: 'only jobs of this runner' },
      { flags: '--limit <n>', description: 'at most this many rows, 1..5000 (default 500)' },
      OUTPUT_OPTION,
    ],
    run: async (ctx, flags) => {
      const value = await callAdmin(ctx, flags, 'runner.jobs', {
        id: idFlag(flags, 'id', '--id'),
        limit: intFlag(flags, 'limit', '--limit'),
      });
      print(ctx, flags, value, (v) => renderTable(v, JOBS_COLUMNS));
      return 0;
    },
  },
  {
    path: ['admin', 'runner', 'drain'],
    summary: 'stop new claims for a runner; claimed jobs may finish',
    options: [
      { flags: '--id <id>', description: 'runner id' },
      { flags: '--reason <text>', description: 'why (default "operator requested drain")' },
      OUTPUT_OPTION,
    ],
    run: async (ctx, flags) => {
      const value = await callAdmin(ctx, flags, 'runner.drain', {
        id: idFlag(flags, 'id', '--id', true),
        reason: stringFlag(flags, 'reason', '--reason'),
      });
      print(ctx, flags, value, renderRecord);
      return 0;
    },
  },
  {
    path: ['admin', 'runner', 'undrain'],
    summary: 'let a drained runner claim jobs again',
    options: [{ flags: '--id <id>', description: 'runner id' }, OUTPUT_OPTION],
    run: async (ctx, flags) => {
      const value = await callAdmin(ctx, flags, 'runner.undrain', { id: idFlag(flags, 'id', '--id', true) });
      print(ctx, flags, value, renderRecord);
      return 0;
    },
  },
  {
    path: ['admin', 'runner', 'rotate-token'],
    summary: 'issue a new registration token and revoke every earlier one',
    options: [
      { flags: '--id <id>', description: 'runner id' },
      { flags: '--expires-in <duration>', description: 'token lifetime such as 24h (default: never)' },
      OUTPUT_OPTION,
    ],
    run: async (ctx, flags) => {
      const value = await callAdmin(ctx, flags, 'runner.rotate_token', {
        id: idFlag(flags, 'id', '--id', true),
        expires_in: stringFlag(flags, 'expiresIn', '--expires-in'),
      });
      print(ctx, flags, value, renderToken);
      return 0;
    },
  },
  {
    path: ['admin', 'runner', 'cleanup-stale'],
    summary: 'mark runners silent for longer than --older-than offline',
    options: [
      { flags: '--older-than <duration>', description: 'silence threshold (default 2m)', default: '2m' },
      OUTPUT_OPTION,
    ],
    run: async (ctx, flags) => {
      const value = await callAdmin(ctx, flags, 'runner.cleanup_stale', {
        older_than: stringFlag(flags, 'olderThan', '--older-than', true),
      });
      print(ctx, flags, value, (v) => renderTable(v, ['id', 'name', 'status', 'last_heartbeat_at']));
      return 0;
    },
  },
  {
    path: ['admin', 'runner', 'revoke'],
    summary: 'hard-revoke a runner: every token and job token stops working',
    options: [
      { flags: '--id <id>', description: 'runner id' },
      { flags: '--reason <text>', description: 'why (default "operator revoked")' },
      OUTPUT_OPTION,
    ],
    run: async (ctx, flags) => {
      const value = await callAdmin(ctx, flags, 'runner.revoke', {
        id: idFlag(flags, 'id', '--id', true),
        reason: stringFlag(flags, 'reason', '--reason'),
      });
      print(ctx, flags, value, renderRecord);
      return 0;
    },
  },
  {
    path: ['admin', 'runner', 'recover-stale-jobs'],
    summary: "finalise a runner's running jobs that it no longer runs",
    options: [
      { flags: '--id <id>', description: 'runner id' },
      { flags: '--active-job-id <id>', description: 'a job the runner still runs (repeatable)' },
      { flags: '--dry-run', description: 'only show what would be finalised' },
      { flags: '--confirm', description: 'finalise the jobs' },
      OUTPUT_OPTION,
    ],
    run: async (ctx, flags) => {
      const dryRun = boolFlag(flags, 'dryRun');
      if (dryRun === boolFlag(flags, 'confirm'))
        throw new UsageError('give exactly one of --dry-run or --confirm');
      const value = await callAdmin(ctx, flags, 'runner.recover_stale_jobs', {
        id: idFlag(flags, 'id', '--id', true),
        active_job_ids: idListFlag(flags, 'activeJobId', '--active-job-id'),
        dry_run: dryRun,
      });
      print(ctx, flags, value, renderRecord);
      return 0;
    },
  },
];
