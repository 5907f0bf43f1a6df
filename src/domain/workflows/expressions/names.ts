/** The contexts and functions an expression may name (SPEC §6), checked while parsing. */
import { ExpressionSyntaxError } from './tokenizer.js';

/** Context roots (GitHub's list); `github` reads the `shithub` context. */
export const CONTEXT_NAMES = [
  'shithub',
  'github',
  'env',
  'secrets',
  'vars',
  'inputs',
  'matrix',
  'strategy',
  'needs',
  'job',
  'jobs',
  'steps',
  'runner',
];

/** Function name (canonical spelling) → [min, max] arguments. */
const FUNCTIONS: Record<string, readonly [number, number]> = {
  contains: [2, 2],
  startsWith: [2, 2],
  endsWith: [2, 2],
  format: [1, Number.POSITIVE_INFINITY],
  join: [1, 2],
  toJSON: [1, 1],
  fromJSON: [1, 1],
  hashFiles: [1, Number.POSITIVE_INFINITY],
  success: [0, 0],
  failure: [0, 0],
  cancelled: [0, 0],
  always: [0, 0],
};

/** The status functions: a condition calling one of them is not wrapped in `success() && …`. */
export const STATUS_FUNCTIONS: ReadonlySet<string> = new Set(['success', 'failure', 'cancelled', 'always']);

const BY_LOWER = new Map(Object.keys(FUNCTIONS).map((name) => [name.toLowerCase(), name]));

/** Returns the context name in lower case; throws for a name outside SPEC §6. */
export function checkContext(name: string, at: number): string {
  const lower = name.toLowerCase();
  if (!CONTEXT_NAMES.includes(lower)) throw new ExpressionSyntaxError(`unknown context '${name}'`, at);
  return lower;
}

/** Returns the canonical function name (names ignore case, as on GitHub); checks the argument count. */
export function checkCall(name: string, argCount: number, at: number): string {
  const canonical = BY_LOWER.get(name.toLowerCase());
  if (canonical === undefined) throw new ExpressionSyntaxError(`unknown function '${name}'`, at);
  const [min, max] = FUNCTIONS[canonical] as readonly [number, number];
  if (argCount < min || argCount > max) {
    const want =
      min === max ? `${min}` : max === Number.POSITIVE_INFINITY ? `at least ${min}` : `${min} to ${max}`;
    const last = max === Number.POSITIVE_INFINITY ? min : max;
    throw new ExpressionSyntaxError(
      `${canonical}() takes ${want} argument${last === 1 ? '' : 's'}, got ${argCount}`,
      at,
    );
  }
  return canonical;
}
