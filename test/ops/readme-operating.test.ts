/**
 * README "Operating": every command in its fenced shell blocks is one this repository ships
 * or one the section's tools provide, and each names what exists. `shithubd` and
 * `shithubd-runner` commands must name a real command and only its flags; admin commands
 * are also run through the real CLI (flags → input schema) against a recording AdminApi, so
 * a flag combination the schema refuses fails here; `egress-dns` flags go through its real
 * settings parser. Files under `ops/` and systemd units they name must exist.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliContext, CommandDef, OptionDef } from '../../src/apps/shithubd/cli/command.js';
import { dispatch, GLOBAL_OPTIONS } from '../../src/apps/shithubd/cli/dispatch.js';
import { COMMANDS } from '../../src/apps/shithubd/cli/run-cli.js';
import { runnerCommands } from '../../src/apps/shithubd-runner/cli.js';
import { egressDnsSettings } from '../../src/apps/shithubd-runner/egress-dns-command.js';
import { OPS } from '../support/ops-tools.js';

const ROOT = resolve(OPS, '..');
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const section = /\n## Operating\n([\s\S]*?)(?=\n## )/.exec(readme)?.[1] ?? '';
const RUNNER_COMMANDS = runnerCommands({ onSignal: () => () => undefined });
const RUNNER_GLOBAL: OptionDef[] = [{ flags: '--config <file>', description: '' }];
/** Programs the section may use besides ours, and units that are not ours. */
const TOOLS = new Set([
  'git',
  'cd',
  'npm',
  'ln',
  'useradd',
  'install',
  'set',
  '.',
  'systemctl',
  'docker',
  'cp',
]);
for (const tool of ['ansible-vault', 'ansible-playbook', 'pg_dump', 'tar', 'promtool']) TOOLS.add(tool);
const FOREIGN_UNITS = new Set(['docker.service', 'nftables.service']);

/** The simple commands of every ```sh block: continuations joined, split at && ; |, tokenised. */
function commandsOf(text: string): string[][] {
  const blocks = [...text.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
  return blocks
    .flatMap((block) => block.replace(/\\\n/g, ' ').split('\n'))
    .flatMap((line) => line.split(/\s(?:&&|;|\|)\s/))
    .map((line) => tokens(line))
    .filter((words) => words.length > 0);
}

/** Shell words: quotes removed, `#` comments dropped. */
function tokens(line: string): string[] {
  const words: string[] = [];
  for (const m of line.matchAll(/'([^']*)'|"([^"]*)"|(#.*$)|(\S+)/g)) {
    if (m[3] !== undefined) break;
    words.push(m[1] ?? m[2] ?? m[4]!);
  }
  return words;
}

/** The command a `shithubd…` argv names, and its argv after the command path. */
function findCommand(commands: CommandDef[], argv: string[]) {
  const matches = commands.filter((c) => c.path.every((word, i) => argv[i] === word));
  const command = matches.sort((a, b) => b.path.length - a.path.length)[0];
  return command && { command, rest: argv.slice(command.path.length) };
}

/** Problems with the flags of `rest` against `options` (value flags take the next word). */
function flagProblems(rest: string[], options: OptionDef[]): string[] {
  const known = new Map(options.map((o) => [o.flags.split(' ')[0]!, o.flags.includes('<')]));
  const problems: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i]!;
    if (!known.has(word)) problems.push(`unexpected '${word}'`);
    else if (known.get(word)) i++;
  }
  return problems;
}

/** cac's flags object of `rest`: `--set-file x` → { setFile: 'x' }. */
function flagsOf(rest: string[]): Record<string, string> {
  const flags: Record<string, string> = {};
  for (let i = 0; i < rest.length; i += 2) {
    flags[rest[i]!.slice(2).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())] = rest[i + 1]!;
  }
  return flags;
}

async function runAdmin(argv: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const ctx: CliContext = {
    stdout: () => undefined,
    stderr: (text) => {
      stderr += text;
    },
    readStdin: async () => '',
    env: {},
    cwd: '/',
    openAdmin: async () => ({ call: async () => ({}) as never, close: async () => undefined }),
  };
  try {
    return { code: await dispatch('shithubd', COMMANDS, argv, ctx), stderr };
  } catch (err) {
    return { code: 2, stderr: String(err) };
  }
}

async function problemsOf(words: string[], cwd: string): Promise<string[]> {
  const [program, ...args] = words;
  if (program === 'shithubd') {
    const found = findCommand(COMMANDS, args);
    if (!found) return ['no such shithubd command'];
    const problems = flagProblems(found.rest, [...found.command.options, ...GLOBAL_OPTIONS]);
    if (problems.length === 0 && found.command.path[0] === 'admin') {
      const run = await runAdmin(args);
      if (run.code !== 0) problems.push(`the CLI refuses it: ${run.stderr.trim()}`);
    }
    return problems;
  }
  if (program === 'shithubd-runner') {
    const found = findCommand(RUNNER_COMMANDS, args);
    if (!found) return ['no such shithubd-runner command'];
    const problems = flagProblems(found.rest, [...found.command.options, ...RUNNER_GLOBAL]);
    if (problems.length === 0 && found.command.path[0] === 'egress-dns')
      if (problems.length === 0 && found.command.path[0] === 'egress-dns') {
        try {
          egressDnsSettings(flagsOf(found.rest));
        } catch (err) {
          problems.push(String(err));
        }
      }
    return problems;
  }
  if (!TOOLS.has(program ?? '')) return [`${program} is not a tool the section may use`];
  if (program === 'docker' && args[0] === 'compose' && args[1] === 'exec') {
    return problemsOf(args.slice(3), cwd);
  }
  return args.flatMap((word) => {
    const unit = /^[a-z0-9-]+\.(service|timer)$/.test(word) ? word : undefined;
    if (unit && !FOREIGN_UNITS.has(unit) && !existsSync(join(OPS, 'systemd', unit)))
      return [`no unit ${unit}`];
    const file = word.startsWith('ops/')
      ? join(ROOT, word)
      : /\.(yml|ini)$/.test(word)
        ? join(cwd, word)
        : undefined;
    const shipped =
      file && (existsSync(file) || existsSync(file.replace(/inventory\.ini$/, 'inventory.example.ini')));
    return file && !shipped ? [`no file ${word}`] : [];
  });
}

describe('README "Operating"', () => {
  const commands = commandsOf(section);

  it('has the sections an operator follows, with commands in them', () => {
    for (const heading of [
      'Install the server',
      'Register and install a runner',
      'Run the binary',
      'Pool operations',
    ]) {
      expect(section).toContain(`### ${heading}`);
    }
    for (const heading of ['Emergency controls', 'Upgrade', 'Backup', 'Alerts'])
      expect(section).toContain(`### ${heading}`);
    expect(commands.length).toBeGreaterThan(40);
  });

  it('names only existing commands, flags, units and files', async () => {
    const problems: string[] = [];
    let cwd = ROOT;
    for (const words of commands) {
      if (words[0] === 'cd' && words[1]?.startsWith('ops/')) cwd = join(ROOT, words[1]);
      for (const problem of await problemsOf(words, cwd)) problems.push(`${words.join(' ')}: ${problem}`);
    }
    expect(problems).toEqual([]);
  });

  it('shows every emergency control of issue #14 and the upgrade migration', () => {
    const lines = commands.map((words) => words.join(' '));
    for (const wanted of [
      'shithubd admin runner drain --all',
      'shithubd admin runner revoke --all --confirm',
      'shithubd admin actions cancel --repo',
      'shithubd admin actions cancel --org',
      'shithubd admin actions cancel --all',
      'shithubd migrate',
      'shithubd admin runner register',
    ]) {
      expect(lines.some((line) => line.startsWith(wanted))).toBe(true);
    }
  });

  it('explains every alert of ops/monitoring/alerts.yml', () => {
    const alerts = [...readFileSync(join(OPS, 'monitoring/alerts.yml'), 'utf8').matchAll(/- alert: (\w+)/g)];
    expect(alerts).toHaveLength(8);
    for (const [, name] of alerts) expect(section).toMatch(new RegExp(`\\| \`${name}\` \\|`));
  });
});
