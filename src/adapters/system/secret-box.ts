/**
 * AES-256-GCM secret box. The encryption key is HKDF-SHA256 of the server's 32-byte
 * TOTP key (`auth.totp_key_b64`) with info `actions-secrets-v1`, so this key differs from
 * every other key derived from the same root. Each value gets a random 12-byte nonce;
 * the stored ciphertext is the GCM output followed by its 16-byte tag.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { SealedValue, SecretBox } from '../../ports/secret-box.js';

const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
export const SECRETS_KEY_INFO = 'actions-secrets-v1';

/**
 * Decodes a base64 key (standard or URL alphabet, padded or not, surrounding whitespace
 * ignored) and insists on exactly 32 bytes. The error never repeats the key.
 */
export function decodeBase64Key(text: string): Uint8Array {
  const trimmed = text.trim();
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(trimmed) || trimmed.replace(/=+$/, '').length % 4 === 1) {
    throw new Error('key is not valid base64');
  }
  const bytes = Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (bytes.length !== KEY_BYTES) {
    throw new Error(`key must decode to exactly ${KEY_BYTES} bytes (got ${bytes.length})`);
  }
  return new Uint8Array(bytes);
}

/** Seals and opens secrets with AES-256-GCM under a key derived from the TOTP key. */
export class AesGcmSecretBox implements SecretBox {
  private readonly key: Buffer;

  constructor(rootKey: Uint8Array) {
    if (rootKey.length !== KEY_BYTES) throw new Error(`root key must be ${KEY_BYTES} bytes`);
    this.key = Buffer.from(hkdfSync('sha256', rootKey, new Uint8Array(0), SECRETS_KEY_INFO, KEY_BYTES));
  }

  seal(plaintext: Uint8Array): SealedValue {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce, { authTagLength: TAG_BYTES });
    const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
    return { ciphertext: new Uint8Array(body), nonce: new Uint8Array(nonce) };
  }

  open(sealed: SealedValue): Uint8Array {
    if (sealed.nonce.length !== NONCE_BYTES || sealed.ciphertext.length < TAG_BYTES) {
      throw new Error('sealed secret is malformed');
    }
    const split = sealed.ciphertext.length - TAG_BYTES;
    const decipher = createDecipheriv('aes-256-gcm', this.key, sealed.nonce, { authTagLength: TAG_BYTES });
    decipher.setAuthTag(sealed.ciphertext.subarray(split));
    try {
      return new Uint8Array(
        Buffer.concat([decipher.update(sealed.ciphertext.subarray(0, split)), decipher.final()]),
      );
    } catch {
      throw new Error('sealed secret failed authentication (wrong key or tampered data)');
    }
  }
}
