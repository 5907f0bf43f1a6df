/**
 * The file globs of `hashFiles()` (GitHub's `@actions/glob`): `*` and `?` within one path
 * segment, `**` across segments, `[…]` classes, a leading `!` excludes, the last matching
 * pattern wins, a pattern naming a folder matches everything under it, dot files match.
 * Paths are relative to the workspace, `/`-separated.
 */

const NOTHING = /$^/;

export interface FilePattern {
  regex: RegExp;
  exclude: boolean;
}

/**
 * The patterns as globs relative to the workspace, one per line (each argument may hold
 * several lines; blank lines and `#` comments are dropped; `!` kept). `workspace` (as the
 * step sees it) is stripped from absolute patterns; other absolute patterns and ones that
 * climb out with `..` become `!` nothing-patterns, so they match nothing.
 */
export function relativeFilePatterns(patterns: readonly string[], workspace: string): string[] {
  const prefix = `${workspace.replace(/\/+$/, '')}/`;
  return patterns
    .flatMap((p) => p.split('\n'))
    .map((p) => p.trim())
    .filter((p) => p !== '' && !p.startsWith('#'))
    .map((p) => {
      const exclude = p.startsWith('!');
      let glob = exclude ? p.slice(1).trim() : p;
      if (glob.startsWith(prefix)) glob = glob.slice(prefix.length);
      glob = glob.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
      const outside = glob.startsWith('/') || glob.split('/').includes('..') || glob === '';
      return outside ? '!' : `${exclude ? '!' : ''}${glob}`;
    });
}

/** Compiles relative patterns (`relativeFilePatterns`); a bare `!` matches nothing. */
export function compileFilePatterns(patterns: readonly string[]): FilePattern[] {
  return patterns.map((p) => {
    const exclude = p.startsWith('!');
    const glob = exclude ? p.slice(1) : p;
    return { regex: glob === '' ? NOTHING : globRegex(glob), exclude };
  });
}

/** True when the last pattern matching `path` (or a folder above it) includes it. */
export function matchesFilePatterns(patterns: readonly FilePattern[], path: string): boolean {
  let included = false;
  for (const pattern of patterns) if (pattern.regex.test(path)) included = !pattern.exclude;
  return included;
}

/** The anchored regex of one glob; a class the regex engine refuses (`[z-a]`) matches nothing. */
function globRegex(glob: string): RegExp {
  let source = '';
  let i = 0;
  while (i < glob.length) {
    if (glob.startsWith('**/', i)) {
      source += '(?:.*/)?';
      i += 3;
    } else if (glob.startsWith('**', i)) {
      source += '.*';
      i += 2;
    } else if (glob[i] === '*') {
      source += '[^/]*';
      i += 1;
    } else if (glob[i] === '?') {
      source += '[^/]';
      i += 1;
    } else if (glob[i] === '[' && glob.indexOf(']', i + 2) > 0) {
      const close = glob.indexOf(']', i + 2);
      const body = glob.slice(i + 1, close).replace(/\\/g, '\\\\');
      source += `[${body.startsWith('!') ? `^${body.slice(1)}` : body}]`;
      i = close + 1;
    } else {
      source += (glob[i] as string).replace(/[.+^${}()|[\]\\]/g, '\\$&');
      i += 1;
    }
  }
  try {
    return new RegExp(`^${source}(?:/.*)?$`, 's');
  } catch {
    return NOTHING;
  }
}
