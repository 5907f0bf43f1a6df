/**
 * The claim answer of the heartbeat on the wire (SPEC §7.1, facts §3.5) → `Assignment`.
 * Lenient where the original server may send null or numbers (empty JSON columns, `with`
 * values), strict on what the runner cannot do without (ids, token, steps).
 */
import * as v from 'valibot';
import type { AssignedStep, Assignment, NeededJobResult } from '../../ports/model/assignment.js';
import type { ContainerSpec } from '../../ports/model/run.js';

/**
 * Heartbeat answer header (extension, issue #12 fix 8): when the registration token the
 * heartbeat presented expires, ISO 8601; absent for a token that never expires.
 */
export const TOKEN_EXPIRES_HEADER = 'X-Shithub-Token-Expires-At';

const id = v.pipe(v.number(), v.integer(), v.minValue(1));
const text = v.optional(v.nullable(v.string()), '');
const anyMap = v.optional(v.nullable(v.record(v.string(), v.unknown())), {});

const StepWire = v.object({
  id,
  index: v.optional(v.number(), 0),
  step_id: text,
  name: text,
  if: text,
  run: text,
  uses: text,
  shell: text,
  working_directory: text,
  env: anyMap,
  with: anyMap,
  continue_on_error: v.optional(v.nullable(v.boolean()), false),
  timeout_minutes: v.optional(v.nullable(v.number()), null),
  continue_on_error_expr: text,
  timeout_minutes_expr: text,
});

const NeededWire = v.object({ result: text, outputs: anyMap });

const ContainerWire = v.object({
  image: v.string(),
  env: anyMap,
  options: v.optional(v.nullable(v.string()), null),
  credentials: v.optional(v.nullable(v.object({ username: v.string(), password: v.string() })), null),
  ports: v.optional(v.nullable(v.array(v.string())), []),
  volumes: v.optional(v.nullable(v.array(v.string())), []),
});

const JobWire = v.object({
  id,
  run_id: id,
  repo_id: v.number(),
  run_index: v.optional(v.number(), 0),
  workflow_file: text,
  workflow_name: text,
  checkout_url: text,
  checkout_token: text,
  head_sha: text,
  head_ref: text,
  event: text,
  event_payload: anyMap,
  job_key: text,
  job_name: text,
  runs_on: v.optional(v.nullable(v.union([v.string(), v.array(v.string())])), ''),
  runs_on_labels: v.optional(v.nullable(v.array(v.string())), null),
  if: text,
  timeout_minutes: v.optional(v.nullable(v.number()), 360),
  permissions: anyMap,
  secrets: v.optional(v.nullable(v.record(v.string(), v.string())), null),
  mask_values: v.optional(v.nullable(v.array(v.string())), null),
  env: anyMap,
  steps: v.array(StepWire),
  matrix: anyMap,
  needs_context: v.optional(v.nullable(v.record(v.string(), NeededWire)), {}),
  vars: anyMap,
  outputs: anyMap,
  actor: text,
  container: v.optional(v.nullable(ContainerWire), null),
  services: v.optional(v.nullable(v.record(v.string(), ContainerWire)), {}),
  inputs: v.optional(v.nullable(v.record(v.string(), v.unknown())), null),
});

const ClaimWire = v.object({ token: v.pipe(v.string(), v.minLength(1)), expires_at: text, job: JobWire });

/** Parses a 200 heartbeat body; throws when it is not a usable claim. */
export function parseClaim(body: unknown): Assignment {
  const parsed = v.safeParse(ClaimWire, body);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    throw new Error(`claim answer is malformed at ${v.getDotPath(issue) ?? '(root)'}: ${issue.message}`);
  }
  const { token, job } = parsed.output;
  const runsOn = job.runs_on_labels ?? splitLabels(job.runs_on);
  return {
    token,
    runnerId: runnerIdOf(token),
    job: {
      id: job.id,
      runId: job.run_id,
      repoId: job.repo_id,
      runIndex: job.run_index,
      workflowFile: job.workflow_file ?? '',
      workflowName: job.workflow_name ?? '',
      checkoutUrl: job.checkout_url ?? '',
      checkoutToken: job.checkout_token ?? '',
      headSha: job.head_sha ?? '',
      headRef: job.head_ref ?? '',
      event: job.event ?? '',
      eventPayload: job.event_payload ?? {},
      jobKey: job.job_key ?? '',
      jobName: job.job_name ?? '',
      runsOn,
      ifExpr: job.if ?? '',
      timeoutMinutes: job.timeout_minutes ?? 360,
      permissions: job.permissions ?? {},
      secrets: job.secrets,
      maskValues: job.mask_values,
      env: strings(job.env),
      matrix: job.matrix ?? {},
      needs: needsOf(job.needs_context),
      vars: strings(job.vars),
      outputs: strings(job.outputs),
      actor: job.actor ?? '',
      container: job.container ? containerOf(job.container) : null,
      services: Object.fromEntries(
        Object.entries(job.services ?? {}).map(([name, spec]) => [name, containerOf(spec)]),
      ),
      inputs: job.inputs,
      steps: job.steps.map(
        (s, index): AssignedStep => ({
          id: s.id,
          index: s.index ?? index,
          stepKey: s.step_id ?? '',
          name: s.name ?? '',
          ifExpr: s.if ?? '',
          run: s.run ?? '',
          uses: s.uses ?? '',
          shell: s.shell ?? '',
          workingDirectory: s.working_directory ?? '',
          env: strings(s.env),
          with: strings(s.with),
          continueOnError: s.continue_on_error ?? false,
          timeoutMinutes: s.timeout_minutes ?? null,
          continueOnErrorExpr: s.continue_on_error_expr ?? '',
          timeoutMinutesExpr: s.timeout_minutes_expr ?? '',
        }),
      ),
    },
  };
}

function containerOf(wire: v.InferOutput<typeof ContainerWire>): ContainerSpec {
  return {
    image: wire.image,
    env: strings(wire.env),
    options: wire.options ?? null,
    credentials: wire.credentials ?? null,
    ports: wire.ports ?? [],
    volumes: wire.volumes ?? [],
  };
}

function needsOf(
  wire: Record<string, v.InferOutput<typeof NeededWire>> | null,
): Record<string, NeededJobResult> {
  const out: Record<string, NeededJobResult> = {};
  for (const [key, need] of Object.entries(wire ?? {})) {
    const entry = { result: need.result ?? '', outputs: strings(need.outputs) };
    Object.defineProperty(out, key, { value: entry, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function splitLabels(value: string | string[] | null): string[] {
  if (Array.isArray(value)) return value;
  return (value ?? '').split(',').filter((label) => label !== '');
}

/** JSON scalars as text (`fetch-depth: 0` arrives as a number); objects as JSON. */
function strings(map: Record<string, unknown> | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(map ?? {})) {
    const str =
      typeof value === 'string'
        ? value
        : value === null || value === undefined
          ? ''
          : typeof value === 'object'
            ? JSON.stringify(value)
            : String(value);
    Object.defineProperty(out, key, { value: str, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/**
 * The runner id from the job token's `sub` (`runner:<id>`); the runner does not verify it,
 * so reading the payload segment is all it takes (not jose: loading it costs the idle
 * runner ~8 MiB of RSS, SPEC §20).
 */
function runnerIdOf(token: string): number | null {
  try {
    const payload: unknown = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
    const sub = typeof payload === 'object' && payload !== null && 'sub' in payload ? payload.sub : '';
    if (typeof sub !== 'string') return null;
    const match = /^runner:([1-9][0-9]{0,15})$/.exec(sub);
    return match?.[1] ? Number(match[1]) : null;
  } catch {
    return null;
  }
}
