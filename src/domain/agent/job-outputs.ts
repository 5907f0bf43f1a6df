/**
 * The job's `outputs:` (GitHub's semantics): each template evaluated when the job ends, with
 * the `steps` context as it stands then, scrubbed with the job's mask set (a masked value
 * is never reported in clear), at most 1 MiB in all — past that, or when a template fails,
 * the job fails with an error annotation and reports no outputs.
 */
import type { Annotation } from '../../ports/model/annotation.js';
import { isDomainError } from '../errors.js';
import { scrubText } from '../logs/scrubber.js';
import type { CheckStatus } from '../workflows/expressions/functions.js';
import { interpolate } from '../workflows/expressions/template.js';
import type { ExecuteStepDeps } from './execute-step.js';
import type { JobProgress } from './job-outcome.js';
import { putValue } from './job-state.js';
import type { RunScope } from './run-scope.js';
import { expressionContext, resolveJobEnv } from './step-context.js';
import { stepPlace } from './step-place.js';

/** GitHub's limit on a job's outputs (names and values, UTF-8). */
export const MAX_JOB_OUTPUTS_BYTES = 1024 * 1024;

export type JobOutputs =
  | { ok: true; outputs: Record<string, string> }
  | { ok: false; annotation: Annotation };

/** Evaluates the job's `outputs:`; `status` is what `success()` / `job.status` see. */
export function evaluateJobOutputs(
  deps: Pick<ExecuteStepDeps, 'engine' | 'files'>,
  scope: RunScope,
  status: CheckStatus,
): JobOutputs {
  const templates = Object.entries(scope.job.outputs ?? {});
  const outputs: Record<string, string> = {};
  if (templates.length === 0) return { ok: true, outputs };
  const masks = scope.state.masks.current();
  let bytes = 0;
  try {
    const place = stepPlace(deps, { ...scope, status });
    const env = resolveJobEnv(scope.job, place);
    const context = expressionContext(scope.job, { ...place, env: env.env, tainted: env.taintedEnv });
    for (const [name, template] of templates) {
      const value = scrubText(interpolate(template, context), masks).output;
      bytes += Buffer.byteLength(name) + Buffer.byteLength(value);
      putValue(outputs, name, value);
    }
  } catch (err) {
    if (!isDomainError(err)) throw err;
    return failed(`job outputs: ${err.message}`);
  }
  if (bytes > MAX_JOB_OUTPUTS_BYTES)
    return failed(`job outputs hold ${bytes} bytes, more than the 1 MiB a job may pass on; none were kept`);
  return { ok: true, outputs };
}

function failed(message: string): JobOutputs {
  const annotation: Annotation = {
    level: 'error',
    message,
    title: null,
    file: null,
    line: null,
    endLine: null,
    column: null,
    endColumn: null,
  };
  return { ok: false, annotation };
}

/** What a job's final report carries beyond its result. */
export type JobReportExtras = {
  outputs?: Record<string, string>;
  annotations?: Annotation[];
  addMasks?: string[];
};

/**
 * The job's conclusion and what its final report carries: its evaluated `outputs:` (not for
 * a cancelled job), an error annotation when they failed (the job then fails), and the
 * `::add-mask::` values not sent yet.
 */
export function endOfJob(
  deps: Pick<ExecuteStepDeps, 'engine' | 'files'>,
  scope: RunScope,
  progress: JobProgress,
): { conclusion: JobProgress['conclusion']; extras: JobReportExtras } {
  const extras: JobReportExtras = {};
  let conclusion = progress.conclusion;
  if (conclusion !== 'cancelled') {
    const evaluated = evaluateJobOutputs(deps, scope, progress.status);
    if (evaluated.ok && Object.keys(evaluated.outputs).length > 0) extras.outputs = evaluated.outputs;
    if (!evaluated.ok) {
      extras.annotations = [evaluated.annotation];
      if (conclusion === 'success') conclusion = 'failure';
    }
  }
  const unsent = scope.state.masks.takeUnsent();
  if (unsent.length > 0) extras.addMasks = unsent;
  return { conclusion, extras };
}
