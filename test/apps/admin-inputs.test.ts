/**
 * Every admin command's input schema: inputs it takes (as the CLI sends them, flag text, and
 * as a program sends them, JSON numbers) with what the handler gets, and inputs it refuses with
 * the exact message the CLI prints and the admin socket answers.
 */
import { describe, expect, it } from 'vitest';
import {
  ADMIN_COMMAND_NAMES,
  type AdminCommandName,
  checkAdminInput,
  parseAdminInput,
} from '../../src/apps/shithubd/admin/admin-commands.js';

const BAD_DURATION = (flag: string, text: string) =>
  `${flag}: invalid duration '${text}' (use forms like 30s, 2m, 24h, 1h30m)`;
const ONE_SCOPE = 'give exactly one of --repo or --org';

interface Cases {
  /** Inputs taken, each with (part of) the parsed input the handler gets. */
  good: [input: Record<string, unknown>, parsed: Record<string, unknown>][];
  /** Inputs refused, each with its one message. */
  bad: [input: Record<string, unknown>, message: string][];
}

// Typed by the command names, so a new command does not compile until it has its cases here.
const CASES: Record<AdminCommandName, Cases> = {
  'runner.register': {
    good: [
      [{ name: 'r1' }, { name: 'r1' }],
      [
        { name: 'r1', labels: 'linux', capacity: '2', expires_in: '24h' },
        { labels: 'linux', capacity: 2, expires_in: 86_400_000 },
      ],
      [{ name: 'r1', capacity: 0 }, { capacity: 0 }],
    ],
    bad: [
      [{}, '--name is required'],
      [{ name: 5 }, '--name must be a string'],
      [{ name: 'r', capacity: 'two' }, "--capacity must be an integer, not 'two'"],
      [{ name: 'r', expires_in: '1 day' }, BAD_DURATION('--expires-in', '1 day')],
    ],
  },
  'runner.list': { good: [[{}, {}]], bad: [] },
  'runner.queue': { good: [[{}, {}]], bad: [] },
  'runner.jobs': {
    good: [
      [{}, {}],
      [
        { id: '3', limit: '10' },
        { id: 3, limit: 10 },
      ],
      [{ id: 3 }, { id: 3 }],
    ],
    bad: [
      [{ id: '0' }, "--id must be a positive integer, not '0'"],
      [{ limit: 'lots' }, "--limit must be an integer, not 'lots'"],
    ],
  },
  'runner.drain': {
    good: [
      [{ id: '1' }, { id: 1, all: false, dry_run: false }],
      [{ all: true }, { all: true, dry_run: false }],
      [
        { all: true, dry_run: true, reason: 'incident' },
        { all: true, dry_run: true, reason: 'incident' },
      ],
      [
        { id: 1, reason: 'kernel update' },
        { id: 1, reason: 'kernel update' },
      ],
    ],
    bad: [
      [{}, '--id is required'],
      [{ id: 'abc' }, "--id must be a positive integer, not 'abc'"],
      [{ id: 1.5 }, "--id must be a positive integer, not '1.5'"],
      [{ id: '-1' }, "--id must be a positive integer, not '-1'"],
      [{ id: true }, '--id must be a positive integer'],
      [{ id: '1', all: true }, 'give --id or --all, not both'],
      [{ id: '1', dry_run: true }, '--dry-run only goes with --all'],
    ],
  },
  'runner.undrain': { good: [[{ id: '7' }, { id: 7 }]], bad: [[{}, '--id is required']] },
  'runner.rotate_token': {
    good: [
      [
        { id: '1', expires_in: '0' },
        { id: 1, expires_in: 0 },
      ],
    ],
    bad: [[{ id: '1', expires_in: '1 day' }, BAD_DURATION('--expires-in', '1 day')]],
  },
  'runner.cleanup_stale': {
    good: [
      [{}, { older_than: 120_000 }],
      [{ older_than: '5m' }, { older_than: 300_000 }],
    ],
    bad: [[{ older_than: 'soon' }, BAD_DURATION('--older-than', 'soon')]],
  },
  'runner.revoke': {
    good: [
      [{ id: '1', reason: 'host compromise' }, { id: 1 }],
      [
        { all: true, confirm: true },
        { all: true, confirm: true, dry_run: false },
      ],
      [
        { all: true, dry_run: true },
        { all: true, confirm: false, dry_run: true },
      ],
    ],
    bad: [
      [{ id: 'one' }, "--id must be a positive integer, not 'one'"],
      [{}, '--id is required'],
      [{ all: true }, 'revoke --all needs --confirm (or --dry-run to count what it would revoke)'],
      [
        { all: true, confirm: true, dry_run: true },
        'revoke --all needs --confirm (or --dry-run to count what it would revoke)',
      ],
      [{ id: '1', confirm: true }, '--confirm and --dry-run only go with --all'],
      [{ id: '1', all: true, confirm: true }, 'give --id or --all, not both'],
    ],
  },
  'runner.recover_stale_jobs': {
    good: [
      [
        { id: '1', dry_run: true },
        { id: 1, active_job_ids: [], dry_run: true, confirm: false },
      ],
      [
        { id: 1, confirm: true, active_job_ids: ['2', 3] },
        { active_job_ids: [2, 3], dry_run: false },
      ],
    ],
    bad: [
      [{ id: '1' }, 'give exactly one of --dry-run or --confirm'],
      [{ id: '1', dry_run: true, confirm: true }, 'give exactly one of --dry-run or --confirm'],
      // A rule across flags is reported before a single flag's problem, as the CLI always did.
      [{}, 'give exactly one of --dry-run or --confirm'],
      [{ dry_run: true }, '--id is required'],
      [
        { id: '1', dry_run: true, active_job_ids: ['x'] },
        "--active-job-id must be a positive integer, not 'x'",
      ],
    ],
  },
  'user.create': {
    good: [
      [{ name: 'alice' }, { name: 'alice', admin: false }],
      [
        { name: 'alice', admin: true, password: 'pw' },
        { admin: true, password: 'pw' },
      ],
    ],
    bad: [
      [{}, '--name is required'],
      [{ name: 'a', password: '' }, 'the password must be given on standard input'],
    ],
  },
  'user.passwd': {
    good: [
      [
        { name: 'alice', password: 'a long password' },
        { name: 'alice', password: 'a long password' },
      ],
    ],
    bad: [
      [{ password: 'a long password' }, '--name is required'],
      [{ name: 'a', password: '' }, 'the password must be given on standard input'],
    ],
  },
  'org.create': { good: [[{ name: 'acme' }, { name: 'acme' }]], bad: [[{}, '--name is required']] },
  'token.create': {
    good: [[{ user: 'a', scopes: 'repo:read', expires_in: '90d' }, { expires_in: 90 * 86_400_000 }]],
    bad: [
      [{ user: 'a' }, '--scopes is required'],
      [{ user: 'a', scopes: 'repo:read', expires_in: 'never' }, BAD_DURATION('--expires-in', 'never')],
    ],
  },
  'token.list': { good: [[{ user: 'a' }, { user: 'a' }]], bad: [[{}, '--user is required']] },
  'token.revoke': {
    good: [
      [{ id: '7' }, { id: 7 }],
      [{ id: 7 }, { id: 7 }],
    ],
    bad: [
      [{}, '--id is required'],
      [{ id: '0' }, "--id must be a positive integer, not '0'"],
    ],
  },
  'repo.create': {
    good: [[{ owner: 'a', name: 'r' }, { private: false }]],
    bad: [[{ owner: 'a' }, '--name is required']],
  },
  'repo.collaborator_add': {
    good: [[{ repo: 'a/r', user: 'b', role: 'write' }, { role: 'write' }]],
    bad: [[{ repo: 'a/r', user: 'b' }, '--role is required']],
  },
  'secret.set': {
    good: [
      [
        { repo: 'a/r', name: 'S', value: 'v' },
        { repo: 'a/r', value: 'v' },
      ],
    ],
    bad: [
      [{ name: 'S', value: 'v' }, ONE_SCOPE],
      [{ repo: 'a/r', org: 'o', name: 'S', value: 'v' }, ONE_SCOPE],
      [{}, ONE_SCOPE],
      [{ repo: 'a/r', name: 'S' }, 'the secret value must be given on standard input'],
      [{ repo: 'a/r', name: 'S', value: '' }, 'the secret value must be given on standard input'],
    ],
  },
  'secret.list': { good: [[{ org: 'o' }, { org: 'o' }]], bad: [[{}, ONE_SCOPE]] },
  'secret.delete': {
    good: [[{ repo: 'a/r', name: 'S' }, { name: 'S' }]],
    bad: [[{ repo: 'a/r' }, '--name is required']],
  },
  'var.set': {
    good: [
      [
        { org: 'o', name: 'REGION', value: 'eu' },
        { org: 'o', value: 'eu' },
      ],
    ],
    bad: [
      [{ name: 'V', value: 'v' }, ONE_SCOPE],
      [{ repo: 'a/r', org: 'o', name: 'V', value: 'v' }, ONE_SCOPE],
      [{ repo: 'a/r', name: 'V' }, 'the variable value must be given on standard input'],
    ],
  },
  'var.list': { good: [[{ repo: 'a/r' }, { repo: 'a/r' }]], bad: [[{}, ONE_SCOPE]] },
  'var.delete': {
    good: [[{ org: 'o', name: 'V' }, { name: 'V' }]],
    bad: [[{ org: 'o' }, '--name is required']],
  },
  'actions.policy': {
    good: [
      [{ site: true }, { site: true }],
      [
        { repo: 'a/r', state: 'enabled' },
        { site: false, state: 'enabled' },
      ],
    ],
    bad: [
      [{}, 'give exactly one of --site, --org or --repo'],
      [{ site: true, org: 'o' }, 'give exactly one of --site, --org or --repo'],
    ],
  },
  'actions.cancel': {
    good: [
      [{ repo: 'a/r' }, { repo: 'a/r', all: false, dry_run: false }],
      [
        { org: 'acme', dry_run: true },
        { org: 'acme', dry_run: true },
      ],
      [{ all: true }, { all: true }],
    ],
    bad: [
      [{}, 'give exactly one of --repo, --org or --all'],
      [{ repo: 'a/r', all: true }, 'give exactly one of --repo, --org or --all'],
      [{ repo: 'a/r', org: 'acme' }, 'give exactly one of --repo, --org or --all'],
    ],
  },
  'workflow.trigger': {
    good: [[{ repo: 'a/r', event_id: '4' }, { event_id: 4 }]],
    bad: [
      [{ repo: 'a/r' }, '--event-id is required'],
      [{ repo: 'a/r', event_id: 'x' }, "--event-id must be a positive integer, not 'x'"],
    ],
  },
  'workflow.cleanup': {
    good: [
      [{}, { dry_run: false }],
      [{ dry_run: true }, { dry_run: true }],
    ],
    bad: [[{ dry_run: 'yes' }, '--dry-run must be true or false']],
  },
  'run.pin': {
    good: [
      [{ id: '12' }, { id: 12 }],
      [{ id: 12 }, { id: 12 }],
    ],
    bad: [
      [{}, '--id is required'],
      [{ id: '0' }, "--id must be a positive integer, not '0'"],
    ],
  },
  'run.unpin': {
    good: [[{ id: '12' }, { id: 12 }]],
    bad: [[{ id: 'x' }, "--id must be a positive integer, not 'x'"]],
  },
};

const good = ADMIN_COMMAND_NAMES.flatMap((name) =>
  CASES[name].good.map(([input, parsed]) => ({ name, input, parsed })),
);
const bad = ADMIN_COMMAND_NAMES.flatMap((name) =>
  CASES[name].bad.map(([input, message]) => ({ name, input, message })),
);

describe('admin command inputs', () => {
  it('has cases for every command, and a refused input for every command that takes any', () => {
    expect(Object.keys(CASES).sort()).toEqual([...ADMIN_COMMAND_NAMES].sort());
    for (const name of ADMIN_COMMAND_NAMES) expect(CASES[name].good.length).toBeGreaterThan(0);
  });

  it.each(good)('$name takes $input', ({ name, input, parsed }) => {
    expect(checkAdminInput(name, input)).toBe(input);
    expect(parseAdminInput(name, input)).toMatchObject(parsed);
  });

  it.each(bad)('$name refuses $input: $message', ({ name, input, message }) => {
    expect(() => checkAdminInput(name, input)).toThrow(
      expect.objectContaining({ kind: 'invalid', code: 'admin.input_invalid', message }),
    );
    expect(() => parseAdminInput(name, input)).toThrow(expect.objectContaining({ message }));
  });

  it('refuses an input that is not an object', () => {
    expect(() => checkAdminInput('runner.list', null)).toThrow('the input must be an object');
  });
});
