/** The built-in functions of the expression language, with GitHub's semantics. */
import { invalid } from '../../errors.js';
import { type ExprValue, looseEquals, toExprValue, toText } from './values.js';

export type CheckStatus = 'success' | 'failure' | 'cancelled';

const failed = (message: string) => invalid('workflow.expression_failed', message);

/** What functions may read besides their arguments. */
export interface FunctionScope {
  /** What `success()` / `failure()` / `cancelled()` see. */
  status: CheckStatus;
  /** `hashFiles(patterns…)` over the workspace; only the runner can supply it. */
  hashFiles?: ((patterns: readonly string[]) => string) | undefined;
}

/**
 * Calls a function already checked by the parser (canonical name, argument count). Throws
 * DomainError invalid `workflow.expression_failed` when it fails or `hashFiles` is not supplied.
 */
export function callFunction(name: string, args: readonly ExprValue[], scope: FunctionScope): ExprValue {
  const { status } = scope;
  const [a = null, b = null] = args;
  switch (name) {
    case 'contains':
      if (Array.isArray(a)) return a.some((item) => looseEquals(item, b));
      return toText(a).toUpperCase().includes(toText(b).toUpperCase());
    case 'startsWith':
      return toText(a).toUpperCase().startsWith(toText(b).toUpperCase());
    case 'endsWith':
      return toText(a).toUpperCase().endsWith(toText(b).toUpperCase());
    case 'format':
      return format(toText(a), args.slice(1));
    case 'join':
      return Array.isArray(a) ? a.map(toText).join(args.length > 1 ? toText(b) : ',') : toText(a);
    case 'toJSON':
      return JSON.stringify(a, null, 2);
    case 'fromJSON':
      return fromJson(toText(a));
    case 'hashFiles':
      if (!scope.hashFiles) throw failed('hashFiles() is evaluated by the runner, in the workspace');
      return scope.hashFiles(args.map(toText));
    case 'success':
      return status === 'success';
    case 'failure':
      return status === 'failure';
    case 'cancelled':
      return status === 'cancelled';
    case 'always':
      return true;
    default:
      throw failed(`unknown function '${name}'`);
  }
}

/** `format('{0} and {1}', a, b)`; `{{` and `}}` stand for literal braces. */
function format(template: string, args: readonly ExprValue[]): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const ch = template[i] as string;
    const pair = template.slice(i, i + 2);
    if (pair === '{{' || pair === '}}') {
      out += ch;
      i += 2;
    } else if (ch === '{') {
      const m = /^\{(\d+)\}/.exec(template.slice(i));
      const index = m ? Number(m[1]) : -1;
      if (!m || index >= args.length) throw failed(`format(): bad placeholder at offset ${i}`);
      out += toText(args[index] ?? null);
      i += m[0].length;
    } else if (ch === '}') {
      throw failed(`format(): unmatched '}' at offset ${i}`);
    } else {
      out += ch;
      i += 1;
    }
  }
  return out;
}

function fromJson(text: string): ExprValue {
  try {
    return toExprValue(JSON.parse(text));
  } catch {
    // The text is not quoted back: it may hold a secret.
    throw failed('fromJSON(): the argument is not valid JSON');
  }
}
