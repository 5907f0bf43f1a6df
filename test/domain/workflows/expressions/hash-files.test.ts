/** hashFiles(): known to the checker, computed by whoever supplies it (the runner). */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../../src/domain/workflows/expressions/evaluate.js';
import { CONTEXT } from './context.js';

describe('hashFiles()', () => {
  it('calls the hashFiles the context supplies with every pattern as text', () => {
    const seen: (readonly string[])[] = [];
    const hashFiles = (patterns: readonly string[]) => {
      seen.push(patterns);
      return 'f00d';
    };
    expect(evaluate("format('go-{0}', hashFiles('**/go.sum', matrix.node))", { ...CONTEXT, hashFiles })).toBe(
      'go-f00d',
    );
    expect(seen).toEqual([['**/go.sum', '20']]);
  });

  it('fails clearly where no hashFiles is supplied (on the server)', () => {
    expect(() => evaluate("hashFiles('**/go.sum')", CONTEXT)).toThrow(
      'hashFiles() is evaluated by the runner, in the workspace',
    );
  });

  it('reads the steps and strategy contexts when given', () => {
    const context = {
      contexts: {
        steps: { build: { outputs: { tag: 'v1' }, outcome: 'failure', conclusion: 'success' } },
        strategy: { 'job-index': 2 },
      },
    };
    expect(evaluate("steps.build.outputs.tag == 'v1' && steps.build.outcome", context)).toBe('failure');
    expect(evaluate("strategy['job-index']", context)).toBe(2);
  });
});
