/**
 * The admin command table: every `shithubd admin …` command, declared once. Each entry names
 * the command (`runner.register`, its name on the admin socket), its command line, its input
 * schema, its handler and its text rendering; from it come
 * - the CLI commands, their flags, flag help and flag coercion (`cli/admin-cli.ts`),
 * - the typed AdminApi (`AdminCommands` is the port's command map),
 * - the check of every input: by the CLI before it opens the database, by the admin socket on
 *   what arrives, and by DirectAdminApi before the handler runs.
 *
 * Adding a command: one entry in the area file it belongs to (runner-, job-, forge-,
 * trigger-, actions- or retention-commands.ts), with its input built from input-fields.ts and its
 * handler beside it, plus its tests (its schema's cases in test/apps/admin-inputs.test.ts,
 * its behaviour where its area is tested). Nothing else lists commands.
 */
import * as v from 'valibot';
import { invalid } from '../../../domain/errors.js';
import type { AdminApi, AdminCall } from '../../../ports/admin-api.js';
import { actionsCommands } from './actions-commands.js';
import type { AdminCommandDef } from './admin-command.js';
import { forgeCommands } from './forge-commands.js';
import { explainIssues } from './input-fields.js';
import { jobCommands } from './job-commands.js';
import { retentionCommands } from './retention-commands.js';
import { runnerCommands } from './runner-commands.js';
import { triggerCommands } from './trigger-commands.js';
import { variableCommands } from './variable-commands.js';

const TABLE = {
  ...runnerCommands,
  ...jobCommands,
  ...forgeCommands,
  ...triggerCommands,
  ...variableCommands,
  ...retentionCommands,
  ...actionsCommands,
};
type Table = typeof TABLE;

export type AdminCommandName = keyof Table;
/** What a caller sends to command `K` (flag text or JSON numbers, as the schema accepts). */
export type AdminInput<K extends AdminCommandName> = v.InferInput<Table[K]['input']>;
/** What command `K` answers: its JSON shape from the runbook. */
export type AdminResult<K extends AdminCommandName> = Awaited<ReturnType<Table[K]['handle']>>;

/** The port's command map. */
export type AdminCommands = {
  [K in AdminCommandName]: { input: AdminInput<K>; result: AdminResult<K> };
};
export type ShithubAdminApi = AdminApi<AdminCommands>;

/** The table, typed per name so that a command's handler takes its own schema's output. */
export const ADMIN_COMMANDS: {
  readonly [K in AdminCommandName]: AdminCommandDef<Table[K]['input'], AdminResult<K>>;
} = TABLE;

/** Every command name, in table order (the CLI's help lists them so). */
export const ADMIN_COMMAND_NAMES = Object.keys(ADMIN_COMMANDS) as AdminCommandName[];

export function isAdminCommandName(name: string): name is AdminCommandName {
  return Object.hasOwn(ADMIN_COMMANDS, name);
}

/** Checks `input` against command `name`'s schema; refuses it as `invalid` with one message. */
export function checkAdminInput<K extends AdminCommandName>(name: K, input: unknown): AdminInput<K> {
  const schema = ADMIN_COMMANDS[name].input;
  if (v.is(schema, input)) return input;
  throw invalid('admin.input_invalid', explainIssues(v.safeParse(schema, input).issues ?? []));
}

/** The handler's input: `input` parsed by command `name`'s schema (durations in ms …). */
export function parseAdminInput<K extends AdminCommandName>(
  name: K,
  input: unknown,
): v.InferOutput<Table[K]['input']> {
  const parsed = v.safeParse(ADMIN_COMMANDS[name].input, input);
  if (parsed.success) return parsed.output;
  throw invalid('admin.input_invalid', explainIssues(parsed.issues));
}

/** Reads one call off the admin socket: a known command and an input its schema accepts. */
export function readAdminCall(command: string, input: unknown): AdminCall<AdminCommands> {
  if (!isAdminCommandName(command))
    throw invalid('admin.unknown_command', `unknown admin command '${command}'`);
  return callOf(command, input);
}

function callOf<K extends AdminCommandName>(command: K, input: unknown): AdminCall<AdminCommands, K> {
  return { command, input: checkAdminInput(command, input) };
}
