import { describe, expect, it } from 'vitest';
import { artifactActionOf } from '../../../src/domain/artifacts/artifact-actions.js';
import { readDownloadInputs, readUploadInputs } from '../../../src/domain/artifacts/artifact-inputs.js';
import { checkArtifactName } from '../../../src/domain/artifacts/artifact-names.js';
import { retentionDaysFor } from '../../../src/domain/artifacts/artifact-settings.js';
import { workspacePath } from '../../../src/domain/artifacts/workspace-paths.js';
import { isDomainError } from '../../../src/domain/errors.js';

function failure(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (isDomainError(err)) return `${err.code}: ${err.message}`;
    throw err;
  }
  return 'accepted';
}

describe('the artifact actions and their inputs', () => {
  it.each([
    ['actions/upload-artifact@v4', 'upload'],
    ['actions/upload-artifact@v3', 'upload'],
    ['actions/upload-artifact@v4.6.2', 'upload'],
    [`actions/download-artifact@${'0a1b2c3d4e'.repeat(4)}`, 'download'],
    ['shithub/upload-artifact@v1', 'upload'],
    ['shithub/download-artifact@v1', 'download'],
    ['actions/upload-artifact@v2', null],
    ['actions/upload-artifact@main', null],
    ['actions/upload-artifact@ABCDEF0123456789ABCDEF0123456789ABCDEF01', null],
    ['shithub/upload-artifact@v2', null],
    ['octo/upload-artifact@v4', null],
  ])('%s runs as %s', (uses, action) => {
    expect(artifactActionOf(uses)).toBe(action);
  });

  it('reads upload inputs with GitHub defaults', () => {
    expect(readUploadInputs({ path: 'dist/\n\n# comment\n!dist/*.map\n' })).toEqual({
      name: 'artifact',
      paths: ['dist/', '!dist/*.map'],
      retentionDays: null,
      ifNoFilesFound: 'warn',
      includeHiddenFiles: false,
    });
    expect(
      readUploadInputs({
        name: ' build-linux ',
        path: 'out',
        'retention-days': '0',
        'if-no-files-found': 'error',
        'include-hidden-files': 'true',
        'compression-level': '9',
      }),
    ).toMatchObject({
      name: 'build-linux',
      retentionDays: null,
      ifNoFilesFound: 'error',
      includeHiddenFiles: true,
    });
    expect(readUploadInputs({ path: 'out', 'retention-days': '5' }).retentionDays).toBe(5);
  });

  it.each([
    [{}, "input 'path' is required"],
    [
      { path: 'x', 'if-no-files-found': 'fail' },
      'if-no-files-found must be warn, error or ignore, not "fail"',
    ],
    [
      { path: 'x', 'retention-days': '-1' },
      'retention-days must be a whole number of days (0 for the default)',
    ],
    [{ path: 'x', 'compression-level': '10' }, 'compression-level must be a whole number from 0 to 9'],
    [{ path: 'x', 'include-hidden-files': 'yes' }, 'include-hidden-files must be true or false'],
    [{ path: 'x', name: 'a/b' }, 'artifact name "a/b" must not contain a forward slash /'],
    [{ path: 'x', name: '..' }, 'artifact name ".." must not be "." or ".."'],
  ])('refuses upload inputs %j', (inputs, message) => {
    expect(failure(() => readUploadInputs(inputs))).toBe(`artifact.input_invalid: ${message}`);
  });

  it('reads download inputs: every artifact without a name', () => {
    expect(readDownloadInputs({})).toEqual({ name: '', path: '', pattern: '', mergeMultiple: false });
    expect(readDownloadInputs({ pattern: 'dist-*', 'merge-multiple': 'true', path: 'out' })).toEqual({
      name: '',
      path: 'out',
      pattern: 'dist-*',
      mergeMultiple: true,
    });
    expect(failure(() => readDownloadInputs({ name: 'a', pattern: 'b*' }))).toBe(
      "artifact.input_invalid: give either 'name' or 'pattern', not both",
    );
  });

  it.each([
    ['', ''],
    ['.', ''],
    ['out/', 'out'],
    ['./a//b/./c', 'a/b/c'],
    ['/__w/ws', ''],
    ['/__w/ws/out', 'out'],
  ])('reads path %j as %j inside the workspace', (text, path) => {
    expect(workspacePath(text, '/__w/ws')).toBe(path);
  });

  it.each([['/etc'], ['/__w/wsx/a'], ['..'], ['a/../..'], ['~'], ['~/x']])('refuses path %j', (text) => {
    expect(failure(() => workspacePath(text, '/__w/ws'))).toMatch(/^artifact\.path_outside_workspace: /);
  });

  it('checks names and caps retention at the configured days', () => {
    expect(checkArtifactName('build output (linux)')).toBe('build output (linux)');
    expect(failure(() => checkArtifactName('x'.repeat(257)))).toBe(
      'artifact.name_invalid: artifact name "' + 'x'.repeat(100) + '" must be at most 256 characters',
    );
    const settings = { maxBytes: 1, retentionDays: 30 };
    expect([null, 5, 90].map((asked) => retentionDaysFor(settings, asked))).toEqual([30, 5, 30]);
  });
});
