/**
 * The job page's log view settings and the live tail's cursor (SPEC §17, issue #9). The
 * cursor is what a Server-Sent Events client sends back as `Last-Event-ID`: each step's
 * bytes and lines already shown, in step order (`bytes.lines,bytes.lines,…`).
 */

import type { WholeLogLimits } from '../../../domain/api/job-log-page.js';
import type { TailPosition } from '../../../domain/api/job-log-tail.js';
import { invalid } from '../../../domain/errors.js';

/** A step log past either limit is shown as a window and paged in by the browser. */
export const WHOLE_LOG_LIMITS: WholeLogLimits = { maxBytes: 256 * 1024, maxLines: 3000 };
/** Lines of a big log the page itself carries (the view without JavaScript). */
export const WINDOW_LINES = 100;
/** The most lines one `lines` request answers. */
export const MAX_PAGE_LINES = 1000;
/** The most matches one search answers (the total is always counted). */
export const MAX_SEARCH_MATCHES = 1000;

/** Live tail timing: how often it reads, and how long one connection lasts before the browser reconnects. */
export interface LiveTailTiming {
  pollMs: number;
  maxMs: number;
  /** New bytes per step per read, at most (whole lines). */
  maxBytes: number;
}

export const DEFAULT_LIVE_TAIL: LiveTailTiming = { pollMs: 500, maxMs: 5 * 60_000, maxBytes: 256 * 1024 };

const MAX_STEPS = 1000;
const POSITION = /^(\d{1,12})\.(\d{1,9})$/;

/** `bytes.lines,…` for the positions. */
export function formatTailCursor(positions: readonly TailPosition[]): string {
  return positions.map((p) => `${p.bytes}.${p.lines}`).join(',');
}

/** The positions of a cursor ('' is the start). invalid `live.cursor_invalid` for anything else. */
export function parseTailCursor(text: string): TailPosition[] {
  if (text === '') return [];
  const parts = text.split(',');
  const positions = parts.map((part) => {
    const m = POSITION.exec(part);
    return m ? { bytes: Number(m[1]), lines: Number(m[2]) } : null;
  });
  if (parts.length > MAX_STEPS || positions.some((p) => p === null)) {
    throw invalid('live.cursor_invalid', 'the live log position is not valid');
  }
  return positions as TailPosition[];
}
