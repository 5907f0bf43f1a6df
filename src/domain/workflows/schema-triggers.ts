/** Valibot schema of `on:` in its string, list and map forms (SPEC §6). */
import * as v from 'valibot';
import { IGNORED_EVENT_NAMES, isIgnoredEvent } from './ignored-events.js';
import { flag, mapOf, mapping, oneOrMany, scalarText, text } from './schema-common.js';
import { workflowCallSchema } from './schema-workflow-call.js';

export const EVENT_NAMES = ['push', 'pull_request', 'workflow_dispatch', 'schedule'] as const;
export const DEFAULT_PULL_REQUEST_TYPES = ['opened', 'synchronize', 'reopened'];
export const PULL_REQUEST_TYPES = [
  'opened',
  'synchronize',
  'reopened',
  'closed',
  'edited',
  'ready_for_review',
  'converted_to_draft',
  'labeled',
  'unlabeled',
  'assigned',
  'unassigned',
  'review_requested',
  'review_request_removed',
  'locked',
  'unlocked',
  'milestoned',
  'demilestoned',
  'enqueued',
  'dequeued',
  'auto_merge_enabled',
  'auto_merge_disabled',
] as const;
export const INPUT_TYPES = ['string', 'boolean', 'choice', 'environment', 'number'] as const;
const isPullRequestType = (type: string) => (PULL_REQUEST_TYPES as readonly string[]).includes(type);
const INPUT_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

const patterns = () => v.optional(oneOrMany('a pattern'));

/** In the string and list forms only events needing no settings may appear. */
const bareEvent = () =>
  v.pipe(
    v.string(),
    v.check((name) => name !== 'schedule', "'schedule' needs a list of crons: use the map form"),
    v.check(
      (name) =>
        (EVENT_NAMES as readonly string[]).includes(name) || name === 'workflow_call' || isIgnoredEvent(name),
      (issue) => `unsupported event '${String(issue.input)}'`,
    ),
  );

const push = v.nullable(
  mapping({
    branches: patterns(),
    'branches-ignore': patterns(),
    tags: patterns(),
    'tags-ignore': patterns(),
    paths: patterns(),
    'paths-ignore': patterns(),
  }),
);

const pullRequest = v.nullable(
  mapping({
    types: v.optional(
      v.pipe(
        oneOrMany('an activity type'),
        v.check(
          (types) => types.every(isPullRequestType),
          (issue) =>
            `unsupported pull_request type '${(issue.input as string[]).find((t) => !isPullRequestType(t))}'`,
        ),
      ),
    ),
    branches: patterns(),
    'branches-ignore': patterns(),
    paths: patterns(),
    'paths-ignore': patterns(),
  }),
);

const input = v.nullable(
  mapping({
    description: v.optional(text()),
    type: v.optional(v.picklist(INPUT_TYPES, `input types are ${INPUT_TYPES.join(', ')}`)),
    default: v.optional(
      v.union([v.string(), v.number(), v.boolean()], 'expected a string, number or boolean'),
    ),
    required: v.optional(flag()),
    options: v.optional(v.array(scalarText(), 'expected a list of options')),
  }),
);

const dispatch = v.nullable(
  mapping({
    inputs: v.optional(
      mapOf(
        v.pipe(v.string(), v.regex(INPUT_NAME, 'input names must match ^[A-Za-z_][A-Za-z0-9_-]*$')),
        input,
        'expected a mapping of inputs',
      ),
    ),
  }),
);

const schedule = v.pipe(
  v.array(mapping({ cron: text() }), 'expected a list of {cron: ...}'),
  v.minLength(1, 'expected at least one cron'),
);

/** Ignored events take any settings: they are never matched. */
const ignoredEvents = Object.fromEntries(
  IGNORED_EVENT_NAMES.map((name) => [name, v.optional(v.unknown())]),
) as Record<(typeof IGNORED_EVENT_NAMES)[number], v.OptionalSchema<v.UnknownSchema, undefined>>;

const eventMap = mapping({
  push: v.optional(push),
  pull_request: v.optional(pullRequest),
  workflow_dispatch: v.optional(dispatch),
  schedule: v.optional(schedule),
  workflow_call: v.optional(workflowCallSchema),
  ...ignoredEvents,
});

export const onSchema = v.union(
  [bareEvent(), v.pipe(v.array(bareEvent()), v.minLength(1, 'expected at least one event')), eventMap],
  'expected an event, a list of events or a mapping of events',
);

export type RawOn = v.InferOutput<typeof onSchema>;
