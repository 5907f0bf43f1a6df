/** Job and step conditions, and detecting the status functions. */
import { describe, expect, it } from 'vitest';
import {
  evaluateCondition,
  usesStatusFunction,
} from '../../../../src/domain/workflows/expressions/condition.js';
import type { CheckStatus } from '../../../../src/domain/workflows/expressions/functions.js';
import { CONTEXT } from './context.js';

const CASES: [string, string, CheckStatus, boolean][] = [
  ['no condition after success', '', 'success', true],
  ['no condition after a failure', '', 'failure', false],
  ['a true condition after success', "github.ref == 'refs/heads/main'", 'success', true],
  ['a true condition after a failure is still skipped', "github.ref == 'refs/heads/main'", 'failure', false],
  ['a false condition', "github.ref == 'refs/heads/dev'", 'success', false],
  ['a wrapped condition', "${{ matrix.os == 'ubuntu' }}", 'success', true],
  ['failure() after a failure', 'failure()', 'failure', true],
  ['failure() after success', 'failure()', 'success', false],
  ['always() after cancellation', 'always()', 'cancelled', true],
  ['cancelled() after cancellation', '${{ cancelled() }}', 'cancelled', true],
  ['success() after cancellation', 'success()', 'cancelled', false],
  ['a status function combined with a test', "always() && needs.build.result == 'success'", 'failure', true],
  ['a truthy string', "'false'", 'success', true],
  ['a literal false', 'false', 'success', false],
];

describe('evaluateCondition', () => {
  it.each(CASES)('%s', (_name, condition, status, want) => {
    expect(evaluateCondition(condition, { ...CONTEXT, status })).toBe(want);
  });

  it('refuses a condition mixing ${{ }} with text', () => {
    expect(() => evaluateCondition("${{ github.ref }} == 'x'", CONTEXT)).toThrow(
      expect.objectContaining({ code: 'workflow.expression_syntax' }),
    );
  });
});

describe('usesStatusFunction', () => {
  it.each([
    ['always()', true],
    ['${{ failure() }}', true],
    ["cancelled() || github.ref == 'x'", true],
    ['!success()', true],
    ['', false],
    ["github.ref == 'always()'", false],
    ['matrix.always', false],
    ['github.sha ==', false],
  ])('%j → %s', (condition, want) => {
    expect(usesStatusFunction(condition)).toBe(want);
  });
});
