/**
 * What an artifact and the files in it may be called: GitHub's rules (`@actions/artifact`),
 * which keep every archive extractable on Windows too, plus ours that keep it inside a
 * folder: a file path is relative, `/`-separated, with no empty, `.` or `..` segment, no NUL
 * and no backslash.
 */
import { invalid } from '../errors.js';

/** Characters GitHub refuses in file paths inside an artifact. */
const PATH_CHARACTERS: readonly [string, string][] = [
  ['"', 'double quote "'],
  [':', 'colon :'],
  ['<', 'less than <'],
  ['>', 'greater than >'],
  ['|', 'vertical bar |'],
  ['*', 'asterisk *'],
  ['?', 'question mark ?'],
  ['\r', 'carriage return \\r'],
  ['\n', 'line feed \\n'],
  ['\0', 'NUL'],
  ['\\', 'backslash \\'],
];
/** …and in artifact names, a slash too. */
const NAME_CHARACTERS: readonly [string, string][] = [...PATH_CHARACTERS, ['/', 'forward slash /']];

export const MAX_ARTIFACT_NAME_LENGTH = 256;
export const MAX_ENTRY_PATH_BYTES = 1024;

/** The artifact's name, or invalid `artifact.name_invalid` saying which rule it breaks. */
export function checkArtifactName(name: string): string {
  const bad = (why: string) =>
    invalid('artifact.name_invalid', `artifact name ${JSON.stringify(name.slice(0, 100))} ${why}`);
  if (name.trim() === '') throw bad('must not be empty');
  if (name === '.' || name === '..') throw bad('must not be "." or ".."');
  if (name.length > MAX_ARTIFACT_NAME_LENGTH)
    throw bad(`must be at most ${MAX_ARTIFACT_NAME_LENGTH} characters`);
  const found = NAME_CHARACTERS.find(([char]) => name.includes(char));
  if (found) throw bad(`must not contain a ${found[1]}`);
  return name;
}

/** Why `path` cannot name a file inside an artifact, or null when it can. */
export function entryPathProblem(path: string): string | null {
  if (path === '' || Buffer.byteLength(path) > MAX_ENTRY_PATH_BYTES)
    return `must be 1..${MAX_ENTRY_PATH_BYTES} bytes`;
  const found = PATH_CHARACTERS.find(([char]) => path.includes(char));
  if (found) return `must not contain a ${found[1]}`;
  if (path.startsWith('/')) return 'must be relative';
  if (path.split('/').some((s) => s === '' || s === '.' || s === '..'))
    return 'must not have an empty, "." or ".." segment';
  return null;
}
