/** The raw log download of one job (SPEC §11; facts §1.8). */
import type { Step } from '../../ports/model/run.js';
import type { RunStore } from '../../ports/run-store.js';
import { concatBytes } from '../bytes.js';
import { type ReadStepLogDeps, readStepLog } from '../logs/read-step-log.js';

const encoder = new TextEncoder();

/**
 * How a step is named to people: its `name`, else `Run <first line of the script>`, else
 * the action it uses, else `Step <n>`.
 */
export function stepDisplayName(
  step: Pick<Step, 'stepName' | 'runCommand' | 'usesAlias' | 'stepIndex'>,
): string {
  if (step.stepName.trim() !== '') return step.stepName;
  const firstLine = step.runCommand.trim().split('\n')[0]?.trim() ?? '';
  if (firstLine !== '') return `Run ${firstLine}`;
  if (step.usesAlias !== '') return `Run ${step.usesAlias}`;
  return `Step ${step.stepIndex + 1}`;
}

/**
 * Every step of the job in step order, each wrapped in `##[group]<name>` / `##[endgroup]`
 * lines around its log as `readStepLog` reads it (SQL chunks while hot, the archived object
 * after finalisation: the same bytes either way; a missing final newline is added).
 * Read-only.
 */
export async function readJobLog(
  deps: ReadStepLogDeps & { runs: RunStore },
  input: { jobId: number },
): Promise<Uint8Array<ArrayBuffer>> {
  const steps = await deps.runs.listSteps([input.jobId]);
  const parts: Uint8Array[] = [];
  for (const step of steps) {
    parts.push(encoder.encode(`##[group]${stepDisplayName(step).replace(/[\r\n]+/g, ' ')}\n`));
    const { bytes } = await readStepLog(deps, step.id);
    parts.push(bytes);
    if (bytes.length > 0 && bytes[bytes.length - 1] !== 0x0a) parts.push(encoder.encode('\n'));
    parts.push(encoder.encode('##[endgroup]\n'));
  }
  return concatBytes(parts);
}
