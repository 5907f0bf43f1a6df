import { describe, expect, it } from 'vitest';
import { isValidBranchName } from '../../../src/domain/forge/git-ref-name.js';
import { isValidRepoName, parseRepoPath } from '../../../src/domain/forge/names.js';

describe('repository names', () => {
  it.each([
    ['letters', 'tools', true],
    ['dots, dashes, underscores', 'my.repo_v2-x', true],
    ['a leading dot', '.github', true],
    ['100 characters', 'r'.repeat(100), true],
    ['empty', '', false],
    ['101 characters', 'r'.repeat(101), false],
    ['a single dot', '.', false],
    ['two dots', '..', false],
    ['a .git ending', 'tools.git', false],
    ['a .GIT ending', 'tools.GIT', false],
    ['a slash', 'a/b', false],
    ['a space', 'a b', false],
  ])('%s → %s', (_case, name, valid) => {
    expect(isValidRepoName(name)).toBe(valid);
  });
});

describe('repository paths', () => {
  it('splits owner/name', () => {
    expect(parseRepoPath('alice/tools')).toEqual({ ownerName: 'alice', name: 'tools' });
  });

  it.each(['alice', 'alice/', '/tools', 'a/b/c', '', '/'])('rejects %j with repo.path_invalid', (path) => {
    expect(() => parseRepoPath(path)).toThrow(
      expect.objectContaining({ kind: 'invalid', code: 'repo.path_invalid' }),
    );
  });
});

describe('branch names', () => {
  it.each([
    ['trunk', true],
    ['main', true],
    ['release/1.0', true],
    ['feature-x_y', true],
    ['', false],
    ['-leading-dash', false],
    ['has space', false],
    ['a..b', false],
    ['a~1', false],
    ['a^', false],
    ['a:b', false],
    ['a?', false],
    ['a*', false],
    ['a[b', false],
    ['a\\b', false],
    ['end.', false],
    ['end/', false],
    ['/start', false],
    ['a//b', false],
    ['.hidden', false],
    ['dir/.hidden', false],
    ['x.lock', false],
    ['@', false],
    ['a@{b', false],
    ['tab\there', false],
    ['b'.repeat(256), false],
  ])('%j → %s', (name, valid) => {
    expect(isValidBranchName(name)).toBe(valid);
  });
});
