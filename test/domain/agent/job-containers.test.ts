// biome-ignore-all lint/suspicious/noTemplateCurlyInString: workflow expressions are ${{ }} text
/**
 * `container:` and `services:` on the runner (issue #11 items 5 and 6), on fakes: the job
 * container's image, limits and env reach every step; services start before the first step, are
 * health-waited on the fake timer and stopped with the job; refusals (host engine, allowlist,
 * options, credentials, volumes) and unhealthy services fail the first step with the reason.
 */
import { describe, expect, it } from 'vitest';
import type { ContainerSpec } from '../../../src/ports/model/run.js';
import {
  job,
  jobResult,
  makeAgentWorld,
  runOneJob,
  step,
  stepResults,
} from '../../support/agent/agent-world.js';

const spec = (overrides: Partial<ContainerSpec> = {}): ContainerSpec => ({
  image: 'node:20',
  env: {},
  options: null,
  credentials: null,
  ports: [],
  volumes: [],
  ...overrides,
});

describe('a job container', () => {
  it('runs every step in its image with its limits, its env under the job and step env', async () => {
    const w = makeAgentWorld();
    const j = job([step({ id: 1, run: 'print a', env: { B: 'step' } }), step({ id: 2, run: 'print b' })], {
      env: { A: 'job' },
      matrix: { node: 20 },
      container: spec({
        image: 'node:${{ matrix.node }}',
        env: { A: 'container', B: 'container', C: 'container' },
        options: '--cpus 0.5 --memory 256m --hostname builder',
      }),
    });
    await runOneJob(w, j);
    expect(stepResults(w, j)).toEqual(['completed/success', 'completed/success']);
    for (const started of w.engine.started) {
      expect(started.container).toEqual({
        image: 'node:20',
        limits: { cpus: '0.5', memory: '256m', hostname: 'builder' },
      });
      expect(started.network).toBeUndefined();
    }
    expect(w.engine.started[0]!.env).toMatchObject({ A: 'job', B: 'step', C: 'container' });
    expect(w.controlPlane.logText(j.id, 1)).toContain('job container: node:20');
    expect(w.engine.services!.started).toEqual([]);
  });

  it('runs in the default image when the image expression gives an empty string, as on GitHub', async () => {
    const w = makeAgentWorld();
    const j = job([step({ id: 1, run: 'print a' })], { container: spec({ image: "${{ '' }}" }) });
    await runOneJob(w, j);
    expect(jobResult(w, j)).toBe('completed/success');
    expect(w.engine.started[0]!.container).toBeUndefined();
  });

  it.each([
    [
      'an option outside the allowlist',
      spec({ options: '--privileged' }),
      "the job container: options: '--privileged' is not allowed for a job container (allowed: --cpus, --memory, --shm-size, --hostname)",
    ],
    [
      'a health check on the job container',
      spec({ options: '--health-cmd true' }),
      "the job container: options: '--health-cmd' is not allowed for a job container",
    ],
    ['volumes', spec({ volumes: ['/:/host'] }), 'the job container: volumes are not supported'],
    [
      'registry credentials',
      spec({ credentials: { username: 'u', password: '${{ secrets.P }}' } }),
      'the job container: registry credentials are not supported in workflows',
    ],
    [
      'an image outside engine.allowed_images',
      spec({ image: 'evil.example/miner:1' }),
      "the job container: the image 'evil.example/miner:1' is not allowed on this runner (engine.allowed_images: docker.io/library/*, node:*)",
    ],
  ])('refuses %s: the first step fails with the reason and no step runs', async (_, container, message) => {
    const w = makeAgentWorld();
    w.deps.containerPolicy = { allowedImages: ['docker.io/library/*', 'node:*'] };
    const j = job([step({ id: 1, run: 'print a' }), step({ id: 2, run: 'print b' })], { container });
    await runOneJob(w, j);
    expect(stepResults(w, j)).toEqual(['completed/failure', 'skipped/skipped']);
    expect(w.controlPlane.logText(j.id, 1)).toContain(`error: ${message}`);
    expect(w.engine.started).toEqual([]);
  });

  it('is refused on the host engine with a message saying why', async () => {
    const w = makeAgentWorld({ isolated: false });
    const j = job([step({ id: 1, run: 'print a' })], { container: spec() });
    await runOneJob(w, j);
    expect(jobResult(w, j)).toBe('completed/failure');
    expect(w.controlPlane.logText(j.id, 1)).toContain(
      'error: this runner uses the host engine, which runs no containers: a job with container: or services: needs a docker or podman runner',
    );
    expect(w.engine.started).toEqual([]);
  });
});

describe('services', () => {
  const redis = spec({
    image: 'redis:7',
    env: { PASSWORD: '${{ secrets.REDIS_PW }}' },
    options: '--health-cmd "redis-cli ping" --health-interval 5s --health-retries 4',
    ports: ['6379:6379'],
  });

  it('start before the first step, are health-waited, joined by every step and stopped with the job', async () => {
    const w = makeAgentWorld();
    const services = w.engine.services!;
    services.failingProbes = { redis: 2 };
    const j = job([step({ id: 1, run: 'print a' }), step({ id: 2, run: 'print b' })], {
      secrets: { REDIS_PW: 'pw-value-123' },
      services: { redis, web: spec({ image: 'nginx:1' }) },
    });
    await runOneJob(w, j);
    expect(jobResult(w, j)).toBe('completed/success');
    expect(services.started).toEqual([
      {
        runnerId: expect.any(Number),
        jobId: j.id,
        services: [
          { name: 'redis', image: 'redis:7', env: { PASSWORD: 'pw-value-123' }, limits: {} },
          { name: 'web', image: 'nginx:1', env: {}, limits: {} },
        ],
      },
    ]);
    expect(services.probes.map((p) => [p.service, p.command, p.timeoutMs])).toEqual([
      ['redis', 'redis-cli ping', 30_000],
      ['redis', 'redis-cli ping', 30_000],
      ['redis', 'redis-cli ping', 30_000],
    ]);
    const network = { name: `shithub-job-${j.id}`, hosts: { redis: '10.0.0.2', web: '10.0.0.3' } };
    expect(w.engine.started.map((s) => s.network)).toEqual([network, network]);
    expect(services.stopped).toEqual([j.id]);
    const log = w.controlPlane.logText(j.id, 1);
    expect(log).toContain("service redis: redis:7 started as host 'redis'");
    expect(log).toContain('service redis: healthy after 3 probe(s)');
    expect(log).not.toContain('pw-value-123');
  });

  it('fail the job clearly when a service stays unhealthy, with its last output, and are still removed', async () => {
    const w = makeAgentWorld();
    const services = w.engine.services!;
    services.failingProbes = { redis: Number.POSITIVE_INFINITY };
    const j = job([step({ id: 1, run: 'print a' })], { services: { redis } });
    await runOneJob(w, j);
    expect(stepResults(w, j)).toEqual(['completed/failure']);
    expect(services.probes).toHaveLength(4);
    const log = w.controlPlane.logText(j.id, 1);
    expect(log).toContain(
      "error: service redis is not healthy: 4 failed health check(s) of 'redis-cli ping' (last output: redis not ready)",
    );
    expect(log).toContain('redis: still starting');
    expect(w.engine.started).toEqual([]);
    expect(services.stopped).toEqual([j.id]);
  });

  it('fail the job when the engine cannot start them, and remove what it created', async () => {
    const w = makeAgentWorld();
    const services = w.engine.services!;
    services.startFailure = 'pull access denied for nope';
    const j = job([step({ id: 1, run: 'print a' })], { services: { db: spec({ image: 'nope' }) } });
    await runOneJob(w, j);
    expect(jobResult(w, j)).toBe('completed/failure');
    expect(w.controlPlane.logText(j.id, 1)).toContain(
      'error: services could not start: pull access denied for nope',
    );
    expect(services.stopped).toEqual([j.id]);
  });

  it('skip a service whose image expression is empty, and refuse a forbidden option before starting any', async () => {
    const w = makeAgentWorld();
    const services = w.engine.services!;
    const skipped = job([step({ id: 1, run: 'print a' })], {
      services: { db: spec({ image: "${{ '' }}" }), web: spec({ image: 'nginx:1' }) },
    });
    await runOneJob(w, skipped);
    expect(services.started[0]!.services.map((s) => s.name)).toEqual(['web']);
    const refused = job([step({ id: 2, run: 'print a' })], {
      services: { db: spec({ options: '--network host' }) },
    });
    await runOneJob(w, refused);
    expect(w.controlPlane.logText(refused.id, 2)).toContain(
      "error: service db: options: '--network' is not allowed for a service",
    );
    expect(services.started).toHaveLength(1);
  });

  it('are refused on the host engine', async () => {
    const w = makeAgentWorld({ isolated: false });
    const j = job([step({ id: 1, run: 'print a' })], { services: { redis } });
    await runOneJob(w, j);
    expect(jobResult(w, j)).toBe('completed/failure');
    expect(w.controlPlane.logText(j.id, 1)).toContain('the host engine, which runs no containers');
  });
});
