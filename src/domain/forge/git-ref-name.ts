/**
 * The rules of `git check-ref-format --branch` that matter for a default branch name,
 * checked without running git.
 */

// ASCII control characters, space, and the characters git reserves in ref names.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is excluded
const FORBIDDEN_CHARS = /[\x00-\x20\x7f~^:?*[\\]/;

/** True when `name` is usable as a branch name (`refs/heads/<name>`). */
export function isValidBranchName(name: string): boolean {
  if (name.length === 0 || name.length > 255) return false;
  if (name === '@' || name.startsWith('-')) return false;
  if (FORBIDDEN_CHARS.test(name) || name.includes('..') || name.includes('@{')) return false;
  if (name.endsWith('.') || name.endsWith('/')) return false;
  return name
    .split('/')
    .every((component) => component.length > 0 && !component.startsWith('.') && !component.endsWith('.lock'));
}
