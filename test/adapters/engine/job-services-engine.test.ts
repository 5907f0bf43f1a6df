/**
 * `JobServices` and job-network steps on a real docker and podman (issue #11 item 6): a service
 * on the internal job network answers its probe and a step reaches it by name (also with
 * `engine.network = none`), a broken probe reads unhealthy, `stopJob` removes it all, and the
 * orphan GC removes a crashed job's service and network.
 */
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { DockerPodmanEngine } from '../../../src/adapters/engine/docker-podman.js';
import type { StepProcess } from '../../../src/ports/container-engine.js';
import {
  describeEngine,
  engineSkipNote,
  TEST_ENGINES,
  testContainerSettings,
} from '../../support/agent/docker.js';
import {
  buildServiceImage,
  jobNetworkExists,
  namedContainersOfJob,
  removeServiceImage,
} from '../../support/agent/service-image.js';

const RUNNER = 800 + Math.floor(Math.random() * 99);
const JOB = 70_000 + Math.floor(Math.random() * 9999);
const PING = 'wget -q -O- http://127.0.0.1:6379/ping';

for (const kind of TEST_ENGINES) {
  describeEngine(kind)(`${kind} job services${engineSkipNote(kind)}`, () => {
    const engine = new DockerPodmanEngine(testContainerSettings({}, kind));
    let image = '';
    let workspace = '';
    let stepSeq = 1;

    const step = (jobId: number, script: string, overrides: Partial<StepProcess> = {}): StepProcess => ({
      runnerId: RUNNER,
      runId: 1,
      jobId,
      stepId: stepSeq++,
      workspace,
      workingDirectory: '',
      env: {},
      shell: 'sh',
      script,
      ...overrides,
    });

    const run = async (e: DockerPodmanEngine, process: StepProcess) => {
      const chunks: Buffer[] = [];
      const started = await e.startStep(process, (b) => chunks.push(Buffer.from(b)));
      return { exit: await e.waitStep(started), output: Buffer.concat(chunks).toString() };
    };

    beforeAll(async () => {
      image = await buildServiceImage(kind, `engine-${kind}-${process.pid}`);
    }, 60_000);
    beforeEach(() => {
      workspace = mkdtempSync(join(tmpdir(), 'job-services-'));
      chownSync(workspace, 65534, 65534);
    });
    afterAll(async () => {
      for (const jobId of [JOB, JOB + 1, JOB + 2]) await engine.services.stopJob(RUNNER, jobId);
      if (image) await removeServiceImage(kind, image);
      rmSync(workspace, { recursive: true, force: true });
    }, 60_000);

    it('starts a service a step reaches by name, probes it, and removes it all with stopJob', async () => {
      const service = { name: 'redis', image, env: { GREETING: 'hi' }, limits: {} };
      const network = await engine.services.startJob({ runnerId: RUNNER, jobId: JOB, services: [service] });
      expect(network.name).toBe(`shithub-job-${JOB}`);
      expect(Object.keys(network.hosts)).toEqual(['redis']);
      const probe = await engine.services.probeService(JOB, 'redis', PING, 10_000);
      expect(probe).toEqual({ healthy: true, output: 'pong' });
      expect(await engine.services.probeService(JOB, 'redis', 'exit 3', 10_000)).toMatchObject({
        healthy: false,
      });
      const reached = await run(engine, step(JOB, 'wget -q -O- http://redis:6379/ping', { network }));
      expect(reached).toEqual({ exit: { exitCode: 0 }, output: 'pong\n' });
      // With engine.network = none, the job network is the step's only one.
      const isolated = new DockerPodmanEngine(testContainerSettings({ network: 'none' }, kind));
      expect((await run(isolated, step(JOB, 'wget -q -O- http://redis:6379/ping', { network }))).output).toBe(
        'pong\n',
      );
      await engine.services.stopJob(RUNNER, JOB);
      expect(await namedContainersOfJob(kind, JOB)).toEqual([]);
      expect(await jobNetworkExists(kind, JOB)).toBe(false);
      await engine.services.stopJob(RUNNER, JOB);
    }, 120_000);

    it('says why a service does not start, and stopJob still cleans up', async () => {
      const missing = { name: 'db', image: 'shithub/no-such-image:none', env: {}, limits: {} };
      await expect(
        engine.services.startJob({ runnerId: RUNNER, jobId: JOB + 1, services: [missing] }),
      ).rejects.toThrow(/service db \(shithub\/no-such-image:none\) did not start/);
      await engine.services.stopJob(RUNNER, JOB + 1);
      expect(await jobNetworkExists(kind, JOB + 1)).toBe(false);
    }, 60_000);

    it('lets the orphan GC remove a crashed job’s service and network, and keeps an active job’s', async () => {
      const service = { name: 'cache', image, env: {}, limits: {} };
      await engine.services.startJob({ runnerId: RUNNER, jobId: JOB + 2, services: [service] });
      expect(await engine.removeOrphans(RUNNER, [JOB + 2])).toBe(0);
      expect(await engine.removeOrphans(RUNNER, [])).toBe(2);
      expect(await namedContainersOfJob(kind, JOB + 2)).toEqual([]);
      expect(await jobNetworkExists(kind, JOB + 2)).toBe(false);
    }, 60_000);
  });
}
