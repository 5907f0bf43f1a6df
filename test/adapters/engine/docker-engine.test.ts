import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { DockerPodmanEngine } from '../../../src/adapters/engine/docker-podman.js';
import type { ContainerEngineKind } from '../../../src/adapters/engine/run-args.js';
import type { StepProcess } from '../../../src/ports/container-engine.js';
import {
  clientEnv,
  describeEngine,
  engineSkipNote,
  SECCOMP_PROFILE,
  TEST_ENGINES,
  testContainerSettings,
} from '../../support/agent/docker.js';
import { EventRecorder } from '../../support/event-recorder.js';

const RUNNER = 900 + Math.floor(Math.random() * 99);
let workspace: string;
let stepSeq = 1;
const cli = (kind: ContainerEngineKind, args: string[]) =>
  execa(kind, args, { env: clientEnv(), extendEnv: false, reject: false });

function step(script: string, overrides: Partial<StepProcess> = {}): StepProcess {
  return {
    runnerId: RUNNER,
    runId: 1,
    jobId: 50,
    stepId: stepSeq++,
    workspace,
    workingDirectory: '',
    env: {},
    shell: 'bash',
    script,
    ...overrides,
  };
}

// The same checks on each engine; podman's differences are in the inspect shape only.
for (const kind of TEST_ENGINES) {
  describeEngine(kind)(`${kind} engine${engineSkipNote(kind)}`, () => {
    const engine = new DockerPodmanEngine(testContainerSettings({}, kind));

    /** Starts a step whose script prints `ready` once it runs; resolves at that point. */
    async function startReady(script: string, overrides: Partial<StepProcess> = {}) {
      const output = new EventRecorder<string>();
      const started = await engine.startStep(step(script, overrides), (b) =>
        output.listener(Buffer.from(b).toString()),
      );
      await output.waitUntil(
        (chunks) => chunks.join('').includes('ready\n'),
        `${started.name} to print ready`,
        10_000,
      );
      return started;
    }

    beforeAll(async () => {
      await engine.checkReady();
    });
    beforeEach(() => {
      workspace = mkdtempSync(join(tmpdir(), 'docker-engine-'));
      chownSync(workspace, 65534, 65534);
    });
    afterEach(() => rmSync(workspace, { recursive: true, force: true }));
    afterAll(async () => {
      await engine.removeOrphans(RUNNER, []);
    });

    it('runs a step in a hardened container as the configured user, with env values from the environment', async () => {
      const chunks: Buffer[] = [];
      const secret = 'value-only-in-the-environment';
      const started = await engine.startStep(
        step(
          'echo "uid=$(id -u) secret=$MY_SECRET"; touch /workspace/out; touch /oops 2>/dev/null || echo ro',
          {
            env: { MY_SECRET: secret },
          },
        ),
        (b) => chunks.push(Buffer.from(b)),
      );
      expect(await engine.waitStep(started)).toEqual({ exitCode: 0 });
      expect(Buffer.concat(chunks).toString()).toBe(`uid=65534 secret=${secret}\nro\n`);
    });

    it(`has every hardening flag of SPEC §13 on a running step container (${kind} inspect)`, async () => {
      const started = await startReady('echo ready; sleep 30', { env: { A: '1' } });
      const { stdout } = await cli(kind, ['inspect', started.name]);
      const [info] = JSON.parse(stdout) as [Record<string, Record<string, unknown>>];
      const host = info.HostConfig!;
      expect(host.ReadonlyRootfs).toBe(true);
      // podman spells "drop ALL" as every default capability by name.
      if (kind === 'docker') expect(host.CapDrop).toEqual(['ALL']);
      else
        expect(host.CapDrop).toEqual(
          expect.arrayContaining(['CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_NET_RAW', 'CAP_SETUID']),
        );
      expect((host.CapAdd as unknown[] | null)?.length ?? 0).toBe(0);
      expect(host.Privileged).toBe(false);
      expect(host.SecurityOpt).toEqual(expect.arrayContaining(['no-new-privileges']));
      expect((host.SecurityOpt as string[]).some((o) => o.startsWith('seccomp='))).toBe(true);
      expect(host.PidsLimit).toBe(128);
      expect(host.Memory).toBe(256 * 1024 * 1024);
      expect(host.NanoCpus).toBe(1e9);
      const networks = Object.keys((info.NetworkSettings?.Networks as object | undefined) ?? {});
      if (kind === 'docker') expect(host.NetworkMode).toBe('shithub-actions');
      else expect(networks).toEqual(['shithub-actions']);
      // podman adds its own mount options, and /run and /var/tmp for --read-only (run-args.ts).
      if (kind === 'docker') expect(host.Tmpfs).toEqual({ '/tmp': 'rw,exec,nosuid,nodev,size=1g' });
      else expect((host.Tmpfs as Record<string, string>)['/tmp']).toMatch(/^rw,exec,nosuid,nodev,size=1g,/);
      expect(host.AutoRemove).toBe(true);
      expect(info.Config!.User).toBe('65534:65534');
      expect(info.Config!.WorkingDir).toBe('/workspace');
      expect(info.Config!.Labels).toMatchObject({ 'shithub.runner': String(RUNNER), 'shithub.job': '50' });
      const mounts = info.Mounts as unknown as { Source: string; Destination: string }[];
      expect(mounts.map((m) => [m.Source, m.Destination])).toEqual([[workspace, '/workspace']]);
      await engine.killStep(started);
      expect(await engine.waitStep(started)).not.toEqual({ exitCode: 0 });
    });

    it('blocks namespace and mount syscalls with the shipped seccomp profile', async () => {
      const chunks: Buffer[] = [];
      const started = await engine.startStep(step('unshare -n true 2>&1 || echo denied'), (b) =>
        chunks.push(Buffer.from(b)),
      );
      await engine.waitStep(started);
      expect(Buffer.concat(chunks).toString()).toContain('denied');
      expect(SECCOMP_PROFILE).toMatch(/ops\/seccomp\.json$/);
    });

    it('denies user namespaces through the seccomp profile itself: allowed unconfined, EPERM with it', async () => {
      // No capability guards user namespaces, so only the profile can be what refuses them here.
      const script = 'grep CapEff /proc/self/status; unshare -U true && echo userns-created';
      const runWith = async (seccompProfile: string) => {
        const withProfile = new DockerPodmanEngine(testContainerSettings({ seccompProfile }, kind));
        const chunks: Buffer[] = [];
        const started = await withProfile.startStep(step(script), (b) => chunks.push(Buffer.from(b)));
        return { exit: await withProfile.waitStep(started), output: Buffer.concat(chunks).toString() };
      };
      const unconfined = await runWith('unconfined');
      expect(unconfined.output).toContain('userns-created');
      const confined = await runWith(SECCOMP_PROFILE);
      expect(confined.output).toContain('CapEff:\t0000000000000000');
      expect(confined.output).toContain('Operation not permitted');
      expect(confined.output).not.toContain('userns-created');
      expect(confined.exit.exitCode).not.toBe(0);
    });

    it('stops a step within the grace period and kills one that ignores SIGTERM', async () => {
      const started = await startReady("trap '' TERM; sleep 60 & echo ready; wait");
      const t0 = Date.now();
      await engine.stopStep(started, 1000);
      const exit = await engine.waitStep(started);
      expect(exit.exitCode).not.toBe(0);
      expect(Date.now() - t0).toBeLessThan(8000);
    });

    it('removes leftover containers of this runner whose job is not running here', async () => {
      const keep = await startReady('echo ready; sleep 60', { jobId: 61 });
      const orphan = await startReady('echo ready; sleep 60', { jobId: 62 });
      expect(await engine.removeOrphans(RUNNER, [61])).toBe(1);
      expect((await engine.waitStep(orphan)).exitCode).not.toBe(0);
      const listed = await cli(kind, [
        'ps',
        '--filter',
        `label=shithub.runner=${RUNNER}`,
        '--format',
        '{{.Names}}',
      ]);
      expect(listed.stdout.trim()).toBe(keep.name);
      await engine.killStep(keep);
    });

    it('refuses a step env name the engine client would read', async () => {
      await expect(
        engine.startStep(step('true', { env: { DOCKER_HOST: 'tcp://evil' } }), () => undefined),
      ).rejects.toThrow(/DOCKER_HOST cannot be set/);
    });

    it('refuses to start on a missing network, saying how to create it', async () => {
      const missing = new DockerPodmanEngine(testContainerSettings({ network: 'no-such-net' }, kind));
      await expect(missing.checkReady()).rejects.toThrow(new RegExp(`${kind} network create no-such-net`));
      await expect(
        new DockerPodmanEngine(testContainerSettings({ network: 'none' }, kind)).checkReady(),
      ).resolves.toBeUndefined();
    });
  });
}
