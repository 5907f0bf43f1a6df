/**
 * When each line of a step's log arrived, for the job page's timestamps (SPEC §17, issue #9).
 * The stored bytes carry no times (they are the raw download, unchanged); the server knows
 * when it stored each chunk, and the runner flushes a step's output about once a second, so
 * a line's time is its chunk's to within that flush. A step keeps its marks past
 * finalisation (`StoredStepLog.archivedTimes`), at most `MAX_TIME_MARKS` of them: a longer
 * step's times are thinned, and a line then shows the time of an earlier chunk.
 */
import type { StepLogChunk } from '../../ports/model/run.js';
import type { ArchivedLog, LogTimeMark } from '../../ports/step-log-archive.js';

export const MAX_TIME_MARKS = 4096;

const NEWLINE = 0x0a;

/** The marks of a stored log: the archived part's, then one per SQL chunk; compacted. */
export function storedLogTimes(stored: {
  archived: ArchivedLog | null;
  archivedTimes: readonly LogTimeMark[];
  chunks: readonly StepLogChunk[];
}): LogTimeMark[] {
  const marks: LogTimeMark[] = [...stored.archivedTimes];
  let offset = stored.archived?.byteCount ?? 0;
  for (const c of stored.chunks) {
    marks.push([offset, c.createdAt.getTime()]);
    offset += c.chunk.length;
  }
  return compactTimes(marks);
}

/**
 * The same times with fewer marks: a mark at the offset of the one before replaces it (that
 * one covered no byte), a mark with the time of the one before adds nothing, and past
 * `max` every second mark goes until they fit.
 */
export function compactTimes(marks: readonly LogTimeMark[], max = MAX_TIME_MARKS): LogTimeMark[] {
  let out: LogTimeMark[] = [];
  for (const mark of marks) {
    if (out.length > 0 && out[out.length - 1]![0] >= mark[0]) out.pop();
    if (out.length > 0 && out[out.length - 1]![1] === mark[1]) continue;
    out.push(mark);
  }
  while (out.length > max) out = out.filter((_, i) => i % 2 === 0);
  return out;
}

/**
 * The time of each of the `count` lines that start in `bytes` (which begin at byte `offset`
 * of the log, at a line's start): the time of the mark covering the line's first byte, null
 * before the first mark (a log archived before times were kept).
 */
export function lineTimes(
  marks: readonly LogTimeMark[],
  offset: number,
  bytes: Uint8Array,
  count: number,
): (number | null)[] {
  const times = new Array<number | null>(count).fill(null);
  if (marks.length === 0 || count === 0) return times;
  // The last mark at or before `offset`.
  let lo = 0;
  let hi = marks.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (marks[mid]![0] <= offset) lo = mid + 1;
    else hi = mid;
  }
  let m = lo - 1;
  let pos = 0;
  for (let i = 0; i < count; i++) {
    const at = offset + pos;
    while (m + 1 < marks.length && marks[m + 1]![0] <= at) m++;
    times[i] = m >= 0 ? marks[m]![1] : null;
    const newline = bytes.indexOf(NEWLINE, pos);
    if (newline < 0) break;
    pos = newline + 1;
  }
  return times;
}
