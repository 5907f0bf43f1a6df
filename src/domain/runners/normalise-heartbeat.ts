import type { Runner } from '../../ports/model/runner.js';
import { checkCapacity } from './capacity.js';
import { normaliseLabels } from './labels.js';

/** Longest stored `host_name` / `version`, in UTF-8 bytes. */
export const MAX_RUNNER_TEXT_BYTES = 255;

/** What a heartbeat may say about the runner (SPEC §7.1); every field optional. */
export interface HeartbeatInput {
  labels?: readonly string[];
  capacity?: number;
  hostName?: string;
  version?: string;
}

/** The runner fields a heartbeat persists. */
export type HeartbeatFields = Pick<Runner, 'labels' | 'capacity' | 'hostName' | 'version'>;

/**
 * Merges a heartbeat's self-description into the stored one: non-empty labels replace the
 * stored set (normalised; bad ones `invalid`), capacity 0 or absent keeps the stored value
 * (else 1..64 or `invalid`), host name and version are trimmed and cut to 255 bytes, blank
 * keeps the previous value.
 */
export function normaliseHeartbeat(input: HeartbeatInput, stored: HeartbeatFields): HeartbeatFields {
  const given = normaliseGivenFields(input);
  return {
    labels: given.labels ?? [...stored.labels],
    capacity: given.capacity ?? stored.capacity,
    hostName: given.hostName ?? stored.hostName,
    version: given.version ?? stored.version,
  };
}

/**
 * The fields a heartbeat sets, normalised as {@link normaliseHeartbeat} does (same
 * `invalid` errors); what it leaves out — or blank, or capacity 0 — is absent, so the
 * claim keeps the stored value.
 */
export function normaliseGivenFields(input: HeartbeatInput): Partial<HeartbeatFields> {
  const given: Partial<HeartbeatFields> = {};
  if (input.labels && input.labels.length > 0) given.labels = normaliseLabels(input.labels);
  if (input.capacity !== undefined && input.capacity !== 0) given.capacity = checkCapacity(input.capacity);
  const hostName = normaliseText(input.hostName);
  if (hostName) given.hostName = hostName;
  const version = normaliseText(input.version);
  if (version) given.version = version;
  return given;
}

/** Cuts `text` to at most `maxBytes` UTF-8 bytes without splitting a character. */
export function truncateUtf8(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  let end = maxBytes;
  // Back off over continuation bytes (10xxxxxx) so the cut lands on a character start.
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString('utf8');
}

function normaliseText(value: string | undefined): string {
  return truncateUtf8(value?.trim() ?? '', MAX_RUNNER_TEXT_BYTES);
}
