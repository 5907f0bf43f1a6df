import { createDecipheriv, hkdfSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AesGcmSecretBox, decodeBase64Key } from '../../src/adapters/system/secret-box.js';

const ROOT = new Uint8Array(32).map((_, i) => i);
const encode = (text: string) => new TextEncoder().encode(text);

describe('AesGcmSecretBox', () => {
  it('opens what it sealed', () => {
    const box = new AesGcmSecretBox(ROOT);
    expect(new TextDecoder().decode(box.open(box.seal(encode('s3cret value'))))).toBe('s3cret value');
  });

  it('uses a fresh 12-byte nonce per seal, so equal values seal differently', () => {
    const box = new AesGcmSecretBox(ROOT);
    const a = box.seal(encode('same'));
    const b = box.seal(encode('same'));
    expect(a.nonce).toHaveLength(12);
    expect(a.nonce).not.toEqual(b.nonce);
    expect(a.ciphertext).not.toEqual(b.ciphertext);
  });

  it('never stores the plaintext: ciphertext is the GCM output plus a 16-byte tag', () => {
    const sealed = new AesGcmSecretBox(ROOT).seal(encode('plaintext!'));
    expect(sealed.ciphertext).toHaveLength(10 + 16);
    expect(Buffer.from(sealed.ciphertext).includes(Buffer.from('plaintext!'))).toBe(false);
  });

  it('encrypts under HKDF-SHA256(root key, info "actions-secrets-v1"), not the root key itself', () => {
    const sealed = new AesGcmSecretBox(ROOT).seal(encode('check'));
    const key = Buffer.from(hkdfSync('sha256', ROOT, new Uint8Array(0), 'actions-secrets-v1', 32));
    const body = sealed.ciphertext.subarray(0, -16);
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.nonce);
    decipher.setAuthTag(sealed.ciphertext.subarray(-16));
    expect(Buffer.concat([decipher.update(body), decipher.final()]).toString()).toBe('check');
  });

  it('refuses tampered data and a different key', () => {
    const box = new AesGcmSecretBox(ROOT);
    const sealed = box.seal(encode('value'));
    const flipped = new Uint8Array(sealed.ciphertext);
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(() => box.open({ ...sealed, ciphertext: flipped })).toThrow(/failed authentication/);
    expect(() => new AesGcmSecretBox(new Uint8Array(32)).open(sealed)).toThrow(/failed authentication/);
    expect(() => box.open({ ciphertext: new Uint8Array(3), nonce: sealed.nonce })).toThrow(/malformed/);
  });

  it('refuses a root key that is not 32 bytes', () => {
    expect(() => new AesGcmSecretBox(new Uint8Array(16))).toThrow(/32 bytes/);
  });
});

describe('decodeBase64Key', () => {
  const key = Buffer.from(new Uint8Array(32).map((_, i) => 250 - i));
  it.each([
    ['standard, padded', key.toString('base64')],
    ['standard, unpadded', key.toString('base64').replace(/=+$/, '')],
    ['URL alphabet, unpadded', key.toString('base64url')],
    ['URL alphabet, padded', `${key.toString('base64url')}=`],
    ['surrounded by whitespace', `  ${key.toString('base64')}\n`],
  ])('accepts %s', (_case, text) => {
    expect(Buffer.from(decodeBase64Key(text))).toEqual(key);
  });

  it.each([
    ['16 bytes', Buffer.alloc(16).toString('base64'), /exactly 32 bytes \(got 16\)/],
    ['33 bytes', Buffer.alloc(33).toString('base64'), /exactly 32 bytes \(got 33\)/],
    ['empty', '', /exactly 32 bytes \(got 0\)/],
    ['not base64', `${'*'.repeat(43)}=`, /not valid base64/],
    ['impossible length', 'A'.repeat(41), /not valid base64/],
  ])('rejects %s', (_case, text, message) => {
    expect(() => decodeBase64Key(text)).toThrow(message);
  });
});
