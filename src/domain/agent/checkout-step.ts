/** The `actions/checkout` step on the runner host, with its honoured inputs (`checkout-inputs.ts`). */
import { whenAborted } from './await-step-end.js';
import { checkoutInputs } from './checkout-inputs.js';
import type { ExecuteStepDeps, ExecuteStepInput, StepConclusion } from './execute-step.js';
import { repositoryName } from './step-context.js';

/** Checks out the run's commit (or `with: ref`) and returns how the step ended. */
export async function runCheckout(deps: ExecuteStepDeps, input: ExecuteStepInput): Promise<StepConclusion> {
  const { job, stepLog } = input;
  const inputs = checkoutInputs(input.step.with, repositoryName(job.checkoutUrl));
  for (const warning of inputs.warnings) stepLog.line(warning);
  const sha =
    inputs.ref === '' ? job.headSha : /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(inputs.ref) ? inputs.ref : '';
  const ref = inputs.ref === '' || sha !== '' ? job.headRef : inputs.ref;
  stepLog.line(`Checking out ${job.checkoutUrl} at ${sha === '' ? ref : sha}`);
  const abort = new AbortController();
  const local = new AbortController();
  let reason: StepConclusion = 'failure';
  void whenAborted(input.cancel, local.signal).then(() => {
    reason = 'cancelled';
    abort.abort();
  });
  void deps.timer.sleep(input.deadline.getTime() - deps.clock.now().getTime(), local.signal).then(() => {
    if (local.signal.aborted) return;
    reason = 'timed_out';
    abort.abort();
  });
  try {
    const result = await deps.checkout.checkout(
      {
        workspace: input.workspace,
        ...(inputs.path === '' ? {} : { path: inputs.path }),
        url: job.checkoutUrl,
        token: job.checkoutToken,
        sha,
        ref,
        fetchDepth: inputs.fetchDepth,
      },
      (bytes) => stepLog.write(bytes),
      abort.signal,
    );
    if (abort.signal.aborted) return reason;
    if (!result.ok) {
      stepLog.line(`checkout failed: ${result.message}`);
      return 'failure';
    }
    stepLog.line(`HEAD is now at ${sha === '' ? ref : sha}`);
    return 'success';
  } finally {
    local.abort();
  }
}
