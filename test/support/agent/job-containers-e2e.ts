/**
 * Issue #11's container "done when", end to end on a real server, real git and the real runner
 * (run by test/e2e/runner-docker.test.ts and runner-podman.test.ts): a job with `services:`
 * reaches its service by name from a step and the service container and job network are gone
 * after the job; a job with `container: image: <test image>` runs its steps there with every
 * hardening flag, checked by `inspect` on the running containers. The runner's default image is
 * a second image built here (with a marker file), so a step can tell which image it runs in.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ContainerEngineKind } from '../../../src/adapters/engine/run-args.js';
import { TEST_IMAGE } from './docker.js';
import { eventually, type Forge, startForge, startRunner } from './runner-e2e.js';
import { finishedJob, runnerFlags } from './runner-e2e-suite.js';
import {
  buildServiceImage,
  inspect,
  jobNetworkExists,
  namedContainersOfJob,
  removeServiceImage,
  SERVICE_MARKER,
} from './service-image.js';

type Json = Record<string, unknown>;
const E2E_TIMEOUT_MS = 150_000;
/** A step waits for this file in the workspace, so the test can inspect it while it runs. */
const WAIT_FOR_GO =
  'for i in $(seq 1 600); do [ -e /workspace/.go ] && exit 0; sleep 0.1; done; echo "never told to go"; exit 1';

const servicesWorkflow = (serviceImage: string) => `on: push
jobs:
  svc:
    runs-on: ubuntu-latest
    services:
      redis:
        image: ${serviceImage}
        env: { GREETING: hello }
        ports: ['6379:6379']
        options: >-
          --health-cmd "wget -q -O- http://127.0.0.1:6379/ping"
          --health-interval 1s --health-retries 30
    steps:
      - run: |
          echo "redis says $(wget -q -O- http://redis:6379/ping)"
          test -e ${SERVICE_MARKER} && echo "step in the runner's default image"
      - run: '${WAIT_FOR_GO}'
`;

const CONTAINER_WORKFLOW = `on: push
jobs:
  box:
    runs-on: ubuntu-latest
    container:
      image: ${TEST_IMAGE}
      env: { FROM_CONTAINER: set-by-container }
      options: --cpus 0.5 --memory 128m
    steps:
      - run: |
          test ! -e ${SERVICE_MARKER} && echo "step in the job container image: $FROM_CONTAINER"
          ${WAIT_FOR_GO}
`;

export function defineJobContainers(engine: ContainerEngineKind): void {
  let forge: Forge;
  let runner: Awaited<ReturnType<typeof startRunner>>;
  let serviceImage: string;

  beforeAll(async () => {
    serviceImage = await buildServiceImage(engine, `${engine}-${process.pid}`);
    forge = await startForge({ repos: [{ name: 'services' }, { name: 'box' }], runners: ['runner-1'] });
    runner = await startRunner(forge, forge.runners['runner-1']!.token, {
      ...runnerFlags(engine),
      image: serviceImage,
      allowedImages: 'shithub/*',
    });
  }, 120_000);
  afterAll(async () => {
    await runner?.stop();
    await forge?.close();
    if (serviceImage) await removeServiceImage(engine, serviceImage);
  }, E2E_TIMEOUT_MS);

  /** Waits for the newest job of `repo` to run, then for `pick` among its containers. */
  async function runningJob(repo: string, pick: (names: string[]) => string | undefined) {
    const job = await eventually(async () => {
      const [found] = await forge.latestJobs(repo);
      return found?.job_status === 'running' ? found : undefined;
    }, 90_000);
    const jobId = Number(job.id);
    const name = await eventually(async () => pick(await namedContainersOfJob(engine, jobId)), 90_000);
    return { job, jobId, name };
  }

  /** Lets the waiting step finish (it polls for `.go` in its workspace). */
  function tellToGo(job: Json): void {
    const workspace = join(runner.config.workspaceRoot, String(job.run_id), String(job.id));
    expect(existsSync(workspace)).toBe(true);
    writeFileSync(join(workspace, '.go'), '');
  }

  it(
    `reaches a service by name from a step; the service and job network are gone after the job (${engine})`,
    async () => {
      await forge.push('services', { '.shithub/workflows/svc.yml': servicesWorkflow(serviceImage) });
      const { job, jobId, name } = await runningJob('services', (names) =>
        names.find((n) => n.endsWith('-svc-redis')),
      );
      const service = await inspect(engine, name);
      const host = service.HostConfig!;
      expect(host.ReadonlyRootfs).toBe(false);
      expect(host.Privileged).toBe(false);
      expect(host.SecurityOpt).toEqual(expect.arrayContaining(['no-new-privileges']));
      expect((host.SecurityOpt as string[]).some((o) => o.startsWith('seccomp='))).toBe(true);
      expect(host.PidsLimit).toBe(512);
      // podman lists what a container keeps (its default set minus drops) as EffectiveCaps.
      const kept = engine === 'docker' ? host.CapAdd : service.EffectiveCaps;
      const caps = ((kept as unknown as string[] | null) ?? []).map((c) => c.replace(/^CAP_/, '')).sort();
      expect(caps).toEqual(['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'SETGID', 'SETUID']);
      expect(Object.keys((service.NetworkSettings?.Networks as object | undefined) ?? {})).toEqual([
        `shithub-job-${jobId}`,
      ]);
      expect(service.Config!.Labels).toMatchObject({
        'shithub.job': String(jobId),
        'shithub.service': 'redis',
      });
      tellToGo(job);
      const done = await finishedJob(forge, 'services');
      expect(done.conclusion).toBe('success');
      const log = await forge.jobLog('services', jobId);
      expect(log).toContain('redis says pong');
      expect(log).toContain("step in the runner's default image");
      expect(log).toContain('service redis: shithub/service-test-');
      // Removed when the job ends, just after its result is reported.
      await eventually(async () =>
        (await namedContainersOfJob(engine, jobId)).length === 0 ? true : undefined,
      );
      await eventually(async () => ((await jobNetworkExists(engine, jobId)) ? undefined : true));
    },
    E2E_TIMEOUT_MS,
  );

  it(
    `runs the steps of a container: job in that image with every hardening flag (${engine} inspect)`,
    async () => {
      await forge.push('box', { '.shithub/workflows/box.yml': CONTAINER_WORKFLOW });
      const { job, jobId, name } = await runningJob('box', (names) =>
        names.find((n) => n.includes('-step-')),
      );
      const step = await inspect(engine, name);
      const host = step.HostConfig!;
      expect(String(step.Config!.Image)).toContain(TEST_IMAGE);
      expect(host.ReadonlyRootfs).toBe(true);
      if (engine === 'docker') expect(host.CapDrop).toEqual(['ALL']);
      else expect(host.CapDrop).toEqual(expect.arrayContaining(['CAP_CHOWN', 'CAP_NET_RAW', 'CAP_SETUID']));
      expect((host.CapAdd as unknown[] | null)?.length ?? 0).toBe(0);
      expect(host.Privileged).toBe(false);
      expect(host.SecurityOpt).toEqual(expect.arrayContaining(['no-new-privileges']));
      expect((host.SecurityOpt as string[]).some((o) => o.startsWith('seccomp='))).toBe(true);
      expect(host.Memory).toBe(128 * 1024 * 1024);
      expect(host.NanoCpus).toBe(5e8);
      expect(host.PidsLimit).toBe(512);
      expect(step.Config!.User).toBe('65534:65534');
      tellToGo(job);
      const done = await finishedJob(forge, 'box');
      expect(done.conclusion).toBe('success');
      expect(await forge.jobLog('box', jobId)).toContain('step in the job container image: set-by-container');
      await eventually(async () =>
        (await namedContainersOfJob(engine, jobId)).length === 0 ? true : undefined,
      );
    },
    E2E_TIMEOUT_MS,
  );
}
