/**
 * The object store's key naming (SPEC §11, §16; docs/storage-and-retention.md). Everything
 * a run owns lives under `actions/runs/<run_id>/`, so deleting a run's objects is one
 * prefix listing, and the retention sweep refuses to delete anything outside that tree.
 */
import { invalid } from '../errors.js';

/** The root of every object a workflow run owns. */
export const RUNS_PREFIX = 'actions/runs/';

/** Longest key accepted (S3 allows 1024 bytes). */
const MAX_KEY_BYTES = 1024;

/**
 * Refuses a key that could escape a folder or confuse a store: empty, too long, an empty,
 * `.` or `..` segment, a leading `/`, NUL or a backslash. invalid `object.key_invalid`.
 */
export function checkObjectKey(key: string): string {
  const bad = (why: string) => invalid('object.key_invalid', `object key ${JSON.stringify(key)} ${why}`);
  if (key === '' || Buffer.byteLength(key) > MAX_KEY_BYTES) throw bad(`must be 1..${MAX_KEY_BYTES} bytes`);
  if (key.includes('\0') || key.includes('\\')) throw bad('must not contain NUL or a backslash');
  if (key.startsWith('/')) throw bad('must not be absolute');
  for (const segment of key.split('/')) {
    if (segment === '' || segment === '.' || segment === '..') {
      throw bad('must not have an empty, "." or ".." segment');
    }
  }
  return key;
}

/** `actions/runs/<run_id>/`: the prefix of everything the run owns. */
export function runObjectPrefix(runId: number): string {
  return `${RUNS_PREFIX}${runId}/`;
}

/** `actions/runs/<run_id>/jobs/<job_id>/steps/<step_index>.log`: a step's finalised log. */
export function stepLogKey(step: { runId: number; jobId: number; stepIndex: number }): string {
  return `${runObjectPrefix(step.runId)}jobs/${step.jobId}/steps/${step.stepIndex}.log`;
}

/** `actions/runs/<run_id>/artifacts/`: where the run's artifacts are stored. */
export function artifactPrefix(runId: number): string {
  return `${runObjectPrefix(runId)}artifacts/`;
}

/**
 * `actions/runs/<run_id>/artifacts/<upload_id>.shar`: one uploaded artifact, whole (an archive
 * of its files, `domain/artifacts/archive-format.ts`). `uploadId` is random hex, so a key
 * never depends on the artifact's name.
 */
export function artifactObjectKey(runId: number, uploadId: string): string {
  return `${artifactPrefix(runId)}${uploadId}.shar`;
}

/** `<artifact key>.parts/`: the chunks of an upload in progress, removed once it is whole. */
export function artifactPartsPrefix(objectKey: string): string {
  return `${objectKey}.parts/`;
}

/** One received chunk, named by its offset (zero-padded, so key order is offset order). */
export function artifactPartKey(objectKey: string, offset: number): string {
  return `${artifactPartsPrefix(objectKey)}${String(offset).padStart(16, '0')}`;
}

/** True for a valid key inside `actions/runs/<run_id>/…` (the only keys the sweep deletes). */
export function isRunObjectKey(key: string): boolean {
  if (!/^actions\/runs\/[1-9][0-9]*\/./.test(key)) return false;
  try {
    checkObjectKey(key);
    return true;
  } catch {
    return false;
  }
}
