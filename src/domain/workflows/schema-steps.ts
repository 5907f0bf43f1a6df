/** Valibot schema of one step, and of `shell:` (also used by `defaults.run`). */
import * as v from 'valibot';
import {
  condition,
  envMap,
  flagOrExpression,
  mapOf,
  mapping,
  minutesOrExpression,
  scalarText,
  text,
} from './schema-common.js';

export const STEP_ID = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** GitHub's shell keywords; anything else must be a command template holding `{0}`. */
export const SHELL_KEYWORDS = ['bash', 'sh', 'pwsh', 'python', 'cmd', 'powershell'] as const;

const isShell = (value: string): boolean =>
  (SHELL_KEYWORDS as readonly string[]).includes(value) || value.includes('{0}') || value.includes('${{');

export const shell = () =>
  v.pipe(
    text(),
    v.check(
      isShell,
      'supported shells are bash and sh, pwsh, python, cmd, powershell, or a command with {0} (perl {0})',
    ),
  );

export const stepSchema = mapping({
  id: v.optional(v.pipe(text(), v.regex(STEP_ID, 'step ids must match ^[A-Za-z_][A-Za-z0-9_-]*$'))),
  name: v.optional(text()),
  if: v.optional(condition()),
  run: v.optional(text()),
  uses: v.optional(text()),
  with: v.optional(mapOf(v.string(), scalarText(), 'expected a mapping of inputs')),
  env: v.optional(envMap()),
  'working-directory': v.optional(text()),
  shell: v.optional(shell()),
  'continue-on-error': v.optional(flagOrExpression()),
  'timeout-minutes': v.optional(minutesOrExpression()),
});

export type RawStep = v.InferOutput<typeof stepSchema>;
