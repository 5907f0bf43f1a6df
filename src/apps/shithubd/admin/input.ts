/**
 * Reading admin-call inputs. Calls arrive from the CLI or, via the admin socket, as JSON, so
 * each field is checked for its type here; a wrong one is an `invalid` DomainError.
 */
import { parseDuration } from '../../../domain/durations.js';
import { invalid } from '../../../domain/errors.js';
import type { AdminCall, Json } from '../../../ports/admin-api.js';

export type Input = AdminCall['input'];

export function optString(input: Input, key: string): string | undefined {
  const v = input[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw invalid('admin.input_invalid', `${key} must be a string`);
  return v;
}

export function reqString(input: Input, key: string): string {
  const v = optString(input, key);
  if (v === undefined) throw invalid('admin.input_invalid', `${key} is required`);
  return v;
}

export function optInt(input: Input, key: string): number | undefined {
  const v = input[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v))
    throw invalid('admin.input_invalid', `${key} must be an integer`);
  return v;
}

export function reqInt(input: Input, key: string): number {
  const v = optInt(input, key);
  if (v === undefined) throw invalid('admin.input_invalid', `${key} is required`);
  return v;
}

export function optBool(input: Input, key: string): boolean {
  const v = input[key];
  if (v === undefined || v === null) return false;
  if (typeof v !== 'boolean') throw invalid('admin.input_invalid', `${key} must be true or false`);
  return v;
}

export function intList(input: Input, key: string): number[] {
  const v = input[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'number' || !Number.isInteger(x))) {
    throw invalid('admin.input_invalid', `${key} must be a list of integers`);
  }
  return v as number[];
}

/** A duration flag value (`24h`), named after its flag in errors. */
export function optDuration(input: Input, key: string, flag: string): number | undefined {
  const v = optString(input, key);
  return v === undefined ? undefined : parseDuration(v, flag);
}

export const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

/** Drops `undefined` so a record is a valid Json value. */
export function json(record: Record<string, Json | undefined>): Json {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as Json;
}
