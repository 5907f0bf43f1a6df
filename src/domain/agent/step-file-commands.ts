/**
 * The per-step environment files (GitHub's file commands) in the job's runner folder
 * (`<shared>/steps/<id>/`, which the step can write into but not rearrange): created empty before the step, read after it ends however
 * it ended, and applied to the job's state — outputs to `steps.<id>.outputs`, `$GITHUB_ENV`
 * to later steps' environment, `$GITHUB_PATH` to their PATH. A file that does not parse, or
 * sets a variable the runner must keep, fails the step and changes nothing.
 */
import type { StepFiles } from '../../ports/step-files.js';
import { ENV_NAME } from '../env-names.js';
import { parseKeyValueFile, parsePathFile } from './file-commands.js';
import { type JobState, putValue } from './job-state.js';
import { PATH_PREFIX_VAR } from './step-shell.js';

const KINDS = ['output', 'env', 'path', 'summary', 'state'] as const;
type Kind = (typeof KINDS)[number];
const VARIABLE: Record<Kind, string> = {
  output: 'OUTPUT',
  env: 'ENV',
  path: 'PATH',
  summary: 'STEP_SUMMARY',
  state: 'STATE',
};

/** GitHub's limit of a step summary; a larger one is dropped with an error line, the step goes on. */
export const MAX_SUMMARY_BYTES = 1024 * 1024;
/** Larger output, env, path or state files fail the step. */
export const MAX_FILE_COMMAND_BYTES = 4 * 1024 * 1024;

/** Set by the runner itself, or steering the runner host / node: `$GITHUB_ENV` may not set them. */
const KEPT_ENV =
  /^(PATH|NODE_OPTIONS|SHITHUB_INPUT_.*|GITHUB_(OUTPUT|ENV|PATH|STEP_SUMMARY|STATE)|SHITHUB_(OUTPUT|ENV|PATH|STEP_SUMMARY|STATE))$/i;

export interface StepFilePaths {
  /** Host paths, by kind, plus the custom shell's script. */
  host: Record<Kind | 'script', string>;
  /** The same paths as the step sees them. */
  step: Record<Kind | 'script', string>;
}

/** Where one step's files are: `<shared>/steps/<id>/<kind>` (`<id>-<part>` for a composite's sub-step). */
export function stepFilePaths(
  shared: { host: string; step: string },
  stepId: number,
  part?: number,
): StepFilePaths {
  const folder = part === undefined ? `${stepId}` : `${stepId}-${part}`;
  const under = (root: string) =>
    Object.fromEntries([...KINDS, 'script'].map((k) => [k, `${root}/steps/${folder}/${k}`])) as Record<
      Kind | 'script',
      string
    >;
  return { host: under(shared.host), step: under(shared.step) };
}

/** `GITHUB_OUTPUT`, `SHITHUB_OUTPUT`, … pointing at the step's files, and the PATH prefix. */
export function fileCommandEnv(paths: StepFilePaths, state: JobState): Record<string, string> {
  const env: Record<string, string> = {};
  for (const kind of KINDS) {
    env[`GITHUB_${VARIABLE[kind]}`] = paths.step[kind];
    env[`SHITHUB_${VARIABLE[kind]}`] = paths.step[kind];
  }
  if (state.path.length > 0) env[PATH_PREFIX_VAR] = state.path.join(':');
  return env;
}

/** Creates the step's files empty. */
export function createStepFiles(deps: { files: StepFiles }, paths: StepFilePaths): Promise<void> {
  return deps.files.createFiles(KINDS.map((k) => paths.host[k]));
}

export interface AppliedFiles {
  /** The step summary (not yet scrubbed); null when empty or dropped. */
  summary: string | null;
  /** Lines for the step log (a dropped summary). */
  notes: string[];
  /** Why the step fails; empty when it does not. */
  errors: string[];
}

/** Reads the step's files and applies them to `state` (outputs into `outputs`). */
export async function applyStepFiles(
  deps: { files: StepFiles },
  input: { paths: StepFilePaths; state: JobState; outputs: Record<string, string> },
): Promise<AppliedFiles> {
  const applied: AppliedFiles = { summary: null, notes: [], errors: [] };
  const read = async (kind: Kind) => {
    const file = await deps.files.readFile(input.paths.host[kind], MAX_FILE_COMMAND_BYTES);
    if (file?.overLimit) applied.errors.push(`$GITHUB_${VARIABLE[kind]} is larger than 4 MiB`);
    return file && !file.overLimit ? file.text : '';
  };
  const outputs = parseKeyValueFile(await read('output'));
  const env = parseKeyValueFile(await read('env'));
  const path = parsePathFile(await read('path'));
  if (!outputs.ok) applied.errors.push(`$GITHUB_OUTPUT: ${outputs.error}`);
  if (!env.ok) applied.errors.push(`$GITHUB_ENV: ${env.error}`);
  for (const [name] of env.ok ? env.entries : []) {
    if (!ENV_NAME.test(name)) applied.errors.push(`$GITHUB_ENV: '${name}' is not a valid variable name`);
    else if (KEPT_ENV.test(name))
      applied.errors.push(
        `$GITHUB_ENV: ${name} cannot be set this way${name === 'PATH' ? ' (use $GITHUB_PATH)' : ''}`,
      );
  }
  applied.summary = await readSummary(deps, input.paths, applied);
  if (applied.errors.length > 0 || !outputs.ok || !env.ok) return applied;
  for (const [name, value] of outputs.entries) putValue(input.outputs, name, value);
  for (const [name, value] of env.entries) putValue(input.state.env, name, value);
  input.state.path = [...[...path].reverse(), ...input.state.path];
  return applied;
}

async function readSummary(deps: { files: StepFiles }, paths: StepFilePaths, applied: AppliedFiles) {
  const file = await deps.files.readFile(paths.host.summary, MAX_SUMMARY_BYTES);
  if (file?.overLimit) {
    applied.notes.push(
      `##[error]$GITHUB_STEP_SUMMARY upload aborted: it holds ${Math.ceil(file.bytes / 1024)}k, at most 1024k are kept`,
    );
    return null;
  }
  return file && file.text.trim() !== '' ? file.text : null;
}
