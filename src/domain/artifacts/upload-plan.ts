/**
 * Which files an upload takes and what they are called inside the artifact, as GitHub's
 * `actions/upload-artifact@v4` decides it: each `path:` line is a glob (`!` excludes, the
 * last matching line wins, a folder means everything under it); the artifact's root is the
 * search path of the one include line (the part before its first wildcard), or the deepest
 * folder common to several; one file named alone keeps only its name. Hidden files (a `.`
 * name at or below the search path) stay out unless asked for; two files whose paths differ
 * only in case keep the first (archives are extracted on case-insensitive disks too).
 */
import type { PackEntry } from '../../ports/artifact-files.js';
import { compileFilePatterns, matchesFilePatterns } from '../agent/file-patterns.js';
import { invalid } from '../errors.js';
import { entryPathProblem } from './artifact-names.js';
import { workspacePath } from './workspace-paths.js';

const GLOB_CHARACTERS = /[*?[]/;

export interface UploadPatterns {
  /** Relative globs; excludes start with `!`. */
  patterns: string[];
  /** The folders (or files) to search: no one inside another, '' for the workspace. */
  searchPaths: string[];
}

export interface UploadPlan {
  entries: PackEntry[];
  /** The artifact's root, relative to the workspace ('' for the workspace). */
  root: string;
  /** Files left out because another differs from them only in case. */
  caseDuplicates: string[];
}

/**
 * The `path:` lines as globs relative to the workspace, with their search paths. invalid
 * `artifact.path_outside_workspace` for a line leading out of it (see `workspacePath`).
 */
export function uploadPatterns(lines: readonly string[], stepWorkspace: string): UploadPatterns {
  const patterns = lines.map((line) => {
    const exclude = line.startsWith('!');
    const path = workspacePath(exclude ? line.slice(1) : line, stepWorkspace);
    return exclude ? `!${path}` : path;
  });
  const includes = patterns.filter((p) => !p.startsWith('!')).map(searchPathOf);
  const searchPaths = [...new Set(includes)].filter(
    (path, _, all) => !all.some((other) => other !== path && isInside(path, other)),
  );
  return { patterns, searchPaths: searchPaths.sort() };
}

/**
 * The files of `found` the patterns select, named relative to the artifact's root. invalid
 * `artifact.path_invalid` for a file whose name an artifact cannot hold.
 */
export function planUpload(
  found: readonly string[],
  upload: UploadPatterns,
  opts: { includeHiddenFiles: boolean },
): UploadPlan {
  const compiled = compileFilePatterns(upload.patterns);
  const seen = new Set<string>();
  const files: string[] = [];
  const caseDuplicates: string[] = [];
  for (const file of [...found].sort()) {
    if (!matchesFilePatterns(compiled, file)) continue;
    if (!opts.includeHiddenFiles && isHidden(file, upload.searchPaths)) continue;
    const folded = file.toLowerCase();
    if (seen.has(folded)) caseDuplicates.push(file);
    else {
      seen.add(folded);
      files.push(file);
    }
  }
  const root = rootOf(files, upload.searchPaths);
  const entries = files.map((source) => {
    const path = root === '' ? source : source.slice(root.length + 1);
    const problem = entryPathProblem(path);
    if (problem)
      throw invalid('artifact.path_invalid', `cannot upload ${JSON.stringify(source)}: its path ${problem}`);
    return { source, path };
  });
  return { entries, root, caseDuplicates };
}

/** The segments before the first one holding a wildcard. */
function searchPathOf(pattern: string): string {
  const segments = pattern.split('/');
  const wild = segments.findIndex((s) => GLOB_CHARACTERS.test(s));
  return (wild < 0 ? segments : segments.slice(0, wild)).join('/');
}

function isInside(path: string, folder: string): boolean {
  return folder === '' || path === folder || path.startsWith(`${folder}/`);
}

function rootOf(files: readonly string[], searchPaths: readonly string[]): string {
  if (searchPaths.length > 1) return commonFolder(searchPaths);
  const only = searchPaths[0] ?? '';
  if (files.length === 1 && files[0] === only) return parentOf(only);
  return only;
}

function commonFolder(paths: readonly string[]): string {
  const split = paths.map((p) => (p === '' ? [] : p.split('/')));
  const common: string[] = [];
  for (let i = 0; split.every((s) => i < s.length && s[i] === split[0]![i]); i++) common.push(split[0]![i]!);
  return common.join('/');
}

function parentOf(path: string): string {
  const cut = path.lastIndexOf('/');
  return cut < 0 ? '' : path.slice(0, cut);
}

/** A `.` name at or below the search path holding the file (the folders above it do not count). */
function isHidden(file: string, searchPaths: readonly string[]): boolean {
  const holder = searchPaths.filter((p) => isInside(file, p)).sort((a, b) => b.length - a.length)[0] ?? '';
  const from = holder === '' ? 0 : holder.split('/').length - 1;
  return file
    .split('/')
    .slice(from)
    .some((segment) => segment.startsWith('.'));
}
