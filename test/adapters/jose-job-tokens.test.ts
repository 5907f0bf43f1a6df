import { createHmac, hkdfSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deriveJobTokenKey, JoseJobTokens } from '../../src/adapters/system/jose-job-tokens.js';
import type { JobTokenClaims } from '../../src/ports/job-tokens.js';
import { FakeClock } from '../support/fake-clock.js';
import { SeqRandom } from '../support/seq-random.js';

const ROOT = new Uint8Array(32).map((_, i) => i + 1);
const OTHER_ROOT = new Uint8Array(32).fill(7);
const CLAIMS: JobTokenClaims = { runnerId: 3, jobId: 41, runId: 17, repoId: 5, purpose: 'api' };
const MINUTE = 60_000;

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Builds a compact JWS by hand so tests can sign what `mint` never would. */
function forge(header: object, payload: object, key = deriveJobTokenKey(ROOT), hash = 'sha256'): string {
  const input = `${b64url(header)}.${b64url(payload)}`;
  return `${input}.${createHmac(hash, key).update(input).digest('base64url')}`;
}

function validPayload(clock: FakeClock): Record<string, unknown> {
  return {
    sub: 'runner:3',
    job_id: 41,
    run_id: 17,
    repo_id: 5,
    jti: 'A'.repeat(43),
    purpose: 'api',
    exp: Math.floor(clock.now().getTime() / 1000) + 900,
  };
}

describe('JoseJobTokens', () => {
  const clock = new FakeClock('2026-03-01T12:00:00.250Z');
  const tokens = new JoseJobTokens(ROOT, new SeqRandom());

  it('round-trips the claims with a 43-character jti and a 15-minute whole-second expiry', async () => {
    const minted = await tokens.mint(CLAIMS, clock.now());
    expect(minted.jti).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(minted.expiresAt.toISOString()).toBe('2026-03-01T12:15:00.000Z');
    expect(await tokens.verify(minted.token, clock.now())).toEqual({
      ...CLAIMS,
      jti: minted.jti,
      expiresAt: minted.expiresAt,
    });
  });

  it('writes exactly the agreed header and claims, and no iat, nbf, iss or aud', async () => {
    const { token, jti } = await tokens.mint({ ...CLAIMS, purpose: 'checkout' }, clock.now());
    const [header, payload] = token
      .split('.')
      .slice(0, 2)
      .map((p) => JSON.parse(Buffer.from(p, 'base64url').toString()));
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(payload).toEqual({
      sub: 'runner:3',
      job_id: 41,
      run_id: 17,
      repo_id: 5,
      jti,
      purpose: 'checkout',
      exp: Date.parse('2026-03-01T12:15:00Z') / 1000,
    });
  });

  it('signs with HKDF-SHA256(root, no salt, "actions-runner-jwt-v1"), not the root key', async () => {
    const key = Buffer.from(hkdfSync('sha256', ROOT, Buffer.alloc(0), 'actions-runner-jwt-v1', 32));
    const { token } = await tokens.mint(CLAIMS, clock.now());
    const [h, p, sig] = token.split('.');
    expect(createHmac('sha256', key).update(`${h}.${p}`).digest('base64url')).toBe(sig);
  });

  it('draws a fresh jti for every token', async () => {
    const a = await tokens.mint(CLAIMS, clock.now());
    const b = await tokens.mint(CLAIMS, clock.now());
    expect(a.jti).not.toBe(b.jti);
  });

  it('is valid until the last millisecond before exp, and invalid from exp on', async () => {
    const { token, expiresAt } = await tokens.mint(CLAIMS, clock.now());
    expect(await tokens.verify(token, new Date(expiresAt.getTime() - 1))).not.toBe('invalid');
    expect(await tokens.verify(token, expiresAt)).toBe('invalid');
    expect(await tokens.verify(token, new Date(clock.now().getTime() + 16 * MINUTE))).toBe('invalid');
  });

  it('rejects a tampered payload or signature', async () => {
    const { token } = await tokens.mint(CLAIMS, clock.now());
    const [h, p, sig] = token.split('.') as [string, string, string];
    const otherJob = b64url({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), job_id: 42 });
    expect(await tokens.verify(`${h}.${otherJob}.${sig}`, clock.now())).toBe('invalid');
    const flipped = `${sig.slice(0, -2)}${sig.endsWith('AA') ? 'BA' : 'AA'}`;
    expect(await tokens.verify(`${h}.${p}.${flipped}`, clock.now())).toBe('invalid');
  });

  it('rejects a token signed under another root key', async () => {
    const other = new JoseJobTokens(OTHER_ROOT, new SeqRandom());
    const { token } = await other.mint(CLAIMS, clock.now());
    expect(await tokens.verify(token, clock.now())).toBe('invalid');
  });

  it('accepts a hand-built token with the exact header (the forge helper is faithful)', async () => {
    expect(
      await tokens.verify(forge({ alg: 'HS256', typ: 'JWT' }, validPayload(clock)), clock.now()),
    ).toMatchObject({ runnerId: 3, jobId: 41 });
  });

  const key = deriveJobTokenKey(ROOT);
  it.each<[string, (payload: object) => string]>([
    ['alg none', (p) => `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(p)}.`],
    ['alg HS384', (p) => forge({ alg: 'HS384', typ: 'JWT' }, p, key, 'sha384')],
    ['a missing typ', (p) => forge({ alg: 'HS256' }, p)],
    ['another typ', (p) => forge({ alg: 'HS256', typ: 'at+jwt' }, p)],
    ['a lower-case typ', (p) => forge({ alg: 'HS256', typ: 'jwt' }, p)],
    ['an extra header field', (p) => forge({ alg: 'HS256', typ: 'JWT', kid: 'x' }, p)],
    ['garbage', () => 'not.a.jwt'],
    ['an empty string', () => ''],
  ])('rejects %s', async (_case, build) => {
    expect(await tokens.verify(build(validPayload(clock)), clock.now())).toBe('invalid');
  });

  it.each([
    ['sub without the runner: prefix', { sub: '3' }],
    ['sub with a zero id', { sub: 'runner:0' }],
    ['sub with a non-numeric id', { sub: 'runner:abc' }],
    ['sub with a leading zero', { sub: 'runner:03' }],
    ['no sub', { sub: undefined }],
    ['no job_id', { job_id: undefined }],
    ['a zero run_id', { run_id: 0 }],
    ['a negative repo_id', { repo_id: -5 }],
    ['a fractional job_id', { job_id: 1.5 }],
    ['a string job_id', { job_id: '41' }],
    ['no exp', { exp: undefined }],
    ['no purpose', { purpose: undefined }],
    ['an unknown purpose', { purpose: 'push' }],
    ['no jti', { jti: undefined }],
    ['a 15-character jti', { jti: 'A'.repeat(15) }],
    ['a 129-character jti', { jti: 'A'.repeat(129) }],
    ['a jti outside base64url', { jti: `${'A'.repeat(20)}+/=` }],
  ])('rejects a token with %s', async (_case, override) => {
    const payload = { ...validPayload(clock), ...override };
    expect(await tokens.verify(forge({ alg: 'HS256', typ: 'JWT' }, payload), clock.now())).toBe('invalid');
  });

  it.each([16, 128])('accepts a %i-character jti', async (length) => {
    const payload = { ...validPayload(clock), jti: 'A'.repeat(length) };
    expect(await tokens.verify(forge({ alg: 'HS256', typ: 'JWT' }, payload), clock.now())).toMatchObject({
      jti: 'A'.repeat(length),
    });
  });

  it('refuses a root key that is not 32 bytes, and ids that are not positive integers', async () => {
    expect(() => new JoseJobTokens(new Uint8Array(16), new SeqRandom())).toThrow(/32 bytes/);
    await expect(tokens.mint({ ...CLAIMS, jobId: 0 }, clock.now())).rejects.toThrow(/positive/);
  });
});
