/** evaluate(): literals, contexts, GitHub's coercions and the built-in functions. */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../../src/domain/workflows/expressions/evaluate.js';
import type { ExprValue } from '../../../../src/domain/workflows/expressions/values.js';
import { CONTEXT } from './context.js';

const CASES: [string, ExprValue][] = [
  // Literals
  ['null', null],
  ['true', true],
  ['42', 42],
  ['-1.5', -1.5],
  ['0xff', 255],
  ['1e3', 1000],
  ["'it''s'", "it's"],
  ["''", ''],
  // Contexts and property access
  ['github.sha', 'abc123'],
  ['shithub.run_number', 7],
  ["github['ref_name']", 'main'],
  ['Github.SHA', 'abc123'],
  ['github.nope', null],
  ['github.nope.deeper', null],
  ['github.event.pull_request.labels[1].name', 'ui'],
  ["github.event.pull_request.labels['0'].name", 'bug'],
  ['github.event.pull_request.labels.*.name', ['bug', 'ui']],
  ['github.event.pull_request.labels[*].name', ['bug', 'ui']],
  ['needs.build.result', 'success'],
  ['matrix.node', 20],
  ['runner.os', 'Linux'],
  ['env.NAME', 'World'],
  ['inputs.count', 3],
  ['vars.MISSING', null],
  // Equality and comparison
  ["'abc' == 'ABC'", true],
  ["1 == '1'", true],
  ['null == 0', true],
  ["null == ''", true],
  ["'' == 0", true],
  ["'abc' == 0", false],
  ['true == 1', true],
  ["false == '0'", true],
  ["'a' != 'b'", true],
  ['github.event == github.event', true],
  ['github.event == matrix', false],
  ['2 < 10', true],
  ["'2' < '10'", false],
  ["'a' < 'B'", true],
  ["1 < 'x'", false],
  ["1 >= 'x'", false],
  ['1 <= 1', true],
  ['null >= 0', true],
  // Logic
  ['!0', true],
  ["!''", true],
  ["!'false'", false],
  ["true && 'yes'", 'yes'],
  ['0 && github.sha', 0],
  ["'' || 'default'", 'default'],
  ["'a' || 'b'", 'a'],
  ['true || false && false', true],
  ['!true == false', true],
  ['(1 == 1) && (2 > 1)', true],
  // Functions
  ["contains('Hello World', 'WORLD')", true],
  ["contains(github.event.pull_request.labels.*.name, 'BUG')", true],
  ["contains(fromJSON('[1, 2]'), '2')", true],
  ["contains(fromJSON('[1, 2]'), 3)", false],
  ["startsWith(github.ref, 'refs/heads/')", true],
  ["endsWith('file.TXT', '.txt')", true],
  ["format('{0}-{1}-{0}', 'a', 1)", 'a-1-a'],
  ["format('{{0}} {0}', null)", '{0} '],
  ['join(github.event.pull_request.labels.*.name)', 'bug,ui'],
  ["join(github.event.pull_request.labels.*.name, ' | ')", 'bug | ui'],
  ["join('solo')", 'solo'],
  ['toJSON(matrix)', '{\n  "os": "ubuntu",\n  "node": 20\n}'],
  ['fromJSON(\'{"a": [1, true]}\').a[1]', true],
  ["fromJson('5') == 5", true],
  ['success()', true],
  ['failure()', false],
  ['always()', true],
  ['cancelled()', false],
];

describe('evaluate', () => {
  it.each(CASES)('%s → %j', (expr, want) => {
    expect(evaluate(expr, CONTEXT)).toEqual(want);
  });

  it.each([
    ['success', [true, false, false]],
    ['failure', [false, true, false]],
    ['cancelled', [false, false, true]],
  ] as const)('status %s drives success(), failure() and cancelled()', (status, want) => {
    const ctx = { ...CONTEXT, status };
    expect(['success()', 'failure()', 'cancelled()'].map((e) => evaluate(e, ctx))).toEqual(want);
  });

  it('reads github from the shithub context only when no github context is given', () => {
    expect(evaluate('github.sha', { contexts: { shithub: { sha: 'a' }, github: { sha: 'b' } } })).toBe('b');
  });

  it('does not reach prototype members', () => {
    expect(evaluate('github.constructor', CONTEXT)).toBeNull();
    expect(evaluate("github['__proto__']", CONTEXT)).toBeNull();
  });

  it.each([
    ["fromJSON('nope')", 'workflow.expression_failed', 'fromJSON(): the argument is not valid JSON'],
    ["format('{1}', 'a')", 'workflow.expression_failed', 'format(): bad placeholder at offset 0'],
    ["format('a}', 1)", 'workflow.expression_failed', "format(): unmatched '}' at offset 1"],
    ['github.sha ==', 'workflow.expression_syntax', 'unexpected end of expression at offset 13'],
  ])('throws for %s', (expr, code, message) => {
    expect(() => evaluate(expr, CONTEXT)).toThrow(
      expect.objectContaining({ kind: 'invalid', code, message }),
    );
  });
});
