/**
 * Recursive-descent parser for the expression language. Precedence, loosest first:
 * `||`, `&&`, `== !=`, `< <= > >=`, `!`, then `.` / `[ ]` / calls.
 */
import type { BinaryOp, ExprNode } from './ast.js';
import { checkCall, checkContext } from './names.js';
import { ExpressionSyntaxError, type Token, tokenize } from './tokenizer.js';

const MAX_DEPTH = 64;
const LEVELS: readonly (readonly BinaryOp[])[] = [['||'], ['&&'], ['==', '!='], ['<', '<=', '>', '>=']];

/**
 * Parses the text of one expression (without `${{ }}`). Throws ExpressionSyntaxError on bad
 * syntax, an unknown context or function, or a wrong number of arguments.
 */
export function parseExpression(source: string): ExprNode {
  const parser = new Parser(tokenize(source));
  const node = parser.binary(0, 0);
  parser.expectEnd();
  return node;
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  binary(level: number, depth: number): ExprNode {
    if (level >= LEVELS.length) return this.unary(depth);
    const ops = LEVELS[level] as readonly BinaryOp[];
    let left = this.binary(level + 1, depth);
    for (let op = this.matchOp(ops); op; op = this.matchOp(ops)) {
      left = { kind: 'binary', op, left, right: this.binary(level + 1, depth) };
    }
    return left;
  }

  expectEnd(): void {
    const t = this.peek();
    if (t.kind !== 'end') throw new ExpressionSyntaxError(`unexpected '${t.text}' at offset ${t.at}`, t.at);
  }

  private unary(depth: number): ExprNode {
    if (depth > MAX_DEPTH) throw new ExpressionSyntaxError('expression nests too deeply', this.peek().at);
    if (this.matchPunct('!')) return { kind: 'not', operand: this.unary(depth + 1) };
    return this.postfix(this.primary(depth), depth);
  }

  private postfix(start: ExprNode, depth: number): ExprNode {
    let node = start;
    for (;;) {
      if (this.matchPunct('.')) {
        if (this.matchPunct('*')) node = { kind: 'star', object: node };
        else node = { kind: 'member', object: node, property: this.propertyName() };
      } else if (this.matchPunct('[')) {
        if (this.matchPunct('*')) node = { kind: 'star', object: node };
        else node = { kind: 'index', object: node, index: this.binary(0, depth + 1) };
        this.expectPunct(']');
      } else return node;
    }
  }

  private primary(depth: number): ExprNode {
    const t = this.next();
    if (t.kind === 'number') return { kind: 'literal', value: Number(t.text) };
    if (t.kind === 'string') return { kind: 'literal', value: t.text };
    if (t.kind === 'keyword') return { kind: 'literal', value: t.text === 'null' ? null : t.text === 'true' };
    if (t.kind === 'punct' && t.text === '(') {
      const inner = this.binary(0, depth + 1);
      this.expectPunct(')');
      return inner;
    }
    if (t.kind === 'identifier') {
      if (!this.matchPunct('(')) return { kind: 'context', name: checkContext(t.text, t.at) };
      const args: ExprNode[] = [];
      if (!this.matchPunct(')')) {
        do args.push(this.binary(0, depth + 1));
        while (this.matchPunct(','));
        this.expectPunct(')');
      }
      return { kind: 'call', name: checkCall(t.text, args.length, t.at), args };
    }
    const what = t.kind === 'end' ? 'end of expression' : `'${t.text}'`;
    throw new ExpressionSyntaxError(`unexpected ${what} at offset ${t.at}`, t.at);
  }

  private peek(): Token {
    return this.tokens[this.pos] as Token;
  }

  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'end') this.pos += 1;
    return t;
  }

  private matchPunct(text: string): boolean {
    const t = this.peek();
    if (t.kind !== 'punct' || t.text !== text) return false;
    this.pos += 1;
    return true;
  }

  private matchOp(ops: readonly BinaryOp[]): BinaryOp | undefined {
    const t = this.peek();
    const op = ops.find((o) => t.kind === 'punct' && t.text === o);
    if (op) this.pos += 1;
    return op;
  }

  private expectPunct(text: string): void {
    if (!this.matchPunct(text)) {
      const t = this.peek();
      throw new ExpressionSyntaxError(`expected '${text}' at offset ${t.at}`, t.at);
    }
  }

  private propertyName(): string {
    const t = this.peek();
    if (t.kind !== 'identifier' && t.kind !== 'keyword') {
      throw new ExpressionSyntaxError(`expected a property name at offset ${t.at}`, t.at);
    }
    this.pos += 1;
    return t.text;
  }
}
