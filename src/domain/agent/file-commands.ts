/**
 * The environment files a step writes (GitHub's file commands). `$GITHUB_OUTPUT`,
 * `$GITHUB_ENV` and `$GITHUB_STATE` hold `name=value` lines and `name<<DELIMITER` heredocs
 * (the value is every line up to the one that is exactly the delimiter; LF or CRLF);
 * `$GITHUB_PATH` holds one directory per line. Unlike GitHub, a file with one bad line is
 * refused whole: a value that smuggles the delimiter into a heredoc (`EOF\nLD_PRELOAD=…`)
 * leaves a stray line behind — the script's own closing delimiter — so nothing of the file
 * is applied instead of the lines before it.
 */

export type KeyValueFile = { ok: true; entries: [string, string][] } | { ok: false; error: string };

/** Splits text into lines without their `\n`; a final line without one is kept. */
function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

const withoutCr = (line: string) => (line.endsWith('\r') ? line.slice(0, -1) : line);

/** Reads a `name=value` / `name<<DELIMITER` file; blank lines between entries are skipped. */
export function parseKeyValueFile(text: string): KeyValueFile {
  const lines = splitLines(text);
  const entries: [string, string][] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = withoutCr(lines[i] as string);
    if (line.trim() === '') continue;
    const equals = line.indexOf('=');
    const heredoc = line.indexOf('<<');
    if (equals >= 0 && (heredoc < 0 || equals < heredoc)) {
      const name = line.slice(0, equals);
      if (name === '') return refuse(`line ${i + 1}: the name before '=' is empty`);
      entries.push([name, line.slice(equals + 1)]);
      continue;
    }
    if (heredoc < 0) return refuse(`line ${i + 1}: expected name=value or name<<DELIMITER`);
    const name = line.slice(0, heredoc);
    const delimiter = line.slice(heredoc + 2);
    if (name === '' || delimiter === '')
      return refuse(`line ${i + 1}: name<<DELIMITER needs both a name and a delimiter`);
    const end = lines.findIndex((l, j) => j > i && withoutCr(l) === delimiter);
    if (end < 0) return refuse(`line ${i + 1}: the delimiter '${delimiter}' of ${name} never closes`);
    const value = lines.slice(i + 1, end).join('\n');
    entries.push([name, value.endsWith('\r') ? value.slice(0, -1) : value]);
    i = end;
  }
  return { ok: true, entries };
}

/** The directories of a `$GITHUB_PATH` file in file order (blank lines skipped, ends trimmed). */
export function parsePathFile(text: string): string[] {
  return splitLines(text)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

function refuse(error: string): KeyValueFile {
  return { ok: false, error };
}
