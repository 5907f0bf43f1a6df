/**
 * What every fuzz case table shares: the seeded world, forged tokens, small JSON helpers
 * and the credentials that must never pass as a job token, a registration token or a PAT.
 */
import fc from 'fast-check';
import { junkAuthorization } from './fuzz-inputs.js';
import type { FuzzWorld } from './fuzz-world.js';

export interface FuzzContext {
  w: FuzzWorld;
  /** Forged variants of the running job's live token (`forgedJobTokens`). */
  forged: Record<string, string>;
}

export const bearer = (token: string) => `Bearer ${token}`;
export const json = (value: unknown) => JSON.stringify(value);

/** `valid` as JSON with `field` replaced by each value of `bad`. */
export const withField = (valid: Record<string, unknown>, field: string, bad: fc.Arbitrary<unknown>) =>
  bad.map((value) => json({ ...valid, [field]: value }));

/** Authorization headers that are no live API token of the running job. */
export function notJobToken({ w, forged }: FuzzContext) {
  const job = w.running;
  return fc.oneof(
    junkAuthorization,
    fc.constantFrom(...Object.values(forged), ...job.spentTokens, job.checkoutToken).map(bearer),
    fc
      .constantFrom(w.runnerToken, ...Object.values(w.pats), ...Object.values(w.deadRunnerTokens))
      .map(bearer),
    fc.constantFrom(job.liveToken, `Basic ${job.liveToken}`, `Token ${job.liveToken}`),
  );
}

/** Authorization headers that are no live registration token. */
export function notRegistrationToken({ w, forged }: FuzzContext) {
  return fc.oneof(
    junkAuthorization,
    fc
      .constantFrom(
        ...Object.values(w.deadRunnerTokens),
        ...Object.values(w.pats),
        w.running.liveToken,
        w.running.checkoutToken,
        forged.wrongKey!,
      )
      .map(bearer),
    fc.constantFrom(w.runnerToken, `Basic ${w.runnerToken}`),
  );
}

/** Authorization headers that are no live PAT. */
export function notPat({ w, forged }: FuzzContext) {
  const { pats } = w;
  return fc.oneof(
    junkAuthorization,
    fc
      .constantFrom(pats.revoked, pats.expired, w.runnerToken, w.running.liveToken, forged.wrongKey!)
      .map(bearer),
    fc.constantFrom(
      pats.write,
      `Basic ${pats.write}`,
      bearer(pats.write.toUpperCase()),
      bearer(`${pats.write}x`),
    ),
  );
}
