/**
 * Why a queued job waits, in the run page's words (SPEC §9.4): a headline a person acts on
 * (`Waiting for runner with labels: windows-latest`, `Waiting for approval`, `Waiting for a
 * runner to be undrained`) and how many runners match. The domain's sentence
 * (`waiting_message` in the API) stays the detail.
 */
import type { WaitingReason } from '../../../domain/jobs/waiting-reason.js';

const HEADLINES: Partial<Record<WaitingReason['code'], string>> = {
  awaiting_approval: 'Waiting for approval',
  runners_draining: 'Waiting for a runner to be undrained',
  runners_offline: 'Waiting for a matching runner to come online',
  runners_busy: 'Waiting for a matching runner to free up',
  actions_disabled: 'Waiting for Actions to be enabled',
  max_parallel: 'Waiting for another job of the matrix to finish',
  repo_cap: "Waiting for the repository's concurrent job limit",
  owner_cap: "Waiting for the owner's concurrent job limit",
};

const POOL_CODES = new Set(['runners_draining', 'runners_offline', 'runners_busy']);

export interface WaitingText {
  headline: string;
  /** The domain's sentence when it adds something to the headline. */
  detail: string | null;
  /** `0 runners match` … — only for reasons about the runner pool. */
  matching: string | null;
}

export function waitingText(reason: WaitingReason): WaitingText {
  const headline = HEADLINES[reason.code] ?? reason.message;
  const detail = headline === reason.message ? null : reason.message;
  let matching: string | null = null;
  if (reason.code === 'no_matching_runner') matching = '0 runners match these labels';
  else if (POOL_CODES.has(reason.code)) {
    const n = Number(reason.detail);
    matching = `${n} matching ${n === 1 ? 'runner' : 'runners'}`;
  }
  return { headline, detail, matching };
}
