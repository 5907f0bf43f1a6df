/**
 * Job JWTs that must never authorise anything: signed with another key, `alg: none`,
 * payloads edited under the original signature, minted with a past clock, minted for
 * another runner or a runner that does not exist, and mangled shapes.
 */
import { JoseJobTokens } from '../../src/adapters/system/jose-job-tokens.js';
import { CryptoRandom } from '../../src/adapters/system/random.js';
import type { JobTokenClaims } from '../../src/ports/job-tokens.js';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const parts = (token: string) => token.split('.') as [string, string, string];
const payloadOf = (token: string) =>
  JSON.parse(Buffer.from(parts(token)[1], 'base64url').toString('utf8')) as Record<string, unknown>;

/** Replaces claims of `token` but keeps its header and signature. */
export function editPayload(token: string, patch: Record<string, unknown>): string {
  const [header, , signature] = parts(token);
  return `${header}.${b64({ ...payloadOf(token), ...patch })}.${signature}`;
}

/** Forged variants of a live API token of `claims`' job; none may pass. */
export async function forgedJobTokens(input: {
  rootKey: Uint8Array;
  claims: Omit<JobTokenClaims, 'purpose'>;
  liveToken: string;
  otherRunnerId: number;
}): Promise<Record<string, string>> {
  const random = new CryptoRandom();
  const ours = new JoseJobTokens(input.rootKey, random);
  const theirs = new JoseJobTokens(new Uint8Array(32).fill(0x5a), random);
  const now = new Date();
  const api = { ...input.claims, purpose: 'api' as const };
  const [header, payload, signature] = parts(input.liveToken);
  const expired = await ours.mint(api, new Date(now.getTime() - 16 * 60_000));
  return {
    wrongKey: (await theirs.mint(api, now)).token,
    algNone: `${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`,
    algNoneSigned: `${b64({ alg: 'none', typ: 'JWT' })}.${payload}.${signature}`,
    hs512Header: `${b64({ alg: 'HS512', typ: 'JWT' })}.${payload}.${signature}`,
    editedJob: editPayload(input.liveToken, { job_id: input.claims.jobId + 1 }),
    editedSub: editPayload(input.liveToken, { sub: `runner:${input.otherRunnerId}` }),
    editedExp: editPayload(input.liveToken, { exp: 4_102_444_800 }),
    editedPurpose: editPayload(input.liveToken, { purpose: 'admin' }),
    stringIds: editPayload(input.liveToken, { job_id: String(input.claims.jobId) }),
    expired: expired.token,
    expiredEditedExp: editPayload(expired.token, { exp: 4_102_444_800 }),
    otherRunner: (await ours.mint({ ...api, runnerId: input.otherRunnerId }, now)).token,
    missingRunner: (await ours.mint({ ...api, runnerId: 987_654 }, now)).token,
    otherRun: (await ours.mint({ ...api, runId: input.claims.runId + 100 }, now)).token,
    truncatedSignature: `${header}.${payload}.${signature.slice(0, -4)}`,
    noSignature: `${header}.${payload}`,
    extraSegment: `${input.liveToken}.${signature}`,
    swapped: `${payload}.${header}.${signature}`,
    empties: '..',
    notBase64: `${header}.%%%%.${signature}`,
    huge: `${header}.${'A'.repeat(6000)}.${signature}`,
  };
}
