/**
 * Job JWTs with `jose` (SPEC §8.2): compact JWS, header exactly `{"alg":"HS256","typ":"JWT"}`,
 * HMAC key = HKDF-SHA256(root key, empty salt, info `actions-runner-jwt-v1`, 32 bytes), so
 * the key differs from every other key derived from the same root. Claims `sub`
 * (`runner:<id>`), `job_id`, `run_id`, `repo_id`, `exp`, `jti`, `purpose`; no
 * `iat`/`nbf`/`iss`/`aud`, matching the original server so either side can check the other.
 * One extension: `chain` (a positive integer) once chain recovery started a new chain for
 * the job (issue #12); absent means the claim's chain 0, so a claim's tokens are unchanged.
 */
import { hkdfSync } from 'node:crypto';
import { decodeProtectedHeader, errors, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import type { JobTokenClaims, JobTokens, MintedJobToken, VerifiedJobToken } from '../../ports/job-tokens.js';
import type { Random } from '../../ports/random.js';

export const JOB_TOKEN_KEY_INFO = 'actions-runner-jwt-v1';
/** The lifetime of every job token (SPEC §8.2). */
export const JOB_TOKEN_TTL_SECONDS = 15 * 60;
const KEY_BYTES = 32;
const JTI_BYTES = 32;
const JTI_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;
const SUBJECT_PATTERN = /^runner:([1-9][0-9]{0,15})$/;

/** The HMAC key for job tokens, derived from the server's 32-byte root key. */
export function deriveJobTokenKey(rootKey: Uint8Array): Uint8Array {
  if (rootKey.length !== KEY_BYTES) throw new Error(`root key must be ${KEY_BYTES} bytes`);
  return new Uint8Array(hkdfSync('sha256', rootKey, new Uint8Array(0), JOB_TOKEN_KEY_INFO, KEY_BYTES));
}

/** Mints and verifies job tokens under one root key; `random` supplies the jtis. */
export class JoseJobTokens implements JobTokens {
  private readonly key: Uint8Array;

  constructor(
    rootKey: Uint8Array,
    private readonly random: Random,
  ) {
    this.key = deriveJobTokenKey(rootKey);
  }

  async mint(claims: JobTokenClaims, now: Date): Promise<MintedJobToken> {
    for (const id of [claims.runnerId, claims.jobId, claims.runId, claims.repoId]) {
      if (!isPositiveId(id)) throw new Error('job token ids must be positive safe integers');
    }
    const jti = Buffer.from(this.random.bytes(JTI_BYTES)).toString('base64url');
    const exp = Math.floor(now.getTime() / 1000) + JOB_TOKEN_TTL_SECONDS;
    // Signed by jose (SPEC: JWTs are never hand-rolled), as `verify` checks them.
    const chain = claims.chain ?? 0;
    if (!Number.isSafeInteger(chain) || chain < 0) throw new Error('job token chain must be a whole number');
    const payload = {
      job_id: claims.jobId,
      run_id: claims.runId,
      repo_id: claims.repoId,
      jti,
      purpose: claims.purpose,
      sub: `runner:${claims.runnerId}`,
      exp,
      ...(chain > 0 ? { chain } : {}),
    };
    const token = await new SignJWT(payload).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(this.key);
    return { token, jti, expiresAt: new Date(exp * 1000) };
  }

  async verify(token: string, now: Date): Promise<VerifiedJobToken | 'invalid'> {
    if (!hasExactHeader(token)) return 'invalid';
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        typ: 'JWT',
        // jose rejects `exp <= floor(now in seconds)`, which is exactly "valid while now < exp".
        currentDate: now,
        clockTolerance: 0,
        requiredClaims: ['exp', 'sub', 'jti'],
      }));
    } catch (err) {
      if (err instanceof errors.JOSEError) return 'invalid';
      throw err;
    }
    return readClaims(payload) ?? 'invalid';
  }
}

/** The protected header must be exactly `alg: HS256` and `typ: JWT`, nothing more. */
function hasExactHeader(token: string): boolean {
  try {
    const header = decodeProtectedHeader(token);
    const keys = Object.keys(header).sort();
    return keys.join(',') === 'alg,typ' && header.alg === 'HS256' && header.typ === 'JWT';
  } catch {
    return false;
  }
}

function readClaims(payload: JWTPayload): VerifiedJobToken | undefined {
  const runner = typeof payload.sub === 'string' ? SUBJECT_PATTERN.exec(payload.sub) : null;
  const runnerId = runner ? Number(runner[1]) : Number.NaN;
  const { job_id: jobId, run_id: runId, repo_id: repoId, jti, purpose, exp, chain = 0 } = payload;
  if (!isPositiveId(runnerId) || !isPositiveId(jobId) || !isPositiveId(runId) || !isPositiveId(repoId)) {
    return undefined;
  }
  if (typeof jti !== 'string' || !JTI_PATTERN.test(jti)) return undefined;
  if (purpose !== 'api' && purpose !== 'checkout') return undefined;
  if (!Number.isSafeInteger(exp)) return undefined;
  if (!Number.isSafeInteger(chain) || (chain as number) < 0) return undefined;
  const expiresAt = new Date((exp as number) * 1000);
  const verified: VerifiedJobToken = { runnerId, jobId, runId, repoId, purpose, jti, expiresAt };
  return chain === 0 ? verified : { ...verified, chain: chain as number };
}

function isPositiveId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}
