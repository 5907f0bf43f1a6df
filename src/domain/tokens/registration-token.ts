import { createHash } from 'node:crypto';
import type { Random } from '../../ports/random.js';
import { unauthenticated } from '../errors.js';

/** Registration tokens are 32 random bytes (SPEC §8.1). */
export const REGISTRATION_TOKEN_BYTES = 32;

const TOKEN_HEX = /^[0-9a-fA-F]{64}$/;

/** A freshly minted token: `token` is shown once, only `tokenHash` is stored. */
export interface MintedRegistrationToken {
  token: string;
  tokenHash: Uint8Array;
}

/** Formats the raw token bytes as the lowercase hex text shown to the operator. */
export function formatRegistrationToken(raw: Uint8Array): string {
  return Buffer.from(raw).toString('hex');
}

/** SHA-256 of the RAW token bytes (not of the hex text), as stored in `runner_tokens.token_hash`. */
export function hashRegistrationToken(raw: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(raw).digest());
}

/**
 * Reads a presented token: surrounding white space is ignored, and anything but 64 hex
 * characters is `unauthenticated` (`runner.token_invalid`). Returns the raw 32 bytes.
 */
export function parseRegistrationToken(presented: string): Uint8Array {
  const text = presented.trim();
  if (!TOKEN_HEX.test(text)) throw unauthenticated('runner.token_invalid', 'runner token invalid');
  return new Uint8Array(Buffer.from(text, 'hex'));
}

/** Draws 32 bytes from `random` and returns the shown-once text with its hash. */
export function mintRegistrationToken(random: Random): MintedRegistrationToken {
  const raw = random.bytes(REGISTRATION_TOKEN_BYTES);
  if (raw.length !== REGISTRATION_TOKEN_BYTES)
    throw new Error('random source returned the wrong number of bytes');
  return { token: formatRegistrationToken(raw), tokenHash: hashRegistrationToken(raw) };
}
