import { describe, expect, it } from 'vitest';
import { planUpload, uploadPatterns } from '../../../src/domain/artifacts/upload-plan.js';
import { isDomainError } from '../../../src/domain/errors.js';

const WS = '/workspace';
const FILES = [
  'README.md',
  'dist/app.js',
  'dist/app.js.map',
  'dist/css/site.css',
  'dist/.cache/x',
  'build/out.txt',
  'build/logs/a.log',
  'src/main.ts',
  '.env',
];

/** The entries (source → path) and root the `path:` lines give over FILES. */
function plan(lines: string[], includeHiddenFiles = false) {
  const result = planUpload(FILES, uploadPatterns(lines, WS), { includeHiddenFiles });
  return { root: result.root, entries: result.entries.map((e) => `${e.source} → ${e.path}`) };
}

describe('which files an upload takes, and their names in the artifact', () => {
  it.each([
    [
      'a folder: its files, named inside it, hidden ones left out',
      ['dist'],
      'dist',
      ['dist/app.js → app.js', 'dist/app.js.map → app.js.map', 'dist/css/site.css → css/site.css'],
    ],
    ['one file: only its name', ['dist/app.js'], 'dist', ['dist/app.js → app.js']],
    [
      'a glob: named from the part before the wildcard',
      ['dist/**/*.css'],
      'dist',
      ['dist/css/site.css → css/site.css'],
    ],
    [
      'several lines: named from the folder they share',
      ['dist/app.js', 'build/'],
      '',
      ['build/logs/a.log → build/logs/a.log', 'build/out.txt → build/out.txt', 'dist/app.js → dist/app.js'],
    ],
    [
      'an exclude line after an include',
      ['dist', '!dist/**/*.map'],
      'dist',
      ['dist/app.js → app.js', 'dist/css/site.css → css/site.css'],
    ],
    [
      'an absolute path under the step workspace, with ./ and //',
      ['/workspace/./build//logs/'],
      'build/logs',
      ['build/logs/a.log → a.log'],
    ],
    [
      'a search path inside another counts once',
      ['build', 'build/logs/*.log'],
      'build',
      ['build/logs/a.log → logs/a.log', 'build/out.txt → out.txt'],
    ],
    ['nothing matching', ['nope/*.zip'], 'nope', []],
  ])('%s', (_name, lines, root, entries) => {
    expect(plan(lines)).toEqual({ root, entries });
  });

  it('leaves hidden files out unless include-hidden-files, counting only names at or below the search path', () => {
    expect(plan(['dist/.cache'])).toEqual({ root: 'dist/.cache', entries: [] });
    expect(plan(['dist/.cache'], true)).toEqual({ root: 'dist/.cache', entries: ['dist/.cache/x → x'] });
    expect(plan(['*'], true).entries).toContain('.env → .env');
    expect(plan(['*']).entries).not.toContain('.env → .env');
  });

  it('keeps the first of two files whose paths differ only in case', () => {
    const result = planUpload(['out/A.txt', 'out/a.txt'], uploadPatterns(['out'], WS), {
      includeHiddenFiles: false,
    });
    expect(result.entries.map((e) => e.path)).toEqual(['A.txt']);
    expect(result.caseDuplicates).toEqual(['out/a.txt']);
  });

  it.each([
    ['/etc/passwd'],
    ['../outside'],
    ['dist/../../x'],
    ['~/.ssh/id_rsa'],
    ['/workspace-other/x'],
    ['!/etc'],
  ])('refuses %j as a path outside the workspace', (line) => {
    const err = (() => {
      try {
        uploadPatterns([line], WS);
      } catch (e) {
        return e;
      }
    })();
    expect(isDomainError(err) && err.code).toBe('artifact.path_outside_workspace');
  });

  it('refuses a file whose name an artifact cannot hold (GitHub refuses these characters too)', () => {
    const err = (() => {
      try {
        planUpload(['out/a:b.txt'], uploadPatterns(['out'], WS), { includeHiddenFiles: false });
      } catch (e) {
        return e;
      }
    })();
    expect(isDomainError(err) && [err.code, err.message]).toEqual([
      'artifact.path_invalid',
      'cannot upload "out/a:b.txt": its path must not contain a colon :',
    ]);
  });
});
