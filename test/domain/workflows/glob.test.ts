/** GitHub's filter globs and the last-match-wins filter lists. */
import { describe, expect, it } from 'vitest';
import { anyPathPasses, compileGlob, globMatches, passesFilter } from '../../../src/domain/workflows/glob.js';
import type { Filter } from '../../../src/domain/workflows/model.js';

const GLOBS: [string, string, boolean][] = [
  ['main', 'main', true],
  ['main', 'main2', false],
  ['feature/*', 'feature/login', true],
  ['feature/*', 'feature/a/b', false],
  ['feature/**', 'feature/a/b', true],
  ['feature/**', 'feature/', true],
  ['*', 'README.md', true],
  ['*', 'docs/README.md', false],
  ['**', 'a/b/c', true],
  ['*.js', 'app.js', true],
  ['*.js', 'src/app.js', false],
  ['**.js', 'src/js/app.js', true],
  ['**.js', 'index.js', true],
  ['docs/**/*.md', 'docs/a/b/c.md', true],
  ['docs/**/*.md', 'docs/c.md', false],
  ['**/README.md', 'a/README.md', true],
  ['**/README.md', 'README.md', false],
  ['*feature', 'mona-feature', true],
  ['v2*', 'v2.0.0', true],
  ['v[12].[0-9]+.[0-9]+', 'v1.10.2', true],
  ['v[12].[0-9]+.[0-9]+', 'v3.1.0', false],
  ['v[12].[0-9]+.[0-9]+', 'v1..2', false],
  ['Octoc?at', 'Octocat', true],
  ['Octoc?at', 'Octoat', true],
  ['Octoc?at', 'Octocxat', false],
  ['colou?r', 'color', true],
  ['ab+c', 'abbbc', true],
  ['ab+c', 'ac', false],
  ['[CB]at', 'Cat', true],
  ['[CB]at', 'Hat', false],
  ['[1-2]00', '200', true],
  ['release.1', 'release-1', false],
  ['a\\*b', 'a*b', true],
  ['a\\*b', 'axb', false],
  ['(x)|y', '(x)|y', true],
  ['Main', 'main', false],
];

describe('compileGlob', () => {
  it.each(GLOBS)('%s against %s → %s', (glob, text, want) => {
    expect(globMatches(glob, text)).toBe(want);
  });

  it.each([
    ['', 'empty pattern'],
    ['[abc', 'never closed'],
    ['[]', "empty '[]'"],
    ['[a-Z]', "bad range 'a-Z'"],
    ['[9-0]', "bad range '9-0'"],
    ['?a', 'no character to repeat'],
    ['a**+', 'no character to repeat'],
    ['a??', 'no character to repeat'],
    ['a\\', 'lone backslash'],
  ])('refuses %j: %s', (glob, error) => {
    const compiled = compileGlob(glob);
    expect(compiled.ok).toBe(false);
    expect(compiled.ok ? '' : compiled.error).toContain(error);
  });
});

const include = (...patterns: string[]): Filter => ({ mode: 'include', patterns });
const ignore = (...patterns: string[]): Filter => ({ mode: 'ignore', patterns });

const FILTERS: [string, Filter, string, boolean][] = [
  ['a plain include', include('main'), 'main', true],
  ['no pattern matches', include('main'), 'dev', false],
  ['a later negation wins', include('releases/**', '!releases/**-alpha'), 'releases/v1-alpha', false],
  ['the negation does not match', include('releases/**', '!releases/**-alpha'), 'releases/v1', true],
  ['a re-include after a negation', include('**', '!docs/**', 'docs/api/**'), 'docs/api/x.md', true],
  ['only negations include the rest', include('!dependabot/**'), 'main', true],
  ['only negations still exclude', include('!dependabot/**'), 'dependabot/npm', false],
  ['an ignore list that matches', ignore('docs/**'), 'docs/a.md', false],
  ['an ignore list that does not match', ignore('docs/**'), 'src/a.ts', true],
  ['a negation inside an ignore list', ignore('docs/**', '!docs/keep.md'), 'docs/keep.md', true],
];

describe('passesFilter', () => {
  it.each(FILTERS)('%s', (_name, filter, value, want) => {
    expect(passesFilter(filter, value)).toBe(want);
  });

  it('lets a change through when any one changed path passes', () => {
    expect(anyPathPasses(ignore('**.md'), ['README.md', 'src/a.ts'])).toBe(true);
    expect(anyPathPasses(ignore('**.md'), ['README.md', 'docs/b.md'])).toBe(false);
    expect(anyPathPasses(include('src/**'), [])).toBe(false);
  });
});
