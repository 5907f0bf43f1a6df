/**
 * The `with:` inputs of the artifact actions, after interpolation (GitHub's
 * `actions/upload-artifact@v4` and `download-artifact@v4`; docs/storage-and-retention.md):
 * - upload: `name` (default `artifact`), `path` (required; globs, one per line, `!` excludes),
 *   `retention-days` (0 or empty: the server's default), `if-no-files-found`
 *   (`warn`, `error`, `ignore`), `include-hidden-files`, `compression-level` (0..9; the
 *   archive is stored uncompressed, so it only has to be valid);
 * - download: `name` (empty: every artifact of the run), `path` (default: the workspace),
 *   `pattern` (a glob over names, without `name`), `merge-multiple`.
 * A value that breaks its rule is invalid `artifact.input_invalid`.
 */
import { invalid } from '../errors.js';
import { checkArtifactName } from './artifact-names.js';

export type IfNoFilesFound = 'warn' | 'error' | 'ignore';

export interface UploadInputs {
  name: string;
  /** The `path:` lines, blank lines and `#` comments dropped. */
  paths: string[];
  retentionDays: number | null;
  ifNoFilesFound: IfNoFilesFound;
  includeHiddenFiles: boolean;
}

export interface DownloadInputs {
  /** '' for every artifact. */
  name: string;
  path: string;
  /** '' for no filter. */
  pattern: string;
  mergeMultiple: boolean;
}

/** Reads the upload action's inputs (see the file comment). */
export function readUploadInputs(inputs: Record<string, string>): UploadInputs {
  const text = (key: string) => String(inputs[key] ?? '').trim();
  const name = text('name') === '' ? 'artifact' : text('name');
  checkInput(() => checkArtifactName(name));
  const paths = String(inputs.path ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  if (paths.length === 0) refuse("input 'path' is required");
  const mode = text('if-no-files-found') === '' ? 'warn' : text('if-no-files-found');
  if (mode !== 'warn' && mode !== 'error' && mode !== 'ignore')
    refuse(`if-no-files-found must be warn, error or ignore, not ${JSON.stringify(mode)}`);
  const level = text('compression-level');
  if (level !== '' && !/^[0-9]$/.test(level)) refuse('compression-level must be a whole number from 0 to 9');
  const days = text('retention-days');
  if (days !== '' && (!/^\d{1,6}$/.test(days) || Number(days) > 36_500))
    refuse('retention-days must be a whole number of days (0 for the default)');
  return {
    name,
    paths,
    retentionDays: days === '' || Number(days) === 0 ? null : Number(days),
    ifNoFilesFound: mode,
    includeHiddenFiles: flag(text('include-hidden-files'), 'include-hidden-files'),
  };
}

/** Reads the download action's inputs (see the file comment). */
export function readDownloadInputs(inputs: Record<string, string>): DownloadInputs {
  const text = (key: string) => String(inputs[key] ?? '').trim();
  const name = text('name');
  if (name !== '') checkInput(() => checkArtifactName(name));
  const pattern = text('pattern');
  if (name !== '' && pattern !== '') refuse("give either 'name' or 'pattern', not both");
  return {
    name,
    path: text('path'),
    pattern,
    mergeMultiple: flag(text('merge-multiple'), 'merge-multiple'),
  };
}

function flag(value: string, key: string): boolean {
  if (value === '' || value === 'false') return false;
  if (value === 'true') return true;
  return refuse(`${key} must be true or false`);
}

function checkInput(check: () => void): void {
  try {
    check();
  } catch (err) {
    refuse(err instanceof Error ? err.message : String(err));
  }
}

function refuse(message: string): never {
  throw invalid('artifact.input_invalid', message);
}
