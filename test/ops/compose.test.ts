/**
 * ops/compose: compose.yaml passes the focused Compose validator (test/support/compose-schema.ts)
 * once its variables are filled from example.env, refuses to start without its secrets, and
 * configures shithubd and the runner with settings their real config loaders accept. The
 * image it builds copies only files that exist.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { loadServerConfig } from '../../src/apps/shithubd/config.js';
import { loadRunnerConfig } from '../../src/apps/shithubd-runner/config.js';
import {
  type ComposeFile,
  interpolateAll,
  parseCompose,
  readEnvFile,
  referenceProblems,
} from '../support/compose-schema.js';
import { OPS } from '../support/ops-tools.js';

const DIR = join(OPS, 'compose');
const ROOT = resolve(OPS, '..');
// YAML 1.1, as Compose reads it: the `<<:` merge keys of the shared image block.
const raw = yaml.load(readFileSync(join(DIR, 'compose.yaml'), 'utf8'), { schema: yaml.YAML11_SCHEMA });
const exampleEnv = readEnvFile(readFileSync(join(DIR, 'example.env'), 'utf8'));
const compose: ComposeFile = parseCompose(interpolateAll(raw, exampleEnv));
const service = (name: string) => {
  const found = compose.services[name];
  if (!found) throw new Error(`no service ${name}`);
  return found;
};
const flag = (command: unknown, name: string) =>
  Array.isArray(command) ? command[command.indexOf(name) + 1] : undefined;

describe('ops/compose/compose.yaml', () => {
  it('is a valid compose file with every reference resolved', () => {
    expect(Object.keys(compose.services).sort()).toEqual([
      'minio',
      'minio-init',
      'postgres',
      'runner',
      'shithubd',
    ]);
    expect(referenceProblems(compose)).toEqual([]);
  });

  it('catches the mistakes it is there for (the validator is not a rubber stamp)', () => {
    const broken = structuredClone(raw) as { services: Record<string, Record<string, unknown>> };
    broken.services.shithubd!.restart = 'sometimes';
    broken.services.shithubd!.helthcheck = {};
    expect(() => parseCompose(interpolateAll(broken, exampleEnv))).toThrow(
      /restart[\s\S]*helthcheck|helthcheck/,
    );
    const dangling = {
      ...compose,
      services: { ...compose.services, x: { image: 'a', depends_on: ['nope'] } },
    };
    expect(referenceProblems(dangling as ComposeFile)).toEqual(['x: depends on unknown nope']);
  });

  it('refuses to start without its secrets', () => {
    expect(() => interpolateAll(raw, {})).toThrow(/set POSTGRES_PASSWORD in \.env/);
    expect(() => interpolateAll(raw, { ...exampleEnv, SHITHUB_RUNNER_TOKEN: undefined })).toThrow(
      /SHITHUB_RUNNER_TOKEN: register a runner/,
    );
  });

  it("configures shithubd for PostgreSQL and MinIO with settings shithubd's loader accepts", () => {
    const { command, environment } = service('shithubd');
    const config = loadServerConfig({
      env: environment ?? {},
      cwd: '/',
      dataDirFlag: flag(command, '--data-dir'),
      listenFlag: flag(command, '--listen'),
    });
    expect(config).toMatchObject({
      listen: '0.0.0.0:8080',
      dataDir: '/var/lib/shithubd',
      baseUrl: 'http://shithubd:8080',
      database: { url: `postgres://shithubd:${exampleEnv.POSTGRES_PASSWORD}@postgres:5432/shithubd` },
      storage: { kind: 's3', bucket: 'shithub-actions', useSsl: false },
    });
  });

  it("configures the runner with settings the runner's loader accepts, on the host's Docker", () => {
    const runner = service('runner');
    const config = loadRunnerConfig({
      flags: {},
      env: runner.environment ?? {},
      cwd: '/',
      fileExists: (path) => path === '/etc/shithubd-runner/seccomp.json',
    });
    expect(config).toMatchObject({
      serverUrl: 'http://shithubd:8080',
      token: exampleEnv.SHITHUB_RUNNER_TOKEN,
      workspaceRoot: '/var/lib/shithubd-runner/workspaces',
      engine: { kind: 'docker', network: 'shithub-actions' },
    });
    // The host's daemon bind-mounts workspaces: the path must be the same on both sides.
    expect(runner.volumes).toContain('/var/lib/shithubd-runner:/var/lib/shithubd-runner');
    expect(compose.networks?.['shithub-actions']).toEqual({ name: 'shithub-actions', external: true });
  });

  it('builds an image from files that exist, with the seccomp profile where the runner looks', () => {
    const dockerfile = readFileSync(join(DIR, 'Dockerfile'), 'utf8');
    const sources = [...dockerfile.matchAll(/^COPY (.+) \S+$/gm)].flatMap((m) => m[1]!.split(' '));
    expect(sources.filter((source) => !existsSync(join(ROOT, source)))).toEqual([]);
    expect(dockerfile).toMatch(/^COPY ops\/seccomp\.json \/etc\/shithubd-runner\/seccomp\.json$/m);
  });
});
