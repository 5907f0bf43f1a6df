/** Small text formats the pages share: durations, short commit ids, event names, states. */
import type { CombinedStatus } from '../../../domain/triggers/check-runs.js';
import type { Conclusion, JobStatus, RunEvent, RunStatus } from '../../../ports/model/run.js';
import type { CheckStatus } from '../../../ports/model/trigger.js';

/** The four looks of a status: green check, red cross, yellow dot, grey circle. */
export type StatusLook = 'success' | 'failure' | 'pending' | 'none';

export interface StatusText {
  look: StatusLook;
  /** What the status is, in words (never by colour alone). */
  label: string;
}

const CONCLUSION_TEXT: Record<Conclusion, StatusText> = {
  success: { look: 'success', label: 'Success' },
  failure: { look: 'failure', label: 'Failure' },
  timed_out: { look: 'failure', label: 'Timed out' },
  action_required: { look: 'failure', label: 'Action required' },
  cancelled: { look: 'none', label: 'Cancelled' },
  skipped: { look: 'none', label: 'Skipped' },
  neutral: { look: 'none', label: 'Neutral' },
};

/** A run's, job's or step's state in words and looks. */
export function statusText(status: RunStatus | JobStatus, conclusion: Conclusion | null): StatusText {
  if (status === 'queued') return { look: 'pending', label: 'Queued' };
  if (status === 'running') return { look: 'pending', label: 'In progress' };
  if (conclusion) return CONCLUSION_TEXT[conclusion];
  return status === 'skipped' ? CONCLUSION_TEXT.skipped : CONCLUSION_TEXT.cancelled;
}

/** A check run's state in words and looks. */
export function checkStatusText(status: CheckStatus, conclusion: Conclusion | null): StatusText {
  if (status === 'queued') return { look: 'pending', label: 'Queued' };
  if (status === 'in_progress') return { look: 'pending', label: 'In progress' };
  return conclusion ? CONCLUSION_TEXT[conclusion] : CONCLUSION_TEXT.neutral;
}

/** A commit's combined status in words and looks (grey "No checks" without any). */
export function combinedText(state: CombinedStatus | null): StatusText {
  if (state === 'success') return { look: 'success', label: 'Success' };
  if (state === 'failure') return { look: 'failure', label: 'Failure' };
  if (state === 'pending') return { look: 'pending', label: 'Pending' };
  return { look: 'none', label: 'No checks' };
}

/** `1h 2m`, `3m 4s`, `5s`; an empty string without both ends. */
export function formatDuration(start: Date | null, end: Date | null): string {
  if (!start || !end) return '';
  const totalSeconds = Math.max(0, Math.round((end.getTime() - start.getTime()) / 1000));
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m ${s}s`;
  return `${s}s`;
}

/** Whole seconds as `1h 2m`, `3m 4s`, `5s`. */
export function formatSeconds(seconds: number): string {
  return formatDuration(new Date(0), new Date(seconds * 1000));
}

/** The first 7 characters of a commit id. */
export const shortSha = (sha: string) => sha.slice(0, 7);

const EVENT_WORDS: Record<RunEvent, string> = {
  push: 'push',
  pull_request: 'pull request',
  schedule: 'schedule',
  workflow_dispatch: 'workflow dispatch',
};

/** How "Triggered via …" names the event. */
export const eventWords = (event: RunEvent) => EVENT_WORDS[event] ?? event;

/** A timestamp for people who read the page without JavaScript: `2026-01-02 03:04 UTC`. */
export function formatUtc(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The branch of a `refs/heads/…` ref, else the ref itself. */
export const refName = (ref: string) => (ref.startsWith('refs/heads/') ? ref.slice(11) : ref);

/** `512 B`, `3.4 KiB`, `5.0 MiB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
