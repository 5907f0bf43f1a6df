import { describe, expect, it } from 'vitest';
import { parseKeyValueFile, parsePathFile } from '../../../src/domain/agent/file-commands.js';

const ok = (...entries: [string, string][]) => ({ ok: true, entries });

describe('environment files: name=value and name<<DELIMITER', () => {
  it.each([
    ['an empty file', '', ok()],
    ['one value', 'greeting=hello world\n', ok(['greeting', 'hello world'])],
    ['an empty value', 'empty=\n', ok(['empty', ''])],
    ['a value holding = and <<', 'expr=a=b<<c\n', ok(['expr', 'a=b<<c'])],
    ['a last line without newline', 'a=1\nb=2', ok(['a', '1'], ['b', '2'])],
    ['blank lines between entries', 'a=1\n\n   \nb=2\n', ok(['a', '1'], ['b', '2'])],
    ['CRLF lines', 'a=1\r\nb=2\r\n', ok(['a', '1'], ['b', '2'])],
    ['a heredoc', 'multi<<EOF\nline one\nline two\nEOF\n', ok(['multi', 'line one\nline two'])],
    ['an empty heredoc', 'none<<EOF\nEOF\n', ok(['none', ''])],
    ['a heredoc of one empty line', 'blank<<EOF\n\nEOF\n', ok(['blank', ''])],
    ['a CRLF heredoc keeps inner CRLF', 'm<<EOF\r\na\r\nb\r\nEOF\r\n', ok(['m', 'a\r\nb'])],
    ['a heredoc whose value holds = lines', 'm<<X\nk=v\nX\n', ok(['m', 'k=v'])],
    ['a heredoc with a random delimiter', 'm<<ghadelimiter_1a2b\nv\nghadelimiter_1a2b\n', ok(['m', 'v'])],
    ['a delimiter only inside a line', 'm<<EOF\nnot EOF here\nEOF\n', ok(['m', 'not EOF here'])],
    ['a later write of the same name', 'a=1\na=2\n', ok(['a', '1'], ['a', '2'])],
  ])('reads %s', (_name, text, expected) => {
    expect(parseKeyValueFile(text)).toEqual(expected);
  });

  it.each([
    ['a line that is neither form', 'just text\n', /line 1: expected name=value/],
    ['an empty name', '=value\n', /line 1: the name before '=' is empty/],
    ['a heredoc without a delimiter', 'name<<\nx\n', /needs both a name and a delimiter/],
    ['a heredoc without a name', '<<EOF\nx\nEOF\n', /needs both a name and a delimiter/],
    ['a heredoc that never closes', 'm<<EOF\nline\n', /the delimiter 'EOF' of m never closes/],
    [
      'delimiter injection: a value that closes the heredoc early and sets a variable',
      'm<<EOF\nharmless\nEOF\nLD_PRELOAD=/tmp/evil.so\nEOF\n',
      /line 5: expected name=value/,
    ],
    ['a delimiter followed by text on its line', 'm<<EOF\nv\nEOF trailing\n', /never closes/],
  ])('refuses %s, whole', (_name, text, error) => {
    const parsed = parseKeyValueFile(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(error);
  });
});

describe('$GITHUB_PATH', () => {
  it.each([
    ['one directory', '/opt/tool/bin\n', ['/opt/tool/bin']],
    ['several, in file order', '/a\n/b\n', ['/a', '/b']],
    ['CRLF and blank lines', '/a\r\n\r\n  /b  \n', ['/a', '/b']],
    ['nothing', '', []],
  ])('reads %s', (_name, text, expected) => {
    expect(parsePathFile(text)).toEqual(expected);
  });
});
