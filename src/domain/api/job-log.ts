/** The raw log download of one job (SPEC §11; facts §1.8). */
import type { Step } from '../../ports/model/run.js';
import type { RunQueries } from '../../ports/run-queries.js';
import type { RunStore } from '../../ports/run-store.js';
import { concatBytes } from '../bytes.js';

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
 * lines around its stored chunks (in `seq` order, bytes as stored; a missing final newline
 * is added). Steps whose logs left the database for the object store read empty until the
 * archive reader is wired (TODO(#4)). Read-only.
 */
export async function readJobLog(
  deps: { runs: RunStore; runQueries: RunQueries },
  input: { jobId: number },
): Promise<Uint8Array<ArrayBuffer>> {
  const steps = await deps.runs.listSteps([input.jobId]);
  const chunks = await deps.runQueries.listLogChunks(steps.map((s) => s.id));
  const parts: Uint8Array[] = [];
  for (const step of steps) {
    parts.push(encoder.encode(`##[group]${stepDisplayName(step).replace(/[\r\n]+/g, ' ')}\n`));
    const own = chunks.filter((c) => c.stepId === step.id);
    for (const c of own) parts.push(c.chunk);
    const last = own.filter((c) => c.chunk.length > 0).at(-1)?.chunk;
    if (last && last.length > 0 && last[last.length - 1] !== 0x0a) parts.push(encoder.encode('\n'));
    parts.push(encoder.encode('##[endgroup]\n'));
  }
  return concatBytes(parts);
}
