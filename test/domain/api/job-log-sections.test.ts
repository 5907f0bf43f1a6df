import { describe, expect, it } from 'vitest';
import { splitJobLog } from '../../../src/domain/api/job-log-sections.js';

const H = (name: string) => `##[group]${name}\n`;
const E = '##[endgroup]\n';

describe('cutting a job log into its steps', () => {
  it.each([
    [
      'two steps with text',
      [H('a'), 'one\n', E, H('b'), 'two\nthree\n', E],
      ['a', 'b'],
      ['one\n', 'two\nthree\n'],
    ],
    ['an empty step', [H('a'), E, H('b'), 'x\n', E], ['a', 'b'], ['', 'x\n']],
    ['no steps', [], [], []],
    [
      'a step that prints the end marker itself',
      [H('a'), '##[endgroup]\nstill a\n', E, H('b'), E],
      ['a', 'b'],
      ['##[endgroup]\nstill a\n', ''],
    ],
    [
      'a last step that prints the end marker itself',
      [H('a'), '##[endgroup]\n', E],
      ['a'],
      ['##[endgroup]\n'],
    ],
    ['a marker that is not at a line start', [H('a'), 'x##[endgroup]\n', E], ['a'], ['x##[endgroup]\n']],
  ])('%s', (_name, parts, names, expected) => {
    expect(splitJobLog(parts.join(''), names.map(H))).toEqual(expected);
  });

  it.each([
    ['a missing header', `one\n${E}`, ['a']],
    ['a missing end', `${H('a')}one\n`, ['a']],
    ['trailing text', `${H('a')}${E}more`, ['a']],
    ['another step name', `${H('b')}${E}`, ['a']],
  ])('answers null for text of another shape: %s', (_name, text, names) => {
    expect(splitJobLog(text, names.map(H))).toBeNull();
  });
});
