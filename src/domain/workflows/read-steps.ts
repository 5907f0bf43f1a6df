/** Builds `WorkflowStep`s: run or uses, defaults, and values that may be `${{ }}` (SPEC §6). */

import { capMinutes } from './capped-timeouts.js';
import type { DiagnosticList, PathSegment } from './diagnostics.js';
import { MIXED_CONDITION } from './expressions/condition.js';
import { normaliseCondition } from './expressions/template.js';
import type { WorkflowStep } from './model.js';
import type { RunDefaults } from './model-job-parts.js';
import { readUses } from './read-uses.js';
import type { RawStep } from './schema-steps.js';

/** Reads the steps of one job; duplicate step ids are errors; `defaults` fill run steps. */
export function readSteps(
  raw: readonly RawStep[],
  at: readonly PathSegment[],
  out: DiagnosticList,
  defaults: RunDefaults = { shell: null, workingDirectory: null },
): WorkflowStep[] {
  const ids = new Set<string>();
  return raw.map((step, index) => {
    const path = [...at, index];
    if (step.id !== undefined) {
      if (ids.has(step.id)) out.error([...path, 'id'], `duplicate step id '${step.id}'`);
      ids.add(step.id);
    }
    return readStep(step, index, path, out, defaults);
  });
}

function readStep(
  raw: RawStep,
  index: number,
  path: PathSegment[],
  out: DiagnosticList,
  defaults: RunDefaults,
): WorkflowStep {
  if ((raw.run === undefined) === (raw.uses === undefined))
    out.error(path, "a step needs exactly one of 'run' and 'uses'");
  const uses = raw.uses === undefined ? null : readUses(raw, path, out);
  const isRun = raw.run !== undefined;
  if (isRun) {
    if (raw.with !== undefined) out.error([...path, 'with'], "'with' belongs to 'uses' steps");
  } else {
    if (raw.shell !== undefined) out.error([...path, 'shell'], "'shell' belongs to 'run' steps");
    if (raw['working-directory'] !== undefined)
      out.error([...path, 'working-directory'], "'working-directory' belongs to 'run' steps");
  }
  const [continueOnError, continueOnErrorExpr] = split(raw['continue-on-error'], false);
  const [uncappedMinutes, timeoutMinutesExpr] = split(raw['timeout-minutes'], null);
  const timeoutMinutes = capMinutes(uncappedMinutes);
  return {
    index,
    id: raw.id ?? null,
    name: raw.name ?? defaultName(raw),
    if: readCondition(raw.if, [...path, 'if'], out),
    run: raw.run ?? null,
    uses,
    usesSource: raw.uses ?? null,
    with: raw.with ?? {},
    env: raw.env ?? {},
    workingDirectory: raw['working-directory'] ?? (isRun ? defaults.workingDirectory : null),
    shell: raw.shell ?? (isRun ? defaults.shell : null),
    continueOnError,
    continueOnErrorExpr,
    timeoutMinutes,
    timeoutMinutesExpr,
  };
}

/** A value or its `${{ }}` template: `[value, null]`, or `[fallback, template]`. */
export function split<T extends number | boolean, F>(
  raw: T | string | undefined,
  fallback: F,
): [T | F, string | null] {
  if (raw === undefined) return [fallback, null];
  return typeof raw === 'string' ? [fallback, raw] : [raw, null];
}

/** GitHub's display name: `Run <first line of the script>` or `Run <action>`. */
function defaultName(raw: RawStep): string {
  const first = raw.run?.trim().split('\n')[0]?.trim();
  return `Run ${first ?? raw.uses ?? ''}`;
}

/** The condition without `${{ }}` ('' when absent); mixed `${{ }}` and text is an error. */
export function readCondition(
  raw: string | undefined,
  path: readonly PathSegment[],
  out: DiagnosticList,
): string {
  if (raw === undefined) return '';
  try {
    const condition = normaliseCondition(raw);
    if (condition === null) out.error(path, MIXED_CONDITION);
    return condition ?? raw;
  } catch {
    return raw; // an unclosed `${{`: the expression check reports it
  }
}
