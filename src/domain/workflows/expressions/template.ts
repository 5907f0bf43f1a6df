/** Text with `${{ … }}` placeholders: splitting, interpolation and `if:` normalisation. */
import { invalid } from '../../errors.js';
import { type ExpressionContext, evaluate } from './evaluate.js';
import { type ExprValue, toText } from './values.js';

export type TemplatePart = { kind: 'text'; text: string } | { kind: 'expr'; source: string; at: number };

/**
 * Splits text into literal parts and expression sources. The closing `}}` is searched outside
 * string literals, so `${{ format('{{0}}') }}` works. Throws DomainError invalid
 * `workflow.expression_syntax` for an unclosed `${{`.
 */
export function splitTemplate(text: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let from = 0;
  for (let open = text.indexOf('${{', from); open !== -1; open = text.indexOf('${{', from)) {
    if (open > from) parts.push({ kind: 'text', text: text.slice(from, open) });
    const close = findClose(text, open + 3);
    if (close === -1)
      throw invalid('workflow.expression_syntax', `'\${{' at offset ${open} is never closed with '}}'`);
    parts.push({ kind: 'expr', source: text.slice(open + 3, close).trim(), at: open });
    from = close + 2;
  }
  if (from < text.length) parts.push({ kind: 'text', text: text.slice(from) });
  return parts;
}

function findClose(text: string, from: number): number {
  let inString = false;
  for (let i = from; i < text.length; i += 1) {
    const ch = text[i];
    if (ch === "'") inString = !inString;
    else if (!inString && ch === '}' && text[i + 1] === '}') return i;
  }
  return -1;
}

/** True when the text holds at least one `${{`. */
export function hasExpression(text: string): boolean {
  return text.includes('${{');
}

/**
 * Replaces every `${{ expr }}` with its value as text (null → '', objects → 'Object'/'Array').
 * Throws DomainError invalid on bad syntax or a failing function.
 */
export function interpolate(text: string, context: ExpressionContext): string {
  return splitTemplate(text)
    .map((part) => (part.kind === 'text' ? part.text : toText(evaluate(part.source, context))))
    .join('');
}

/**
 * The expression of an `if:` value. A condition is an expression with or without `${{ }}`;
 * a value that is exactly one `${{ … }}` is unwrapped. Returns null when `${{ }}` is mixed
 * with other text (GitHub would treat that as an always-true string).
 */
export function normaliseCondition(raw: string): string | null {
  const trimmed = raw.trim();
  if (!hasExpression(trimmed)) return trimmed;
  const parts = splitTemplate(trimmed);
  const only = parts[0];
  return parts.length === 1 && only?.kind === 'expr' ? only.source : null;
}

/** The value of a single-expression template (`${{ x }}` → x's value), else the interpolated text. */
export function evaluateTemplate(text: string, context: ExpressionContext): ExprValue {
  const parts = splitTemplate(text.trim());
  const only = parts[0];
  if (parts.length === 1 && only?.kind === 'expr') return evaluate(only.source, context);
  return interpolate(text, context);
}
