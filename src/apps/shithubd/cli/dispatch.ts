/**
 * Multi-word command dispatch on top of cac. cac parses one command's flags well but does not
 * match nested commands (`admin runner register`), so we pick the longest matching command
 * path ourselves and hand the remaining argv to a cac instance built for that one command,
 * which rejects unknown flags and renders `--help`.
 */
import { cac } from 'cac';
import {
  type CliContext,
  type CommandDef,
  type OptionDef,
  OUTPUT_OPTION,
  outputFormat,
  UsageError,
} from './command.js';

export const GLOBAL_OPTIONS: OptionDef[] = [
  {
    flags: '--config <file>',
    description: 'TOML configuration file (else SHITHUB_CONFIG, /etc/shithubd/config.toml)',
  },
  {
    flags: '--data-dir <dir>',
    description: 'data folder (repos, embedded database, key); default ./.shithub',
  },
];

function findCommand(
  commands: CommandDef[],
  argv: string[],
): { command: CommandDef; rest: string[] } | undefined {
  let best: { command: CommandDef; rest: string[] } | undefined;
  for (const command of commands) {
    const n = command.path.length;
    if (argv.length >= n && command.path.every((word, i) => argv[i] === word)) {
      if (!best || n > best.command.path.length) best = { command, rest: argv.slice(n) };
    }
  }
  return best;
}

/** Lists the commands under a prefix (`shithubd admin runner` → its sub-commands). */
function renderIndex(program: string, commands: CommandDef[], prefix: string[]): string {
  const under = commands.filter((c) => prefix.every((w, i) => c.path[i] === w));
  const width = Math.max(...under.map((c) => c.path.join(' ').length));
  const lines = under.map((c) => `  ${program} ${c.path.join(' ').padEnd(width)}  ${c.summary}`);
  return `Usage: ${program} <command> [flags]\n\nCommands:\n${lines.join('\n')}\n\nRun '${program} <command> --help' for a command's flags.\n`;
}

/**
 * Parses argv (without `node` and the script) and runs the matched command; returns the exit
 * code. `globalOptions` are accepted by every command (shithubd's `--config`/`--data-dir` by default).
 */
export async function dispatch(
  program: string,
  commands: CommandDef[],
  argv: string[],
  ctx: CliContext,
  globalOptions: OptionDef[] = GLOBAL_OPTIONS,
): Promise<number> {
  const found = findCommand(commands, argv);
  if (!found) {
    const firstFlag = argv.findIndex((a) => a.startsWith('-'));
    const words = firstFlag === -1 ? argv : argv.slice(0, firstFlag);
    const prefixLen = [...Array(words.length + 1).keys()]
      .reverse()
      .find((n) => commands.some((c) => words.slice(0, n).every((w, i) => c.path[i] === w)));
    const prefix = words.slice(0, prefixLen ?? 0);
    const asksHelp = argv.length === 0 || argv.includes('--help') || argv.includes('-h');
    if (asksHelp || prefix.length === words.length) {
      ctx.stdout(renderIndex(program, commands, prefix));
      return asksHelp ? 0 : 2;
    }
    throw new UsageError(`unknown command '${words.join(' ')}' (see '${program} --help')`);
  }
  const { command, rest } = found;
  const cli = cac(`${program} ${command.path.join(' ')}`);
  const leaf = cli.command('[...args]', command.summary);
  for (const opt of [...command.options, ...globalOptions]) {
    leaf.option(opt.flags, opt.description, opt.default === undefined ? undefined : { default: opt.default });
  }
  leaf.usage(`${command.positionals ? `${command.positionals} ` : ''}[flags]\n\n${command.summary}`);
  // The catch-all positional is how we reject stray arguments; keep it out of the help.
  cli.help((sections) =>
    sections.filter((s) => s.title !== 'Commands' && !s.title?.startsWith('For more info')),
  );
  // Running the matched command (rather than parse-only) makes cac reject unknown flags.
  let parsed: { args: readonly string[]; options: Record<string, unknown> } | undefined;
  leaf.action((...received: unknown[]) => {
    const options = received.at(-1) as Record<string, unknown>;
    parsed = { args: received.slice(0, -1).flat() as string[], options };
  });
  try {
    cli.parse(['node', program, ...rest]);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (!parsed) return 0; // --help was printed
  if (parsed.options.help) return 0;
  if (parsed.args.length > 0 && command.positionals === undefined)
    throw new UsageError(`unexpected argument '${parsed.args[0]}'`);
  if (command.options.includes(OUTPUT_OPTION)) outputFormat(parsed.options);
  return (await command.run(ctx, parsed.options, [...parsed.args])) ?? 0;
}
