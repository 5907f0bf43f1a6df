/**
 * The integer ranges a request value must fit before it reaches storage: one checked parser
 * per column type, used by every route (a path id of 2^31 must be a 404, never a 500 from
 * an `int4` column). Ids are 64-bit (`bigint`) columns read as JS numbers, so their range
 * stops at 2^53 − 1; counters and numbers shown to people (run index, pull number, log
 * `seq`) are 32-bit (`integer`) columns.
 */
export interface IntegerRange {
  min: number;
  max: number;
}

/** A 32-bit SQL `integer` column. */
export const INT4: IntegerRange = { min: -2_147_483_648, max: 2_147_483_647 };

/** A 64-bit SQL `bigint` column, as far as a JS number is exact. */
export const INT8: IntegerRange = { min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER };

const POSITIVE_DECIMAL = /^[1-9][0-9]{0,15}$/;

/** True when `value` is an integer inside `range`. */
export function isInRange(value: number, range: IntegerRange): boolean {
  return Number.isSafeInteger(value) && value >= range.min && value <= range.max;
}

/**
 * The positive integer `text` spells in plain decimal (no sign, no leading zero, no
 * exponent) when it fits `range`; undefined otherwise.
 */
export function parsePositiveInteger(text: string | undefined, range: IntegerRange): number | undefined {
  if (text === undefined || !POSITIVE_DECIMAL.test(text)) return undefined;
  const value = Number(text);
  return isInRange(value, range) ? value : undefined;
}
