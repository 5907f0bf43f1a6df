/** The tokenizer and parser: tree shapes, precedence and syntax errors with offsets. */
import { describe, expect, it } from 'vitest';
import { parseExpression } from '../../../../src/domain/workflows/expressions/parser.js';
import { tokenize } from '../../../../src/domain/workflows/expressions/tokenizer.js';

describe('tokenize', () => {
  it('reads numbers, strings with doubled quotes, names with dashes and two-character operators', () => {
    expect(tokenize("-0x1F <= 'a''b' && needs.build-1.result").map((t) => [t.kind, t.text])).toEqual([
      ['number', '-0x1F'],
      ['punct', '<='],
      ['string', "a'b"],
      ['punct', '&&'],
      ['identifier', 'needs'],
      ['punct', '.'],
      ['identifier', 'build-1'],
      ['punct', '.'],
      ['identifier', 'result'],
      ['end', ''],
    ]);
  });
});

describe('parseExpression', () => {
  it('binds ! tighter than comparison, comparison tighter than ==, && tighter than ||', () => {
    expect(parseExpression('!env.b < 1 == true || vars.y && inputs.w')).toEqual({
      kind: 'binary',
      op: '||',
      left: {
        kind: 'binary',
        op: '==',
        left: {
          kind: 'binary',
          op: '<',
          left: {
            kind: 'not',
            operand: { kind: 'member', object: { kind: 'context', name: 'env' }, property: 'b' },
          },
          right: { kind: 'literal', value: 1 },
        },
        right: { kind: 'literal', value: true },
      },
      right: {
        kind: 'binary',
        op: '&&',
        left: { kind: 'member', object: { kind: 'context', name: 'vars' }, property: 'y' },
        right: { kind: 'member', object: { kind: 'context', name: 'inputs' }, property: 'w' },
      },
    });
  });

  it('canonicalises function names and lower-cases context names', () => {
    expect(parseExpression('TOJSON(GitHub)')).toEqual({
      kind: 'call',
      name: 'toJSON',
      args: [{ kind: 'context', name: 'github' }],
    });
  });

  it.each([
    ['', 'unexpected end of expression at offset 0'],
    ['github.', 'expected a property name at offset 7'],
    ['github.sha ==', 'unexpected end of expression at offset 13'],
    ['(github.sha', "expected ')' at offset 11"],
    ["github['ref'", "expected ']' at offset 12"],
    ['github.sha github.ref', "unexpected 'github' at offset 11"],
    ["'open", 'unterminated string starting at offset 0'],
    ['1 = 1', "unexpected character '=' at offset 2"],
    ['a & b', "unexpected character '&' at offset 2"],
    ['0x', 'malformed number at offset 0'],
    ['12abc', 'malformed number at offset 0'],
    ['foo.bar', "unknown context 'foo'"],
    ['step.build.outputs.x', "unknown context 'step'"],
    ["hashFile('**/*.lock')", "unknown function 'hashFile'"],
    ['hashFiles()', 'hashFiles() takes at least 1 argument, got 0'],
    ['always(1)', 'always() takes 0 arguments, got 1'],
    ['join()', 'join() takes 1 to 2 arguments, got 0'],
    ['format()', 'format() takes at least 1 argument, got 0'],
    ['contains(env.b,)', "unexpected ')' at offset 15"],
    [`${'('.repeat(100)}1${')'.repeat(100)}`, 'expression nests too deeply'],
    [`${'!'.repeat(100)}true`, 'expression nests too deeply'],
    [Array(400).fill('env.a').join(' || '), 'expression has more than 1000 tokens'],
  ])('refuses %j: %s', (source, message) => {
    expect(() => parseExpression(source)).toThrow(message);
  });
});
