import { describe, expect, it } from 'vitest';
import { checkJobTokenForRequest } from '../../../src/domain/tokens/job-token-rules.js';
import type { VerifiedJobToken } from '../../../src/ports/job-tokens.js';

const TOKEN: VerifiedJobToken = {
  runnerId: 3,
  jobId: 41,
  runId: 17,
  repoId: 5,
  purpose: 'api',
  jti: 'A'.repeat(43),
  expiresAt: new Date('2026-03-01T12:15:00Z'),
};

const invalid = { kind: 'unauthenticated', code: 'job.token_invalid', message: 'job token invalid' };
const jobNotFound = { kind: 'not_found', code: 'job.not_found', message: 'job not found' };

describe('checkJobTokenForRequest', () => {
  it('lets an api token through on its own job', () => {
    expect(checkJobTokenForRequest(TOKEN, { pathJobId: 41, purpose: 'api' })).toBeUndefined();
  });

  it('lets a checkout token through where a checkout token is expected', () => {
    const checkout = { ...TOKEN, purpose: 'checkout' as const };
    expect(checkJobTokenForRequest(checkout, { pathJobId: 41, purpose: 'checkout' })).toBeUndefined();
  });

  it.each([
    ['an unverifiable token', 'invalid' as const, { pathJobId: 41, purpose: 'api' as const }, invalid],
    [
      'a checkout token on the API',
      { ...TOKEN, purpose: 'checkout' as const },
      { pathJobId: 41, purpose: 'api' as const },
      invalid,
    ],
    ['an api token for git', TOKEN, { pathJobId: 41, purpose: 'checkout' as const }, invalid],
    ['a token of another job', TOKEN, { pathJobId: 42, purpose: 'api' as const }, jobNotFound],
    [
      'the wrong purpose before the wrong job (401 wins over 404)',
      { ...TOKEN, purpose: 'checkout' as const },
      { pathJobId: 42, purpose: 'api' as const },
      invalid,
    ],
  ])('refuses %s', (_case, verified, expected, error) => {
    expect(checkJobTokenForRequest(verified, expected)).toMatchObject(error);
  });
});
