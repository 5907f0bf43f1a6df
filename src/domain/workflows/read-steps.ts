/** Builds `WorkflowStep`s: run or uses, the `uses` allowlist and its `with:` keys (SPEC §6). */
import type { DiagnosticList, PathSegment } from './diagnostics.js';
import { MIXED_CONDITION } from './expressions/condition.js';
import { hasExpression, normaliseCondition } from './expressions/template.js';
import type { SupportedAction, WorkflowStep } from './model.js';
import type { RawStep } from './schema-jobs.js';

/** Supported actions → the `with:` keys each accepts. */
export const SUPPORTED_ACTIONS: Readonly<Record<SupportedAction, readonly string[]>> = {
  'actions/checkout@v4': ['fetch-depth', 'ref'],
  'shithub/upload-artifact@v1': ['name', 'path', 'retention-days', 'if-no-files-found'],
  'shithub/download-artifact@v1': ['name', 'path'],
};

const isSupported = (uses: string): uses is SupportedAction => Object.hasOwn(SUPPORTED_ACTIONS, uses);

/** Reads the steps of one job; duplicate step ids are errors. */
export function readSteps(
  raw: readonly RawStep[],
  at: readonly PathSegment[],
  out: DiagnosticList,
): WorkflowStep[] {
  const ids = new Set<string>();
  return raw.map((step, index) => {
    const path = [...at, index];
    if (step.id !== undefined) {
      if (ids.has(step.id)) out.error([...path, 'id'], `duplicate step id '${step.id}'`);
      ids.add(step.id);
    }
    return readStep(step, index, path, out);
  });
}

function readStep(raw: RawStep, index: number, path: PathSegment[], out: DiagnosticList): WorkflowStep {
  if ((raw.run === undefined) === (raw.uses === undefined))
    out.error(path, "a step needs exactly one of 'run' and 'uses'");
  const uses = raw.uses === undefined ? null : checkUses(raw, path, out);
  if (raw.run !== undefined) {
    if (raw.with !== undefined) out.error([...path, 'with'], "'with' belongs to 'uses' steps");
  } else {
    if (raw.shell !== undefined) out.error([...path, 'shell'], "'shell' belongs to 'run' steps");
    if (raw['working-directory'] !== undefined)
      out.error([...path, 'working-directory'], "'working-directory' belongs to 'run' steps");
  }
  return {
    index,
    id: raw.id ?? null,
    name: raw.name ?? defaultName(raw),
    if: readCondition(raw.if, [...path, 'if'], out),
    run: raw.run ?? null,
    uses,
    with: raw.with ?? {},
    env: raw.env ?? {},
    workingDirectory: raw['working-directory'] ?? null,
    shell: raw.shell ?? null,
    continueOnError: raw['continue-on-error'] ?? false,
    timeoutMinutes: raw['timeout-minutes'] ?? null,
  };
}

function checkUses(raw: RawStep, path: PathSegment[], out: DiagnosticList): SupportedAction | null {
  const uses = raw.uses as string;
  if (!isSupported(uses)) {
    out.error([...path, 'uses'], `unsupported action '${uses}'`);
    return null;
  }
  const allowed = SUPPORTED_ACTIONS[uses];
  for (const [key, value] of Object.entries(raw.with ?? {})) {
    if (!allowed.includes(key))
      out.error([...path, 'with', key], `unknown input '${key}' for ${uses} (known: ${allowed.join(', ')})`);
    if (key === 'fetch-depth' && !/^\d+$/.test(value) && !hasExpression(value))
      out.error([...path, 'with', key], 'fetch-depth must be a whole number');
  }
  return uses;
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
