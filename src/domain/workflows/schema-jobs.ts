/** Valibot schemas of jobs and of the whole file (SPEC §6). */
import * as v from 'valibot';
import {
  concurrency,
  condition,
  envMap,
  flagOrExpression,
  mapOf,
  mapping,
  minutesOrExpression,
  oneOrMany,
  permissions,
  text,
} from './schema-common.js';
import {
  callSecretsSchema,
  callWithSchema,
  containerSchema,
  defaultsSchema,
  environmentSchema,
  outputsSchema,
  runsOn,
  servicesSchema,
  strategySchema,
} from './schema-job-parts.js';
import { stepSchema } from './schema-steps.js';
import { onSchema } from './schema-triggers.js';

export const JOB_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;
export const MAX_JOB_KEY_LENGTH = 100;

/**
 * Every key a job may have. Which keys go together (`runs-on` + `steps`, or `uses` + `with` +
 * `secrets`) is checked by `readJob`, so a missing `runs-on` names the key rather than a union.
 */
const job = mapping({
  name: v.optional(text()),
  'runs-on': v.optional(runsOn()),
  needs: v.optional(oneOrMany('a job key')),
  if: v.optional(condition()),
  'timeout-minutes': v.optional(minutesOrExpression()),
  env: v.optional(envMap()),
  permissions: v.optional(permissions()),
  'continue-on-error': v.optional(flagOrExpression()),
  concurrency: v.optional(concurrency()),
  strategy: v.optional(strategySchema),
  outputs: v.optional(outputsSchema),
  defaults: v.optional(defaultsSchema),
  container: v.optional(containerSchema),
  services: v.optional(servicesSchema),
  environment: v.optional(environmentSchema),
  uses: v.optional(text()),
  with: v.optional(callWithSchema),
  secrets: v.optional(callSecretsSchema),
  steps: v.optional(
    v.pipe(v.array(stepSchema, 'expected a list of steps'), v.minLength(1, 'a job needs at least one step')),
  ),
});

const jobKey = v.pipe(
  v.string(),
  v.regex(JOB_KEY, 'job keys must match ^[A-Za-z_][A-Za-z0-9_-]*$'),
  v.maxLength(MAX_JOB_KEY_LENGTH, `job keys are at most ${MAX_JOB_KEY_LENGTH} characters`),
);

export const workflowSchema = mapping({
  name: v.optional(text()),
  'run-name': v.optional(text()),
  on: onSchema,
  env: v.optional(envMap()),
  permissions: v.optional(permissions()),
  concurrency: v.optional(concurrency()),
  defaults: v.optional(defaultsSchema),
  jobs: v.pipe(
    mapOf(jobKey, job, 'expected a mapping of jobs'),
    v.check((jobs) => Object.keys(jobs).length > 0, 'at least one job is required'),
  ),
});

export type RawWorkflow = v.InferOutput<typeof workflowSchema>;
export type RawJob = RawWorkflow['jobs'][string];
export type RawStrategy = NonNullable<RawJob['strategy']>;
