/**
 * What a runner's calls carry beyond the original API (additive fields, workflow parity):
 * values `::add-mask::` added — sealed into the job's mask snapshot so the server masks them
 * from then on like the claim-time secrets —, a step's summary and annotations, a job's
 * outputs. Everything stored is scrubbed again with the job's mask set first, so a value the
 * runner missed is still never stored in clear.
 */
import type { AnnotationStore } from '../../ports/annotation-store.js';
import type { Annotation } from '../../ports/model/annotation.js';
import type { Job } from '../../ports/model/run.js';
import type { MaskSet } from '../logs/mask-set.js';
import { scrubText } from '../logs/scrubber.js';
import { type JobMaskDeps, loadJobMaskValues, sealMaskValues } from './job-masks.js';

/** GitHub's limit of a step summary. */
export const MAX_STEP_SUMMARY_BYTES = 1024 * 1024;
/** GitHub's limit of a job's outputs (names and values). */
export const MAX_JOB_OUTPUTS_BYTES = 1024 * 1024;
/** What one job may add to its mask set, in values and in bytes (each call carries at most 100). */
const MAX_ADDED_MASKS = 1000;
const MAX_ADDED_MASK_BYTES = 1024 * 1024;

export interface ReportExtras {
  addMasks?: string[];
  summary?: string | null;
  annotations?: Annotation[];
  outputs?: Record<string, string>;
}

/**
 * Adds `values` to the job's sealed mask snapshot (the claim-time values, else the secrets
 * the run would get now). A no-op for none, or for values it holds already. Called after the
 * call committed (a refused call changes nothing); the call itself scrubs with
 * `loadJobMaskSet(…, added)`.
 */
export async function addJobMasks(
  deps: JobMaskDeps,
  job: Job,
  values: readonly string[] | undefined,
  now: Date,
) {
  if (!values || values.length === 0) return;
  const known = await loadJobMaskValues(deps, job);
  let room = MAX_ADDED_MASK_BYTES - known.reduce((n, v) => n + Buffer.byteLength(v), 0);
  const added = values.filter((v) => {
    if (v === '' || known.includes(v) || Buffer.byteLength(v) > room) return false;
    room -= Buffer.byteLength(v);
    return true;
  });
  if (added.length === 0) return;
  const all = [...known, ...added].slice(0, Math.max(known.length, MAX_ADDED_MASKS));
  await deps.jobCalls.saveMaskSnapshot(job.id, sealMaskValues(deps.secretBox, all), now);
}

/** The text with the job's masks applied. */
export function scrubbed(masks: MaskSet, text: string): string {
  return scrubText(text, masks).output;
}

/** Annotations with message, title and file scrubbed. */
export function scrubAnnotations(masks: MaskSet, annotations: readonly Annotation[]): Annotation[] {
  return annotations.map((a) => ({
    ...a,
    message: scrubbed(masks, a.message),
    title: a.title === null ? null : scrubbed(masks, a.title),
    file: a.file === null ? null : scrubbed(masks, a.file),
  }));
}

/** Outputs with every value scrubbed (names are the workflow's own). */
export function scrubOutputs(masks: MaskSet, outputs: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(outputs))
    Object.defineProperty(out, name, {
      value: scrubbed(masks, value),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return out;
}

/** Stores the annotations a terminal report carried (replacing a resent report's). */
export async function storeAnnotations(
  deps: { annotations: AnnotationStore },
  input: {
    jobId: number;
    stepId: number | null;
    annotations: Annotation[] | undefined;
    masks: MaskSet;
    now: Date;
  },
): Promise<void> {
  if (!input.annotations || input.annotations.length === 0) return;
  await deps.annotations.replaceAnnotations(
    input.jobId,
    input.stepId,
    scrubAnnotations(input.masks, input.annotations),
    input.now,
  );
}
