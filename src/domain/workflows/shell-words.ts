/** Shell-like word splitting, for `options:` lines that GitHub hands to a shell-parsed docker command. */

/**
 * Splits a line into words as a POSIX shell would, without expanding anything: blanks separate,
 * `'…'` is literal, `"…"` keeps blanks and honours `\"` and `\\`, a backslash outside quotes
 * escapes the next character. Null for an unterminated quote.
 */
export function splitShellWords(line: string): string[] | null {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < line.length; i += 1) {
    const c = line.charAt(i);
    if (quote === "'") {
      if (c === "'") quote = null;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = null;
      else if (c === '\\' && (line[i + 1] === '"' || line[i + 1] === '\\')) word += line.charAt(++i);
      else word += c;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      inWord = true;
      if (c === "'" || c === '"') quote = c;
      else if (c === '\\' && i + 1 < line.length) word += line.charAt(++i);
      else word += c;
    }
  }
  if (quote !== null) return null;
  if (inWord) words.push(word);
  return words;
}
