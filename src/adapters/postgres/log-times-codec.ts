/**
 * `workflow_step_log_times.marks`: a step's `LogTimeMark`s as compact text. Each mark is
 * `offset.at` in base 36, both as the difference from the mark before (the first from 0),
 * marks separated by commas: 4,096 marks of a long step take some 30 KiB.
 */
import type { LogTimeMark } from '../../ports/step-log-archive.js';

export function encodeLogTimes(marks: readonly LogTimeMark[]): string {
  let offset = 0;
  let at = 0;
  return marks
    .map(([o, t]) => {
      const text = `${(o - offset).toString(36)}.${(t - at).toString(36)}`;
      offset = o;
      at = t;
      return text;
    })
    .join(',');
}

/** The marks of `text`; anything that does not parse reads as no marks (times are a display aid). */
export function decodeLogTimes(text: string): LogTimeMark[] {
  if (text === '') return [];
  let offset = 0;
  let at = 0;
  const marks: LogTimeMark[] = [];
  for (const part of text.split(',')) {
    const [o, t] = part.split('.');
    const dOffset = Number.parseInt(o ?? '', 36);
    const dAt = Number.parseInt(t ?? '', 36);
    if (!Number.isSafeInteger(dOffset) || !Number.isSafeInteger(dAt)) return [];
    offset += dOffset;
    at += dAt;
    marks.push([offset, at]);
  }
  return marks;
}
