/** Reads the parts of a job phase B executes: containers, services, environment, defaults, calls. */
import { type ContainerUse, parseContainerOptions } from './container-options.js';
import type { DiagnosticList, PathSegment } from './diagnostics.js';
import { hasExpression } from './expressions/template.js';
import type { JobContainer, JobEnvironment, ReusableWorkflowCall, RunDefaults } from './model-job-parts.js';
import type { RawContainer, RawDefaults } from './schema-job-parts.js';
import type { RawJob } from './schema-jobs.js';

const LOCAL_WORKFLOW = /^\.\/(\.(?:shithub|github)\/workflows\/[^/]+\.ya?ml)$/;

/**
 * `container: image` or the mapping form, with every list and map present. Volumes warn (the
 * runner refuses them); `options:` without `${{ }}` is checked against the allowlist now, one
 * with an expression when the runner has evaluated it.
 */
export function readContainer(
  raw: RawContainer,
  use: ContainerUse,
  at: readonly PathSegment[],
  out: DiagnosticList,
): JobContainer {
  if (typeof raw === 'string') return containerOf(raw);
  if ((raw.volumes ?? []).length > 0)
    out.warning(
      [...at, 'volumes'],
      'volumes are not supported (steps share only the workspace): the job fails when it runs',
    );
  if (raw.options !== undefined && !hasExpression(raw.options)) {
    const parsed = parseContainerOptions(raw.options, use);
    // The key path already names `options`.
    if (!parsed.ok) out.error([...at, 'options'], parsed.message.replace(/^options: /, ''));
  }
  return {
    image: raw.image,
    env: raw.env ?? {},
    options: raw.options ?? null,
    credentials: raw.credentials ?? null,
    ports: raw.ports ?? [],
    volumes: raw.volumes ?? [],
  };
}

const containerOf = (image: string): JobContainer => ({
  image,
  env: {},
  options: null,
  credentials: null,
  ports: [],
  volumes: [],
});

export function readEnvironment(raw: RawJob['environment']): JobEnvironment | null {
  if (raw === undefined) return null;
  return typeof raw === 'string' ? { name: raw, url: null } : { name: raw.name, url: raw.url ?? null };
}

/** The job's `defaults.run` over the workflow's, key by key (the most specific wins). */
export function mergeDefaults(outer: RunDefaults, raw: RawDefaults | undefined): RunDefaults {
  return {
    shell: raw?.run?.shell ?? outer.shell,
    workingDirectory: raw?.run?.['working-directory'] ?? outer.workingDirectory,
  };
}

/** A job's `uses:`: only files of this repository (`./.shithub/workflows/…`, `./.github/workflows/…`). */
export function readCall(raw: RawJob, at: readonly PathSegment[], out: DiagnosticList): ReusableWorkflowCall {
  const uses = raw.uses as string;
  const local = LOCAL_WORKFLOW.exec(uses);
  if (!local) {
    out.error(
      [...at, 'uses'],
      `only reusable workflows of this repository can be called (./.shithub/workflows/<file>.yml or ./.github/workflows/<file>.yml), not '${uses}'`,
    );
  }
  return { path: local?.[1] ?? uses, with: raw.with ?? {}, secrets: raw.secrets ?? {} };
}

/** Keys a calling job may not have (GitHub's rule), and keys only a calling job may have. */
const NOT_WITH_USES = [
  'runs-on',
  'steps',
  'timeout-minutes',
  'continue-on-error',
  'env',
  'outputs',
  'defaults',
  'container',
  'services',
  'environment',
] as const;
const ONLY_WITH_USES = ['with', 'secrets'] as const;

/** Checks which keys go together; returns whether the job calls a reusable workflow. */
export function checkJobShape(raw: RawJob, at: readonly PathSegment[], out: DiagnosticList): boolean {
  if (raw.uses !== undefined) {
    for (const key of NOT_WITH_USES)
      if (raw[key] !== undefined)
        out.error([...at, key], `'${key}' cannot be used in a job that calls a reusable workflow`);
    return true;
  }
  for (const key of ONLY_WITH_USES)
    if (raw[key] !== undefined)
      out.error([...at, key], `'${key}' belongs to jobs that call a reusable workflow (uses:)`);
  if (raw['runs-on'] === undefined) out.error([...at, 'runs-on'], "required key 'runs-on' is missing");
  if (raw.steps === undefined) out.error([...at, 'steps'], "required key 'steps' is missing");
  return false;
}
