/** Valibot schemas of jobs and steps, and of the whole file (SPEC §6). */
import * as v from 'valibot';
import {
  concurrency,
  condition,
  envMap,
  flag,
  mapOf,
  mapping,
  minutes,
  oneOrMany,
  permissions,
  scalarText,
  text,
} from './schema-common.js';
import { onSchema } from './schema-triggers.js';

export const JOB_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;
export const MAX_JOB_KEY_LENGTH = 100;

const step = mapping({
  id: v.optional(v.pipe(text(), v.regex(JOB_KEY, 'step ids must match ^[A-Za-z_][A-Za-z0-9_-]*$'))),
  name: v.optional(text()),
  if: v.optional(condition()),
  run: v.optional(text()),
  uses: v.optional(text()),
  with: v.optional(mapOf(v.string(), scalarText(), 'expected a mapping of inputs')),
  env: v.optional(envMap()),
  'working-directory': v.optional(text()),
  shell: v.optional(v.picklist(['bash', 'sh'], 'supported shells are bash and sh')),
  'continue-on-error': v.optional(flag()),
  'timeout-minutes': v.optional(minutes()),
});

/** Matrix values are checked and typed by `readMatrix`; here only the outline. */
const strategy = mapping({
  matrix: mapOf(
    v.string(),
    v.array(v.unknown(), 'matrix values must be a list'),
    'expected a mapping of matrix values',
  ),
  'fail-fast': v.optional(flag()),
  'max-parallel': v.optional(
    v.pipe(
      v.number('expected a number'),
      v.integer('expected a whole number'),
      v.minValue(1, 'must be at least 1'),
    ),
  ),
});

const job = mapping({
  name: v.optional(text()),
  'runs-on': v.pipe(oneOrMany('a runner label'), v.minLength(1, 'expected at least one label')),
  needs: v.optional(oneOrMany('a job key')),
  if: v.optional(condition()),
  'timeout-minutes': v.optional(minutes()),
  env: v.optional(envMap()),
  permissions: v.optional(permissions()),
  'continue-on-error': v.optional(flag()),
  concurrency: v.optional(concurrency()),
  strategy: v.optional(strategy),
  steps: v.pipe(v.array(step, 'expected a list of steps'), v.minLength(1, 'a job needs at least one step')),
});

const jobKey = v.pipe(
  v.string(),
  v.regex(JOB_KEY, 'job keys must match ^[A-Za-z_][A-Za-z0-9_-]*$'),
  v.maxLength(MAX_JOB_KEY_LENGTH, `job keys are at most ${MAX_JOB_KEY_LENGTH} characters`),
);

export const workflowSchema = mapping({
  name: v.optional(text()),
  on: onSchema,
  env: v.optional(envMap()),
  permissions: v.optional(permissions()),
  concurrency: v.optional(concurrency()),
  jobs: v.pipe(
    mapOf(jobKey, job, 'expected a mapping of jobs'),
    v.check((jobs) => Object.keys(jobs).length > 0, 'at least one job is required'),
  ),
});

export type RawWorkflow = v.InferOutput<typeof workflowSchema>;
export type RawJob = RawWorkflow['jobs'][string];
export type RawStep = RawJob['steps'][number];
export type RawStrategy = NonNullable<RawJob['strategy']>;
