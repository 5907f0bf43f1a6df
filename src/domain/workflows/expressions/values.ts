/** Values of the expression language and GitHub's coercion rules between them. */

export type ExprValue = null | boolean | number | string | readonly ExprValue[] | ExprObject;
export interface ExprObject {
  readonly [key: string]: ExprValue;
}

export function isObject(value: ExprValue): value is ExprObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** false, 0, NaN, '' and null are falsy; everything else (objects and arrays too) is truthy. */
export function isTruthy(value: ExprValue): boolean {
  if (value === null) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
  if (typeof value === 'string') return value.length > 0;
  return true;
}

/** null → 0, booleans → 1/0, strings parsed ('' → 0, junk → NaN), objects → NaN. */
export function toNumber(value: ExprValue): number {
  if (value === null) return 0;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return Number(value);
  return Number.NaN;
}

/** How a value reads when spliced into text: null → '', objects as 'Array'/'Object' (use toJSON). */
export function toText(value: ExprValue): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Object.is(value, -0) ? '0' : String(value);
  return Array.isArray(value) ? 'Array' : 'Object';
}

type Kind = 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object';

function kindOf(value: ExprValue): Kind {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value as Kind;
}

/**
 * GitHub's `==`: same kinds compare directly (strings ignoring case, objects by identity);
 * different kinds are both turned into numbers first.
 */
export function looseEquals(left: ExprValue, right: ExprValue): boolean {
  const kind = kindOf(left);
  if (kind !== kindOf(right)) return toNumber(left) === toNumber(right);
  if (kind === 'string') return (left as string).toUpperCase() === (right as string).toUpperCase();
  return left === right;
}

/** GitHub's `<`: strings compare ignoring case, mixed kinds as numbers, objects never. */
export function lessThan(left: ExprValue, right: ExprValue): boolean {
  if (typeof left === 'string' && typeof right === 'string') return left.toUpperCase() < right.toUpperCase();
  return toNumber(left) < toNumber(right);
}

/** Deep equality used by matrix include/exclude matching (not by `==`). */
export function deepEquals(left: ExprValue, right: ExprValue): boolean {
  if (left === right) return true;
  if (Array.isArray(left) && Array.isArray(right)) {
    return left.length === right.length && left.every((item, i) => deepEquals(item, right[i] ?? null));
  }
  if (isObject(left) && isObject(right)) {
    const keys = Object.keys(left);
    return (
      keys.length === Object.keys(right).length &&
      keys.every((k) => Object.hasOwn(right, k) && deepEquals(left[k] ?? null, right[k] ?? null))
    );
  }
  return false;
}

/** Property lookup: exact key first, then ignoring case (contexts are case-insensitive); own keys only. */
export function getProperty(value: ExprValue, key: string): ExprValue {
  if (!isObject(value)) return null;
  if (Object.hasOwn(value, key)) return value[key] ?? null;
  const upper = key.toUpperCase();
  const found = Object.keys(value).find((k) => k.toUpperCase() === upper);
  return found === undefined ? null : (value[found] ?? null);
}

/** Converts parsed JSON or YAML data into an expression value (functions and the like become null). */
export function toExprValue(data: unknown): ExprValue {
  if (data === null || data === undefined) return null;
  if (typeof data === 'string' || typeof data === 'boolean' || typeof data === 'number') return data;
  if (Array.isArray(data)) return data.map(toExprValue);
  // fromEntries defines own properties, so a `__proto__` key stays data.
  if (typeof data === 'object')
    return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, toExprValue(v)]));
  return null;
}
