/** Valibot schemas of the parts of a job: runs-on, strategy, containers, defaults, calls. */
import * as v from 'valibot';
import { envMap, expression, flag, mapOf, mapping, oneOrMany, scalarText, text } from './schema-common.js';
import { shell } from './schema-steps.js';

const KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const key = (what: string) =>
  v.pipe(v.string(), v.regex(KEY, `${what} must match ^[A-Za-z_][A-Za-z0-9_-]*$`));

const labels = () => v.pipe(oneOrMany('a runner label'), v.minLength(1, 'expected at least one label'));

/** A label, a list of labels, or `{group, labels}`. */
export const runsOn = () =>
  v.union(
    [
      labels(),
      mapping(
        { group: v.optional(text()), labels: v.optional(labels()) },
        'expected labels or {group, labels}',
      ),
    ],
    'expected a runner label, a list of them or {group, labels}',
  );

const matrixList = v.union([
  v.array(v.unknown()),
  expression("matrix values must be a list (or a '${{ }}' expression)"),
]);

/** Matrix values are checked and typed by `readStrategy`; here only the outline. */
export const strategySchema = mapping({
  matrix: v.optional(
    v.union(
      [
        mapOf(v.string(), matrixList, 'expected a mapping of matrix values'),
        expression("expected a mapping of matrix values or a '${{ }}' expression"),
      ],
      'expected a mapping of matrix values',
    ),
  ),
  'fail-fast': v.optional(v.union([flag(), expression("expected true or false, or a '${{ }}' expression")])),
  'max-parallel': v.optional(
    v.union([
      v.pipe(
        v.number('expected a number'),
        v.integer('expected a whole number'),
        v.minValue(1, 'must be at least 1'),
      ),
      expression("expected a whole number or a '${{ }}' expression"),
    ]),
  ),
});

export const defaultsSchema = mapping({
  run: v.optional(mapping({ shell: v.optional(shell()), 'working-directory': v.optional(text()) })),
});

const containerFields = {
  image: text(),
  credentials: v.optional(mapping({ username: text(), password: text() })),
  env: v.optional(envMap()),
  ports: v.optional(v.array(scalarText(), 'expected a list of ports')),
  volumes: v.optional(v.array(text(), 'expected a list of volumes')),
  options: v.optional(text()),
};

/** `container: image` or `{image, credentials, env, ports, volumes, options}`. */
export const containerSchema = v.union(
  [text(), mapping(containerFields)],
  'expected an image or {image, credentials, env, ports, volumes, options}',
);

export const servicesSchema = mapOf(
  key('service keys'),
  mapping(containerFields),
  'expected a mapping of services',
);

export const environmentSchema = v.union(
  [text(), mapping({ name: text(), url: v.optional(text()) })],
  'expected an environment name or {name, url}',
);

export const outputsSchema = mapOf(key('output names'), scalarText(), 'expected a mapping of outputs');

/** `with:` of a job calling a reusable workflow keeps booleans and numbers (typed inputs). */
export const callWithSchema = mapOf(
  v.string(),
  v.union([v.string(), v.number(), v.boolean()], 'expected a string, number or boolean'),
  'expected a mapping of inputs',
);

export const callSecretsSchema = v.union(
  [v.literal('inherit'), mapOf(v.string(), scalarText(), 'expected a mapping of secrets')],
  "expected 'inherit' or a mapping of secrets",
);

export type RawContainer = v.InferOutput<typeof containerSchema>;
export type RawRunsOn = v.InferOutput<ReturnType<typeof runsOn>>;
export type RawDefaults = v.InferOutput<typeof defaultsSchema>;
