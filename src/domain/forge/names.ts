/**
 * Naming rules of the forge: owner (user and organisation) names, repository names and
 * `owner/name` paths. Names appear in URLs and on-disk paths, so the rules also keep
 * them free of separators and dot-segments.
 */
import { invalid } from '../errors.js';

const OWNER_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,38}$/;
const REPO_NAME = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * Owner names that would shadow a top-level route of the web UI or API
 * (`/<owner>/<repo>` shares the path space with `/api/v1`, `/metrics`, …).
 */
const RESERVED_OWNER_NAMES = new Set([
  'api',
  'metrics',
  'healthz',
  'readyz',
  'login',
  'logout',
  'static',
  'assets',
]);

/** Quotes user input for an error message: JSON-escaped and cut to a readable length. */
export function quote(text: string): string {
  return JSON.stringify(text.length > 100 ? `${text.slice(0, 100)}…` : text);
}

/** True when `name` is a valid, non-reserved owner name. */
export function isValidOwnerName(name: string): boolean {
  return OWNER_NAME.test(name) && !RESERVED_OWNER_NAMES.has(name.toLowerCase());
}

/**
 * Throws `invalid` `<subject>.name_invalid` unless `name` is a valid owner name:
 * 1–39 letters, digits, `_` or `-`, starting with a letter or digit, not reserved.
 */
export function checkOwnerName(name: string, subject: 'user' | 'org'): void {
  const label = subject === 'user' ? 'user name' : 'organization name';
  if (!OWNER_NAME.test(name)) {
    throw invalid(
      `${subject}.name_invalid`,
      `${label} ${quote(name)} is invalid: use 1-39 letters, digits, "_" or "-", starting with a letter or digit`,
    );
  }
  if (RESERVED_OWNER_NAMES.has(name.toLowerCase())) {
    throw invalid(`${subject}.name_invalid`, `${label} ${quote(name)} is reserved`);
  }
}

/** True when `name` is a valid repository name. */
export function isValidRepoName(name: string): boolean {
  return REPO_NAME.test(name) && name !== '.' && name !== '..' && !name.toLowerCase().endsWith('.git');
}

/**
 * Throws `invalid` `repo.name_invalid` unless `name` has 1–100 letters, digits, `.`, `_`
 * or `-`, is not `.` or `..`, and does not end in `.git`.
 */
export function checkRepoName(name: string): void {
  if (!isValidRepoName(name)) {
    throw invalid(
      'repo.name_invalid',
      `repository name ${quote(name)} is invalid: use 1-100 letters, digits, ".", "_" or "-", ` +
        'not "." or "..", not ending in ".git"',
    );
  }
}

/** A repository path split into its owner and repository names. */
export interface RepoPath {
  ownerName: string;
  name: string;
}

/** Splits `owner/name`; throws `invalid` `repo.path_invalid` for any other shape. */
export function parseRepoPath(path: string): RepoPath {
  const parts = path.split('/');
  const [ownerName, name] = parts;
  if (parts.length !== 2 || !ownerName || !name) {
    throw invalid('repo.path_invalid', `repository path ${quote(path)} is invalid: expected owner/name`);
  }
  return { ownerName, name };
}
