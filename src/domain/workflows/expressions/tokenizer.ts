/** Splits the text inside `${{ }}` into tokens. */

export type TokenKind = 'number' | 'string' | 'identifier' | 'keyword' | 'punct' | 'end';

export interface Token {
  kind: TokenKind;
  /** Source text (for strings: the decoded value; for numbers: the literal). */
  text: string;
  /** Offset in the expression, for error messages. */
  at: number;
}

/** A syntax error in an expression, with the offset where it was noticed. */
export class ExpressionSyntaxError extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message);
    this.name = 'ExpressionSyntaxError';
  }
}

/** Bounds the tree depth, so evaluating never runs out of stack (real expressions stay far below). */
export const MAX_TOKENS = 1000;

const KEYWORDS = new Set(['null', 'true', 'false']);
const PUNCT = ['==', '!=', '<=', '>=', '&&', '||', '<', '>', '!', '(', ')', '[', ']', '.', ',', '*'];
const IDENT = /[A-Za-z_][A-Za-z0-9_-]*/y;
// No binary minus exists in the language, so a leading `-` always belongs to a number.
const NUMBER = /-?(?:0x[0-9A-Fa-f]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/y;

/** Tokenizes an expression; throws ExpressionSyntaxError on a character that starts no token. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i] as string;
    if (/\s/.test(ch)) {
      i += 1;
      continue;
    }
    const token = readToken(source, i);
    if (tokens.length >= MAX_TOKENS)
      throw new ExpressionSyntaxError(`expression has more than ${MAX_TOKENS} tokens`, i);
    tokens.push(token.token);
    i = token.next;
  }
  tokens.push({ kind: 'end', text: '', at: source.length });
  return tokens;
}

function readToken(source: string, at: number): { token: Token; next: number } {
  const ch = source[at] as string;
  if (ch === "'") return readString(source, at);
  NUMBER.lastIndex = at;
  const number = NUMBER.exec(source);
  if (number) {
    const next = at + number[0].length;
    if (/[A-Za-z0-9_.]/.test(source[next] ?? ''))
      throw new ExpressionSyntaxError(`malformed number at offset ${at}`, at);
    return { token: { kind: 'number', text: number[0], at }, next };
  }
  IDENT.lastIndex = at;
  const id = IDENT.exec(source);
  if (id) {
    const kind = KEYWORDS.has(id[0]) ? 'keyword' : 'identifier';
    return { token: { kind, text: id[0], at }, next: at + id[0].length };
  }
  const punct = PUNCT.find((p) => source.startsWith(p, at));
  if (punct) return { token: { kind: 'punct', text: punct, at }, next: at + punct.length };
  throw new ExpressionSyntaxError(`unexpected character '${ch}' at offset ${at}`, at);
}

function readString(source: string, at: number): { token: Token; next: number } {
  let value = '';
  let i = at + 1;
  while (i < source.length) {
    const ch = source[i] as string;
    if (ch === "'") {
      if (source[i + 1] !== "'") return { token: { kind: 'string', text: value, at }, next: i + 1 };
      value += "'";
      i += 2;
      continue;
    }
    value += ch;
    i += 1;
  }
  throw new ExpressionSyntaxError(`unterminated string starting at offset ${at}`, at);
}
