import { describe, expect, it } from 'vitest';
import { cutLogLines, lineKinds, logOutline } from '../../../src/domain/api/step-log-lines.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('a step log as lines', () => {
  it.each([
    ['whole lines of a running step', 'a\nb\n', false, ['a', 'b'], 4],
    ['a line still being written is held back', 'a\nb', false, ['a'], 2],
    ['nothing whole yet', 'partial', false, [], 0],
    ['an ended step’s last line needs no newline', 'a\nb', true, ['a', 'b'], 3],
    ['an empty line is a line', '\n', true, [''], 1],
    ['an empty log', '', true, [], 0],
    ['multi-byte text is cut at a newline only', 'é\nü', false, ['é'], 3],
  ])('%s', (_name, text, ended, lines, consumed) => {
    expect(cutLogLines(bytes(text), ended)).toEqual({ lines, bytes: consumed });
  });

  it.each([
    ['plain lines', ['a', 'b'], 0, [0, 0]],
    ['a group, either spelling', ['::group::x', 'y', '##[endgroup]'], 0, [1, 0, 2]],
    ['a closing line with no group open is plain', ['::endgroup::', 'y'], 0, [0, 0]],
    ['a group opened earlier is closed here', ['::endgroup::', '::endgroup::'], 1, [2, 0]],
    ['nested groups', ['::group::a', '##[group]b', '::endgroup::', '::endgroup::'], 0, [1, 1, 2, 2]],
  ])('folding roles: %s', (_name, lines, openBefore, kinds) => {
    expect(lineKinds(lines, openBefore)).toEqual(kinds);
  });

  it('outlines nested and unclosed groups by their lines', () => {
    const lines = ['::group::a', 'x', '::group::b', 'y', '::endgroup::', '::endgroup::', '::group::c', 'z'];
    expect(logOutline(lines)).toEqual([
      [1, 6],
      [3, 5],
      [7, null],
    ]);
  });
});
