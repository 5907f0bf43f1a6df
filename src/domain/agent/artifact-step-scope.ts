/** What the two artifact steps share: their interpolated inputs, their transfer scope, how a transfer ends. */

import { interpolate } from '../workflows/expressions/template.js';
import type { TransferResult, TransferScope } from './artifact-transfer.js';
import { outerContext } from './composite-scope.js';
import type { ExecuteStepDeps, ExecuteStepInput, StepConclusion } from './execute-step.js';
import type { StepLog } from './step-log.js';

/** The step's `with:` values with their `${{ }}` expressions evaluated where the step stands. */
export function artifactInputs(deps: ExecuteStepDeps, input: ExecuteStepInput): Record<string, string> {
  const { context } = outerContext(deps, input);
  return Object.fromEntries(
    Object.entries(input.step.with).map(([key, value]) => [key, interpolate(String(value), context)]),
  );
}

export function artifactScope(input: ExecuteStepInput): TransferScope {
  return { jobId: input.job.id, channel: input.channel, cancel: input.cancel, deadline: input.deadline };
}

/** The transferred value, or the conclusion the step ends with (its reason logged). */
export function transferEnd<T>(result: TransferResult<T>, stepLog: StepLog): T | StepConclusion {
  if (result.kind === 'ok') return result.value;
  if (result.kind === 'failed') {
    stepLog.line(`error: ${result.message}`);
    return 'failure';
  }
  stepLog.line(
    result.conclusion === 'cancelled'
      ? 'shithub-runner: the job was cancelled; the transfer was stopped'
      : 'shithub-runner: the step ran past its timeout; the transfer was stopped',
  );
  return result.conclusion;
}
