/**
 * The `shithubd admin …` command line generated from the admin command table, run in-process on
 * memory stores: help and flags come from the schemas, flags are coerced and refused with the
 * same messages and exit codes as before, and standard input is read only when it should be.
 */
import { describe, expect, it } from 'vitest';
import { AesGcmSecretBox } from '../../src/adapters/system/secret-box.js';
import { ADMIN_COMMAND_NAMES, ADMIN_COMMANDS } from '../../src/apps/shithubd/admin/admin-commands.js';
import { DirectAdminApi } from '../../src/apps/shithubd/admin/direct-admin-api.js';
import { descriptionOf, flagSpecOf } from '../../src/apps/shithubd/admin/input-fields.js';
import type { CliContext } from '../../src/apps/shithubd/cli/command.js';
import { dispatch } from '../../src/apps/shithubd/cli/dispatch.js';
import { exitCodeFor, messageFor } from '../../src/apps/shithubd/cli/exit-codes.js';
import { COMMANDS } from '../../src/apps/shithubd/cli/run-cli.js';
import { makeMemoryDeps } from '../support/memory-deps.js';

function optionsOf(command: string) {
  const found = COMMANDS.find((c) => c.path.join(' ') === command);
  if (!found) throw new Error(`no command ${command}`);
  return found.options;
}

/** The CLI on one memory world; counts how often it opened the API and read standard input. */
function memoryCli() {
  const deps = { ...makeMemoryDeps(), secretBox: new AesGcmSecretBox(new Uint8Array(32).fill(7)) };
  const seen = { opened: 0, stdinReads: 0 };
  const run = async (argv: string[], stdin = '') => {
    let stdout = '';
    let stderr = '';
    const ctx: CliContext = {
      stdout: (t) => {
        stdout += t;
      },
      stderr: (t) => {
        stderr += t;
      },
      readStdin: async () => {
        seen.stdinReads += 1;
        return stdin;
      },
      env: {},
      cwd: '/',
      openAdmin: async () => {
        seen.opened += 1;
        return new DirectAdminApi(deps);
      },
    };
    try {
      return { code: await dispatch('shithubd', COMMANDS, argv, ctx), stdout, stderr };
    } catch (err) {
      return { code: exitCodeFor(err), stdout, stderr: `error: ${messageFor(err)}\n` };
    }
  };
  return { run, deps, seen };
}

describe('the admin CLI generated from the command table', () => {
  it('lists every admin command with its summary in the help index', async () => {
    const { stdout, code } = await memoryCli().run(['--help']);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    for (const name of ADMIN_COMMAND_NAMES) {
      const { path, summary } = ADMIN_COMMANDS[name];
      const line = lines.find((l) => l.startsWith(`  shithubd ${path.join(' ')} `));
      expect(line, name).toMatch(new RegExp(` {2}${summary.replace(/[()+]/g, '\\$&')}$`));
    }
  });

  it("gives every admin command one flag per field of its schema, with the field's help", () => {
    for (const name of ADMIN_COMMAND_NAMES) {
      const options = optionsOf(ADMIN_COMMANDS[name].path.join(' '));
      const flags = options.map((o) => o.flags.split(' ')[0]);
      for (const [key, entry] of Object.entries(ADMIN_COMMANDS[name].input.entries)) {
        const spec = flagSpecOf(entry);
        const flag = spec.kind === 'stdin' ? spec.optIn : spec.flag;
        if (!flag) continue; // read from standard input, always
        expect(flags, `${name} ${key}`).toContain(flag);
        const option = options.find((o) => o.flags.split(' ')[0] === flag);
        expect(option?.description, `${name} ${key}`).toBe(descriptionOf(entry));
      }
      expect(flags.at(-1), name).toBe('--output');
    }
  });

  it.each([
    [
      'admin runner register',
      ['--name <name>', '--labels <csv>', '--capacity <n>', '--expires-in <duration>'],
    ],
    ['admin runner recover-stale-jobs', ['--id <id>', '--active-job-id <id>', '--dry-run', '--confirm']],
    ['admin user create', ['--name <name>', '--admin', '--password-stdin']],
    ['admin secret set', ['--repo <owner/name>', '--org <name>', '--name <name>']],
    ['admin run-job workflow:trigger', ['--repo <owner/name>', '--event-id <id>']],
  ])('derives the flags of %s from its schema, in field order', (command, flags) => {
    expect(optionsOf(command).map((o) => o.flags)).toEqual([...flags, '--output <format>']);
  });

  it('reads at most one field of a command from standard input, and gives it no value flag', () => {
    for (const name of ADMIN_COMMAND_NAMES) {
      const specs = Object.values(ADMIN_COMMANDS[name].input.entries).map(flagSpecOf);
      expect(specs.filter((s) => s.kind === 'stdin').length, name).toBeLessThanOrEqual(1);
    }
    expect(optionsOf('admin secret set').map((o) => o.flags)).not.toContain('--value <text>');
  });

  it('gives cac the default the schema sets, so the help shows it', () => {
    expect(optionsOf('admin runner cleanup-stale')[0]).toMatchObject({
      flags: '--older-than <duration>',
      default: '2m',
    });
  });

  it.each([
    [
      'an id that is not a number',
      ['admin', 'runner', 'revoke', '--id', 'abc'],
      2,
      "--id must be a positive integer, not 'abc'",
    ],
    [
      'an unknown output format',
      ['admin', 'runner', 'list', '--output', 'yaml'],
      2,
      "--output must be text or json, not 'yaml'",
    ],
    [
      'capacity 0',
      ['admin', 'runner', 'register', '--name', 'r', '--capacity', '0'],
      2,
      'capacity must be between 1 and 64',
    ],
    [
      'capacity 65',
      ['admin', 'runner', 'register', '--name', 'r', '--capacity', '65'],
      2,
      'capacity must be between 1 and 64',
    ],
    ['an unknown runner', ['admin', 'runner', 'drain', '--id', '7'], 1, 'runner 7 not found'],
    [
      'a malformed duration',
      ['admin', 'runner', 'cleanup-stale', '--older-than', 'soon'],
      2,
      "--older-than: invalid duration 'soon' (use forms like 30s, 2m, 24h, 1h30m)",
    ],
    [
      'a malformed expiry',
      ['admin', 'runner', 'rotate-token', '--id', '1', '--expires-in', '1 day'],
      2,
      "--expires-in: invalid duration '1 day' (use forms like 30s, 2m, 24h, 1h30m)",
    ],
    [
      'neither --dry-run nor --confirm',
      ['admin', 'runner', 'recover-stale-jobs', '--id', '1'],
      2,
      'give exactly one of --dry-run or --confirm',
    ],
    ['no secret scope', ['admin', 'secret', 'list'], 2, 'give exactly one of --repo or --org'],
    [
      'no policy scope',
      ['admin', 'actions', 'policy', '--state', 'enabled'],
      2,
      'give exactly one of --site, --org or --repo',
    ],
    ['a missing required flag', ['admin', 'runner', 'drain'], 2, '--id is required'],
    [
      'a flag given twice',
      ['admin', 'runner', 'drain', '--id', '1', '--id', '2'],
      2,
      '--id may be given only once',
    ],
    [
      'a bad repeated id',
      ['admin', 'runner', 'recover-stale-jobs', '--id', '1', '--dry-run', '--active-job-id', 'x'],
      2,
      "--active-job-id must be a positive integer, not 'x'",
    ],
  ])('refuses %s with one line and the exit code of before', async (_name, argv, code, message) => {
    const result = await memoryCli().run(argv);
    expect(result).toEqual({ code, stdout: '', stderr: `error: ${message}\n` });
  });

  it('opens the admin API only for an input its schema accepts', async () => {
    const cli = memoryCli();
    await cli.run(['admin', 'runner', 'revoke', '--id', 'abc']);
    expect(cli.seen.opened).toBe(0);
    expect((await cli.run(['admin', 'runner', 'register', '--name', 'r1'])).code).toBe(0);
    expect(cli.seen.opened).toBe(1);
  });

  it('turns numbers the argv parser made back into text', async () => {
    const result = await memoryCli().run([
      'admin',
      'runner',
      'register',
      '--name',
      '123',
      '--output',
      'json',
    ]);
    expect(JSON.parse(result.stdout)).toMatchObject({ id: 1, name: '123', capacity: 1 });
  });

  it('prints the register token with its notice as text, and as one document with --output json', async () => {
    const cli = memoryCli();
    const text = await cli.run(['admin', 'runner', 'register', '--name', 'r1']);
    expect(text.stdout).toMatch(/^id: +1\n/);
    expect(text.stdout).toContain('it is shown only once');
    const json = await cli.run(['admin', 'runner', 'list', '--output', 'json']);
    expect(JSON.parse(json.stdout)).toEqual([
      expect.objectContaining({ name: 'r1', labels: expect.any(Array) }),
    ]);
  });

  it('reads a secret value from standard input, dropping one trailing newline', async () => {
    const cli = memoryCli();
    await cli.run(['admin', 'user', 'create', '--name', 'alice']);
    await cli.run(['admin', 'repo', 'create', '--owner', 'alice', '--name', 'scratch']);
    const set = await cli.run(
      ['admin', 'secret', 'set', '--repo', 'alice/scratch', '--name', 'TOKEN'],
      'v4lue\n',
    );
    expect(set.code).toBe(0);
    expect(set.stdout).not.toContain('v4lue');
    const [stored] = await cli.deps.secrets.listSecrets({ kind: 'repo', repoId: 1 });
    expect(stored?.name).toBe('TOKEN');
    const empty = await cli.run(['admin', 'secret', 'set', '--repo', 'alice/scratch', '--name', 'X'], '\n');
    expect(empty).toMatchObject({
      code: 2,
      stderr: 'error: the secret value must be given on standard input\n',
    });
  });

  it('does not wait for standard input when a flag is wrong', async () => {
    const cli = memoryCli();
    const result = await cli.run(['admin', 'secret', 'set', '--repo', 'alice/scratch'], 'v');
    expect(result.stderr).toBe('error: --name is required\n');
    const noScope = await cli.run(['admin', 'secret', 'set', '--name', 'X'], 'v');
    expect(noScope.stderr).toBe('error: give exactly one of --repo or --org\n');
    expect(cli.seen.stdinReads).toBe(0);
  });

  it('reads a password from standard input only with --password-stdin', async () => {
    const cli = memoryCli();
    await cli.run(['admin', 'user', 'create', '--name', 'bob']);
    expect(cli.seen.stdinReads).toBe(0);
    const empty = await cli.run(['admin', 'user', 'create', '--name', 'carol', '--password-stdin'], '');
    expect(empty).toMatchObject({ code: 2, stderr: 'error: the password must be given on standard input\n' });
    const ok = await cli.run(
      ['admin', 'user', 'create', '--name', 'carol', '--password-stdin'],
      'correct horse\n',
    );
    expect(ok.code).toBe(0);
    expect(cli.seen.stdinReads).toBe(2);
  });

  it('sets a password from standard input with user passwd and signs the user out everywhere', async () => {
    const cli = memoryCli();
    await cli.run(['admin', 'user', 'create', '--name', 'dora']);
    const user = await cli.deps.users.getUserByName('dora');
    const now = cli.deps.clock.now();
    await cli.deps.sessions.createSession({
      userId: user!.id,
      tokenHash: new Uint8Array(32).fill(1),
      createdAt: now,
      expiresAt: new Date(now.getTime() + 60_000),
    });
    const short = await cli.run(['admin', 'user', 'passwd', '--name', 'dora'], 'short\n');
    expect(short).toMatchObject({ code: 2, stderr: 'error: password must be at least 8 characters\n' });
    const done = await cli.run(
      ['admin', 'user', 'passwd', '--name', 'dora', '--output', 'json'],
      'a new password\n',
    );
    expect(done.code).toBe(0);
    expect(JSON.parse(done.stdout)).toEqual({ id: user!.id, name: 'dora', sessions_revoked: 1 });
    const stored = (await cli.deps.users.getUserByName('dora'))!.passwordHash!;
    expect(await cli.deps.passwordHasher.verify('a new password', stored)).toBe(true);
    const missing = await cli.run(['admin', 'user', 'passwd', '--name', 'nobody'], 'a new password\n');
    expect(missing).toMatchObject({ code: 1, stderr: 'error: user "nobody" not found\n' });
  });
});
