/**
 * Injection safety for `run:` scripts (SPEC §6, facts §7): tainted or secret values never
 * become shell text. They are passed as `SHITHUB_INPUT_<n>` environment variables and the
 * script refers to them as `${SHITHUB_INPUT_<n>}`, which the shell expands without re-parsing.
 */
import { type ExpressionContext, evaluate, parseOrThrow } from './expressions/evaluate.js';
import { readsTaintedData } from './expressions/taint.js';
import { splitTemplate } from './expressions/template.js';
import { type ExprValue, toText } from './expressions/values.js';

/** Prefix of the variables that carry tainted values; user `env:` keys may not start with it. */
export const TAINTED_INPUT_PREFIX = 'SHITHUB_INPUT_';

export interface RenderedScript {
  script: string;
  /** `SHITHUB_INPUT_<n>` → value, numbered from 0 in order of appearance. */
  env: Record<string, string>;
}

/**
 * Replaces the `${{ }}` of a run script: untainted values are spliced as text, tainted ones
 * become variable references. Throws DomainError invalid on bad syntax or a failing function.
 */
export function renderRunScript(run: string, context: ExpressionContext): RenderedScript {
  const env: Record<string, string> = {};
  let script = '';
  let counter = 0;
  for (const part of splitTemplate(run)) {
    if (part.kind === 'text') {
      script += part.text;
      continue;
    }
    const node = parseOrThrow(part.source);
    const value = toText(evaluate(node, context));
    if (!readsTaintedData(node, context.taintedEnv)) {
      script += value;
      continue;
    }
    const name = `${TAINTED_INPUT_PREFIX}${counter}`;
    counter += 1;
    env[name] = value;
    script += `\${${name}}`;
  }
  return { script, env };
}

export interface ResolvedEnv {
  env: Record<string, string>;
  /** Keys whose value was derived from event data, inputs or secrets. */
  taintedEnv: Set<string>;
}

/**
 * Resolves `env:` maps from the outside in (workflow, job, step): each layer's values are
 * interpolated with `env` holding the layers before it, and a key is marked tainted when its
 * value read tainted data. A later layer's untainted value clears the mark. `start` is what
 * the layers build on (literal values, e.g. from `$GITHUB_ENV`). Throws DomainError invalid on bad syntax or a failing function.
 */
export function resolveEnv(
  layers: readonly Record<string, string>[],
  context: ExpressionContext,
  start: ResolvedEnv = { env: {}, taintedEnv: new Set() },
): ResolvedEnv {
  const env: Record<string, string> = { ...start.env };
  const taintedEnv = new Set<string>(start.taintedEnv);
  for (const layer of layers) {
    const scope: ExpressionContext = {
      ...context,
      contexts: { ...context.contexts, env: { ...env } as Record<string, ExprValue> },
      taintedEnv: new Set(taintedEnv),
    };
    for (const [key, raw] of Object.entries(layer)) {
      let tainted = false;
      let value = '';
      for (const part of splitTemplate(raw)) {
        if (part.kind === 'text') value += part.text;
        else {
          const node = parseOrThrow(part.source);
          tainted ||= readsTaintedData(node, scope.taintedEnv);
          value += toText(evaluate(node, scope));
        }
      }
      // defineProperty keeps a `__proto__` key as data.
      Object.defineProperty(env, key, { value, enumerable: true, writable: true, configurable: true });
      if (tainted) taintedEnv.add(key);
      else taintedEnv.delete(key);
    }
  }
  return { env, taintedEnv };
}
