/** Valibot pieces shared by the workflow, trigger and job schemas. */
import * as v from 'valibot';
import { ENV_NAME } from '../env-names.js';
import type { Concurrency } from './model.js';

export const MAX_TIMEOUT_MINUTES = 4320;
const RESERVED_ENV_PREFIX = 'SHITHUB_INPUT_';

export const text = () => v.string('expected a string');

const isMapping = (input: unknown): input is Record<string, unknown> =>
  typeof input === 'object' && input !== null && !Array.isArray(input);

/** A strict object that refuses lists too (valibot's objects accept arrays). */
export const mapping = <const E extends v.ObjectEntries>(entries: E, message = 'expected a mapping') =>
  v.pipe(v.custom<Record<string, unknown>>(isMapping, message), v.strictObject(entries));

/** A record that refuses lists (valibot's records accept arrays). */
export const mapOf = <
  const K extends v.BaseSchema<string, string | number | symbol, v.BaseIssue<unknown>>,
  const V extends v.BaseSchema<unknown, unknown, v.BaseIssue<unknown>>,
>(
  key: K,
  value: V,
  message: string,
) => v.pipe(v.custom<Record<string, unknown>>(isMapping, message), v.record(key, value));
export const flag = () => v.boolean('expected true or false');

/** A scalar written as text: `3` → '3', `true` → 'true', an empty value → ''. */
export const scalarText = () =>
  v.pipe(
    v.union([v.string(), v.number(), v.boolean(), v.null()], 'expected a string, number or boolean'),
    v.transform((value) => (value === null ? '' : String(value))),
  );

/** A string or a list of strings, always given back as a list. */
export const oneOrMany = (what: string) =>
  v.pipe(
    v.union([v.string(), v.array(text())], `expected ${what} or a list of them`),
    v.transform((value) => (typeof value === 'string' ? [value] : value)),
  );

/** Whole minutes from 1; the readers cap values above the limit (capped-timeouts.ts). */
export const minutes = () =>
  v.pipe(
    v.number('expected a whole number of minutes'),
    v.integer('expected a whole number of minutes'),
    v.minValue(1, `must be at least 1 (values above ${MAX_TIMEOUT_MINUTES} are capped)`),
  );

/** A string holding `${{ }}` (its syntax is checked by `checkExpressions`). */
export const expression = (message: string) =>
  v.pipe(
    v.string(message),
    v.check((value) => value.includes('${{'), message),
  );

/** Where GitHub also takes an expression, evaluated later (`timeout-minutes: ${{ … }}`). */
export const minutesOrExpression = () =>
  v.union([minutes(), expression("expected a whole number of minutes or a '${{ }}' expression")]);

export const flagOrExpression = () =>
  v.union([flag(), expression("expected true or false, or a '${{ }}' expression")]);

/** `env:` maps. Names are shell-safe; the `SHITHUB_INPUT_` prefix carries tainted values. */
export const envMap = () =>
  mapOf(
    v.pipe(
      v.string(),
      v.regex(ENV_NAME, `env names must match ${ENV_NAME.source}`),
      v.check(
        (name) => !name.toUpperCase().startsWith(RESERVED_ENV_PREFIX),
        `env names starting with ${RESERVED_ENV_PREFIX} are reserved`,
      ),
    ),
    scalarText(),
    'expected a mapping of names to values',
  );

/** A condition: an expression with or without `${{ }}`; `if: false` reads as 'false'. */
export const condition = () =>
  v.pipe(
    v.union([v.string(), v.boolean(), v.number()], 'expected a condition'),
    v.transform((value) => String(value)),
  );

const SCOPES = [
  'actions',
  'attestations',
  'checks',
  'contents',
  'deployments',
  'discussions',
  'id-token',
  'issues',
  'models',
  'packages',
  'pages',
  'pull-requests',
  'repository-projects',
  'security-events',
  'statuses',
] as const;

export const permissions = () =>
  v.union(
    [
      v.picklist(['read-all', 'write-all']),
      mapOf(
        v.picklist(SCOPES, `permission scopes are ${SCOPES.join(', ')}`),
        v.picklist(['read', 'write', 'none'], 'expected read, write or none'),
        'expected a mapping of scopes',
      ),
    ],
    'expected read-all, write-all or a mapping of scopes to read/write/none',
  );

/** `concurrency: group` or `{group, cancel-in-progress}`. */
export const concurrency = () =>
  v.union(
    [
      v.pipe(
        v.string(),
        v.transform((group): Concurrency => ({ group, cancelInProgress: false })),
      ),
      v.pipe(
        mapping({
          group: text(),
          'cancel-in-progress': v.optional(
            v.union([flag(), text()], 'expected true, false or an expression'),
          ),
        }),
        v.transform(
          (c): Concurrency => ({ group: c.group, cancelInProgress: c['cancel-in-progress'] ?? false }),
        ),
      ),
    ],
    'expected a group name or {group, cancel-in-progress}',
  );
