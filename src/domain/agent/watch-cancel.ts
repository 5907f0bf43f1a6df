/**
 * The cancel check (SPEC §10.3): every 2 s while a step runs, ask the server through the
 * job's chain whether a cancel was requested. A yes aborts `cancel`; so does any refusal
 * or a job that is gone: the server no longer counts the job as running here.
 */
import type { ControlPlane } from '../../ports/control-plane.js';
import type { Timer } from '../../ports/timer.js';
import type { JobChannel } from './job-channel.js';

export const CANCEL_CHECK_INTERVAL_MS = 2000;

/** Checks until `until` aborts or the job is cancelled; resolves then. */
export async function watchCancel(
  deps: { controlPlane: ControlPlane; timer: Timer },
  input: { jobId: number; channel: JobChannel; cancel: AbortController; until: AbortSignal },
): Promise<void> {
  while (!input.until.aborted && !input.cancel.signal.aborted) {
    await deps.timer.sleep(CANCEL_CHECK_INTERVAL_MS, input.until);
    if (input.until.aborted || input.cancel.signal.aborted) return;
    const answer = await input.channel.call('cancel-check', (token) =>
      deps.controlPlane.checkCancel(input.jobId, token),
    );
    if (answer.kind !== 'ok' || answer.value) input.cancel.abort();
  }
}
