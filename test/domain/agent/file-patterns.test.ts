import { describe, expect, it } from 'vitest';
import {
  compileFilePatterns,
  matchesFilePatterns,
  relativeFilePatterns,
} from '../../../src/domain/agent/file-patterns.js';

const FILES = [
  'README.md',
  'go.sum',
  'cmd/app/go.sum',
  'src/index.ts',
  'src/lib/util.ts',
  'src/lib/util.test.ts',
  '.github/workflows/ci.yml',
  'node_modules/x/package-lock.json',
  'package-lock.json',
];

const matched = (patterns: string[], workspace = '/workspace') => {
  const compiled = compileFilePatterns(relativeFilePatterns(patterns, workspace));
  return FILES.filter((f) => matchesFilePatterns(compiled, f));
};

describe('hashFiles() patterns', () => {
  it.each([
    ['one file', ['README.md'], ['README.md']],
    ['** across folders, the root included', ['**/go.sum'], ['go.sum', 'cmd/app/go.sum']],
    ['* within one segment', ['src/*.ts'], ['src/index.ts']],
    ['? as one character', ['go.su?'], ['go.sum']],
    ['a class', ['src/lib/util.[t]s'], ['src/lib/util.ts']],
    ['a folder means everything under it', ['src/lib'], ['src/lib/util.ts', 'src/lib/util.test.ts']],
    ['dot files and folders', ['.github/**'], ['.github/workflows/ci.yml']],
    ['an exclusion after an inclusion', ['**/*.ts', '!**/*.test.ts'], ['src/index.ts', 'src/lib/util.ts']],
    [
      'several patterns in one argument, with a comment',
      ['**/package-lock.json\n!node_modules/**\n# comment'],
      ['package-lock.json'],
    ],
    ['an absolute pattern under the workspace', ['/workspace/src/index.ts'], ['src/index.ts']],
    ['a ./ prefix', ['./README.md'], ['README.md']],
    ['an absolute pattern elsewhere matches nothing', ['/etc/passwd'], []],
    ['climbing out with .. matches nothing', ['../other/**', 'src/../README.md'], []],
    ['an invalid class matches nothing', ['[z-a]'], []],
    ['no pattern', [], []],
  ])('matches %s', (_name, patterns, expected) => {
    expect(matched(patterns)).toEqual(expected);
  });
});
