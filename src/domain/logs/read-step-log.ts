/**
 * Reading one step's log wherever it lives (SPEC §11): the archived part from the object
 * store, then the chunks still in SQL — while a step is hot that is all SQL, after
 * finalisation all object, and a chunk that arrived after finalisation follows the object.
 * Callers (the raw download, the UI, the live tail) see one byte stream either way, and
 * the same bytes before and after finalisation. Read-only.
 */
import type { ByteRange, ObjectStore } from '../../ports/object-store.js';
import type { LogTimeMark, StepLogArchive } from '../../ports/step-log-archive.js';
import { concatBytes } from '../bytes.js';
import { DomainError, notFound } from '../errors.js';
import { storedLogTimes } from './log-times.js';

export type ReadStepLogDeps = { stepLogs: StepLogArchive; objects: ObjectStore };

export interface StepLogBytes {
  /** The whole log's length in bytes. */
  totalBytes: number;
  /** Where `bytes` starts in the log. */
  offset: number;
  /** The requested range (the whole log without one), cut at the end of the log. */
  bytes: Uint8Array<ArrayBuffer>;
  /** True when any part was read from the object store. */
  archived: boolean;
  /** When the whole log's parts arrived (offsets in the whole log): see `log-times.ts`. */
  times: LogTimeMark[];
}

/**
 * The step's log, or `range` of it. not_found `step.not_found` for an unknown step;
 * unavailable `log.archive_missing` when the step's archived object cannot be read.
 */
export async function readStepLog(
  deps: ReadStepLogDeps,
  stepId: number,
  range?: ByteRange,
): Promise<StepLogBytes> {
  const stored = await deps.stepLogs.readStoredLog(stepId);
  if (!stored) throw notFound('step.not_found', `step ${stepId} not found`);
  const archivedBytes = stored.archived?.byteCount ?? 0;
  const totalBytes = archivedBytes + stored.chunks.reduce((n, c) => n + c.chunk.length, 0);
  const start = Math.min(Math.max(range?.offset ?? 0, 0), totalBytes);
  const end =
    range?.length === undefined ? totalBytes : Math.min(totalBytes, start + Math.max(range.length, 0));
  const parts: Uint8Array[] = [];
  let read = false;
  if (stored.archived && start < Math.min(end, archivedBytes)) {
    const length = Math.min(end, archivedBytes) - start;
    const body = await deps.objects.get(stored.archived.key, { offset: start, length });
    if (!body)
      throw new DomainError(
        'unavailable',
        'log.archive_missing',
        `the archived log of step ${stepId} is missing`,
      );
    for await (const piece of body) parts.push(piece);
    read = true;
  }
  let at = archivedBytes;
  for (const c of stored.chunks) {
    const from = Math.max(start, at);
    const to = Math.min(end, at + c.chunk.length);
    if (from < to) parts.push(c.chunk.subarray(from - at, to - at));
    at += c.chunk.length;
  }
  return {
    totalBytes,
    offset: start,
    bytes: concatBytes(parts),
    archived: read,
    times: storedLogTimes(stored),
  };
}
