/** `POST /jobs/{id}/cancel-check` (SPEC §7.2). */
import type { JobTokens, MintedJobToken } from '../../ports/job-tokens.js';
import type { JobCall } from './authorise-job-call.js';
import { type CommitDeps, commitJobCall, mintApiToken } from './commit-job-call.js';

/**
 * Whether the runner should stop the job: a cancel was requested, or the server already
 * ended the job itself (lost runner, deadline) — read in the transaction that spends the
 * token. Answers the next token.
 */
export async function checkCancel(
  deps: CommitDeps & { jobTokens: JobTokens },
  call: JobCall,
): Promise<{ cancelled: boolean; nextToken: MintedJobToken }> {
  const cancelled = await commitJobCall(deps, call, 'first', async (tx, now) => {
    const [job] = await tx.lifecycle.transaction(now, (ledger) => ledger.lockJobs([call.job.id]));
    return job ? job.cancelRequested || job.statusReason !== null : true;
  });
  return { cancelled, nextToken: await mintApiToken(deps, call.token) };
}
