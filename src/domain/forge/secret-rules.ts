/** Naming and size rules for Actions secrets (SPEC §12). */
import { invalid } from '../errors.js';
import { quote } from './names.js';

const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const MAX_NAME_LENGTH = 100;
/** Prefixes the runner uses for its own environment; a secret must not shadow them. */
const RESERVED_PREFIXES = ['SHITHUB_', 'GITHUB_'];
export const MAX_SECRET_VALUE_BYTES = 48 * 1024;

/**
 * Throws `invalid` `secret.name_invalid` unless `name` is 1–100 letters, digits or `_`,
 * not starting with a digit nor (in any case) with `SHITHUB_` or `GITHUB_`.
 */
export function checkSecretName(name: string): void {
  if (!SECRET_NAME.test(name) || name.length > MAX_NAME_LENGTH) {
    throw invalid(
      'secret.name_invalid',
      `secret name ${quote(name)} is invalid: use up to ${MAX_NAME_LENGTH} letters, digits or "_", ` +
        'not starting with a digit',
    );
  }
  const reserved = RESERVED_PREFIXES.find((prefix) => name.toUpperCase().startsWith(prefix));
  if (reserved) {
    throw invalid(
      'secret.name_invalid',
      `secret name ${quote(name)} is invalid: the ${reserved} prefix is reserved`,
    );
  }
}

/**
 * Encodes the value and throws `invalid` `secret.value_invalid` unless it has 1 to
 * 48 KiB of UTF-8. The message states the rule only, never the value.
 */
export function encodeSecretValue(value: string): Uint8Array {
  const bytes = new TextEncoder().encode(value);
  if (bytes.length === 0 || bytes.length > MAX_SECRET_VALUE_BYTES) {
    throw invalid(
      'secret.value_invalid',
      `secret value must be 1 to ${MAX_SECRET_VALUE_BYTES} bytes (got ${bytes.length})`,
    );
  }
  return bytes;
}
