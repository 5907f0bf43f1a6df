/**
 * What each workflow command does (GitHub's semantics, the deliberate differences in
 * docs/workflow-language.md) and the line the log shows for it; null hides the line.
 * - `add-mask`: masks the value from this line on; shows `::add-mask::***`.
 * - `error`/`warning`/`notice`: an annotation; shows `##[error]message`.
 * - `debug`: `##[debug]message`, only when step debug logging is on.
 * - `group`/`endgroup`: `##[group]title` / `##[endgroup]`.
 * - `stop-commands::TOKEN`: every line is text until `::TOKEN::` (both hidden).
 * - `set-output`: still sets the step output, with a deprecation warning line; `save-state`
 *   is accepted and ignored (there are no post steps); `set-env`/`add-path` fail the step.
 * - `echo`, `add-matcher`, `remove-matcher`: accepted, hidden. Anything else prints as text.
 */
import type { Annotation } from '../../ports/model/annotation.js';
import type { MaskSet } from '../logs/mask-set.js';
import { putValue, type RunnerMasks } from './job-state.js';
import { annotationOf, type WorkflowCommand } from './workflow-commands.js';

export interface CommandEffects {
  addMask(value: string): void;
  annotate(annotation: Annotation): void;
  setOutput(name: string, value: string): void;
  /** Fails the step (after it ends) with this message. */
  fail(message: string): void;
  /** Whether `::debug::` lines are shown (`ACTIONS_STEP_DEBUG` / `SHITHUB_STEP_DEBUG`). */
  readonly debug: boolean;
  /** The token of an active `::stop-commands::`, or null. */
  stopToken: string | null;
}

const LEVELS = ['error', 'warning', 'notice'] as const;
const HIDDEN = new Set(['echo', 'add-matcher', 'remove-matcher']);
const DEPRECATED_OUTPUT =
  '##[warning]The `set-output` command is deprecated: write to $GITHUB_OUTPUT instead (https://github.blog/changelog/2022-10-11-github-actions-deprecating-save-state-and-set-output-commands/)';
/** Names a stop token may not take: a token equal to a command would resume on that command. */
const KNOWN = new Set([
  'add-mask',
  ...LEVELS,
  'debug',
  'group',
  'endgroup',
  'stop-commands',
  'set-output',
  'save-state',
  'set-env',
  'add-path',
  ...HIDDEN,
]);

/** Applies one line's command (null: not a command) and returns what the log shows. */
export function handleCommand(
  effects: CommandEffects,
  line: string,
  command: WorkflowCommand | null,
): string | null {
  if (effects.stopToken !== null) {
    if (command?.name !== effects.stopToken || command.message !== '') return line;
    effects.stopToken = null;
    return null;
  }
  if (command === null) return line;
  const { name, message } = command;
  const level = LEVELS.find((l) => l === name);
  if (level) {
    effects.annotate(annotationOf(level, command));
    return `##[${level}]${message}`;
  }
  switch (name) {
    case 'add-mask':
      if (message.trim() !== '') effects.addMask(message);
      return '::add-mask::***';
    case 'debug':
      return effects.debug ? `##[debug]${message}` : null;
    case 'group':
      return `##[group]${message}`;
    case 'endgroup':
      return '##[endgroup]';
    case 'stop-commands':
      if (message === '' || KNOWN.has(message)) return `##[warning]invalid stop-commands token '${message}'`;
      effects.stopToken = message;
      return null;
    case 'set-output': {
      const output = command.properties.name ?? '';
      if (output === '') return '##[warning]set-output needs a name property';
      effects.setOutput(output, message);
      return DEPRECATED_OUTPUT;
    }
    case 'save-state':
      return null;
    case 'set-env':
    case 'add-path':
      effects.fail(
        `the ${name} command is disabled: write to $GITHUB_${name === 'set-env' ? 'ENV' : 'PATH'}`,
      );
      return `##[error]The \`${name}\` command is disabled. Please upgrade to using Environment Files.`;
    default:
      return HIDDEN.has(name) ? null : line;
  }
}

/** What the step's workflow commands asked for, read when the step ends. */
export interface StepCommandResults {
  /** At most `MAX_ANNOTATIONS_PER_LEVEL` of each level, as printed (scrub before sending). */
  annotations: Annotation[];
  /** `::set-output` values. */
  outputs: Record<string, string>;
  /** Why a command fails the step (`set-env`, `add-path`). */
  failures: string[];
}

/** GitHub's limit of annotations of one level per step. */
export const MAX_ANNOTATIONS_PER_LEVEL = 10;

/** The command effects of one step: masks reach its log's scrubber at once. */
export function stepCommandEffects(
  input: { masks: RunnerMasks; debug?: boolean },
  results: StepCommandResults,
  scrubber: { setMasks(masks: MaskSet): void },
): CommandEffects {
  return {
    debug: input.debug ?? false,
    stopToken: null,
    addMask(value) {
      input.masks.add(value);
      scrubber.setMasks(input.masks.current());
    },
    annotate(annotation) {
      const same = results.annotations.filter((a) => a.level === annotation.level).length;
      if (same < MAX_ANNOTATIONS_PER_LEVEL) results.annotations.push(annotation);
    },
    setOutput: (name, value) => putValue(results.outputs, name, value),
    fail: (message) => results.failures.push(message),
  };
}
