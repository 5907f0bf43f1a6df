import { describe, expect, it } from 'vitest';
import {
  compileAllowlist,
  isHostPattern,
  isNameAllowed,
  normaliseQueryName,
} from '../../../src/domain/egress/egress-allowlist.js';

// The runbook's default allowlist.
const RUNBOOK = compileAllowlist([
  'api.github.com',
  'auth.docker.io',
  'codeload.github.com',
  'github.com',
  'objects.githubusercontent.com',
  'production.cloudflare.docker.com',
  'registry-1.docker.io',
  '*.githubusercontent.com',
]);

describe('isHostPattern (facts §8.2)', () => {
  it.each([
    ['a host', 'github.com'],
    ['a single label', 'localhost'],
    ['a leading wildcard', '*.githubusercontent.com'],
    ['digits and dashes', 'registry-1.docker.io'],
  ])('takes %s', (_name, pattern) => {
    expect(isHostPattern(pattern)).toBe(true);
  });

  it.each([
    ['upper case', 'GitHub.com'],
    ['a double wildcard', '**.github.com'],
    ['a wildcard inside', 'api.*.github.com'],
    ['a bare wildcard', '*'],
    ['an empty label', 'github..com'],
    ['a leading dot', '.github.com'],
    ['a trailing dot', 'github.com.'],
    ['an underscore', 'git_hub.com'],
    ['a space', 'github .com'],
    ['nothing', ''],
  ])('refuses %s', (_name, pattern) => {
    expect(isHostPattern(pattern)).toBe(false);
  });
});

describe('compileAllowlist', () => {
  it('refuses an empty list and names a bad pattern', () => {
    expect(() => compileAllowlist([])).toThrow(expect.objectContaining({ code: 'egress.allowlist_empty' }));
    expect(() => compileAllowlist(['github.com', 'Evil.COM'])).toThrow(
      expect.objectContaining({
        kind: 'invalid',
        code: 'egress.pattern_invalid',
        message: expect.stringContaining("'Evil.COM'"),
      }),
    );
  });
});

describe('normaliseQueryName', () => {
  it.each([
    ['lower-cases', 'GitHub.COM', 'github.com'],
    ['drops the root dot', 'github.com.', 'github.com'],
    ['keeps underscores of service names', '_https._tcp.github.com', '_https._tcp.github.com'],
    ['refuses two trailing dots', 'github.com..', undefined],
    ['refuses the root alone', '.', undefined],
    ['refuses an empty name', '', undefined],
    ['refuses an empty label', 'github..com', undefined],
    ['refuses a space', 'git hub.com', undefined],
    ['refuses non-ASCII', 'gïthub.com', undefined],
    ['refuses a label over 63', `${'a'.repeat(64)}.com`, undefined],
    ['refuses a name over 253', `${'a.'.repeat(127)}com`, undefined],
  ])('%s', (_name, input, expected) => {
    expect(normaliseQueryName(input)).toBe(expected);
  });
});

describe('isNameAllowed', () => {
  it.each([
    ['an exact entry', 'github.com'],
    ['an exact entry in upper case', 'GITHUB.com'],
    ['an exact entry with the root dot', 'github.com.'],
    ['a subdomain of a wildcard', 'x.githubusercontent.com'],
    ['a deeper subdomain of a wildcard', 'a.b.githubusercontent.com'],
    ['an exact entry also under a wildcard', 'objects.githubusercontent.com'],
  ])('allows %s', (_name, name) => {
    expect(isNameAllowed(RUNBOOK, name)).toBe(true);
  });

  it.each([
    ['an unlisted name', 'evil.example'],
    ['the parent of a wildcard', 'githubusercontent.com'],
    ['a wildcard parent used as a prefix', 'githubusercontent.com.evil.test'],
    ['an exact entry used as a prefix', 'github.com.evil.test'],
    ['an exact entry as a label prefix', 'github.com-evil.test'],
    ['a subdomain of an exact entry', 'x.github.com'],
    ['a name ending like a wildcard without its dot', 'evilgithubusercontent.com'],
    ['an exact entry with two root dots', 'github.com..'],
    ['an empty name', ''],
    ['a name with an empty label', 'x..githubusercontent.com'],
  ])('refuses %s', (_name, name) => {
    expect(isNameAllowed(RUNBOOK, name)).toBe(false);
  });
});
