/**
 * The runner's end-to-end checks (issue #5 "done when"), defined once and run by
 * test/e2e/runner-host.test.ts (always), runner-docker.test.ts and runner-podman.test.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ContainerEngineKind } from '../../../src/adapters/engine/run-args.js';
import { containersOfJob, SECCOMP_PROFILE, TEST_IMAGE } from './docker.js';
import { eventually, type Forge, startForge, startRunner } from './runner-e2e.js';

type Json = Record<string, unknown>;
const SECRET = 'S41J-value-7f3a9c';
const E2E_TIMEOUT_MS = 120_000;
const MULTI = 'first-line-secret\nsecond-line-secret';
const SMOKE = `name: Smoke
on:
  push:
    branches: [trunk]
jobs:
  green:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: Verify checkout
        run: test -f README.md || test -f readme.md || pwd
      - name: Smoke
        run: printf 'shithub actions smoke passed\\n'
`;

type Engine = 'host' | ContainerEngineKind;

export function runnerFlags(engine: Engine): Record<string, unknown> {
  if (engine === 'host') return { engine: 'host' };
  return {
    engine,
    image: TEST_IMAGE,
    pull: 'never',
    network: 'shithub-actions',
    seccompProfile: SECCOMP_PROFILE,
    memory: '512m',
    cpus: '1',
  };
}

/** Waits until the newest run's job of `repo` is terminal; returns it. */
export async function finishedJob(forge: Forge, repo: string, timeoutMs = 90_000): Promise<Json> {
  return eventually(async () => {
    const [job] = await forge.latestJobs(repo);
    return job && ['completed', 'cancelled', 'skipped'].includes(String(job.job_status)) ? job : undefined;
  }, timeoutMs);
}

/**
 * How long a `timeout-minutes` minute lasts on the suite's runner: a real minute on Docker
 * (CI runs the runbook's one-minute timeout as it is), three seconds on the host engine and
 * on Podman, which prove the same timeout without waiting a minute again.
 */
export function suiteMinuteMs(engine: Engine): number {
  return engine === 'docker' ? 60_000 : 3_000;
}

export function defineRunnerSmoke(engine: Engine): void {
  const minuteMs = suiteMinuteMs(engine);
  let forge: Forge;
  let runner: Awaited<ReturnType<typeof startRunner>>;

  beforeAll(async () => {
    forge = await startForge({
      repos: [
        { name: 'scratch' },
        { name: 'vault', private: true },
        { name: 'secrets' },
        { name: 'cancel' },
        { name: 'timeout' },
        { name: 'outage' },
        { name: 'crash' },
        { name: 'seccomp' },
      ],
      runners: ['runner-1', 'runner-2'],
      secrets: [
        { repo: 'secrets', name: 'S41J_SECRET_SMOKE', value: SECRET },
        { repo: 'secrets', name: 'MULTI', value: MULTI },
      ],
    });
    runner = await startRunner(forge, forge.runners['runner-1']!.token, runnerFlags(engine), minuteMs);
  }, 120_000);
  afterAll(async () => {
    await runner?.stop();
    await forge?.close();
  }, E2E_TIMEOUT_MS);

  it(
    'runs the smoke workflow of a public and a private repository to success on one runner',
    async () => {
      const shas: Record<string, string> = {};
      for (const repo of ['scratch', 'vault']) {
        shas[repo] = await forge.push(repo, {
          'README.md': `# ${repo}\n`,
          '.shithub/workflows/smoke.yml': SMOKE,
        });
      }
      for (const repo of ['scratch', 'vault']) {
        const job = await finishedJob(forge, repo);
        expect([job.job_status, job.conclusion]).toEqual(['completed', 'success']);
        const steps = job.steps as Json[];
        expect(steps.map((s) => s.conclusion)).toEqual(['success', 'success', 'success']);
        const log = await forge.jobLog(repo, Number(job.id));
        expect(log).toContain(`Checking out ${forge.server.url}/ada/${repo}.git at ${shas[repo]}`);
        expect(log).toContain('shithub actions smoke passed');
        const expected = steps
          .map((s) => {
            const text = runner.sent
              .filter((c) => c.stepId === s.id)
              .sort((a, b) => a.seq - b.seq)
              .map((c) => c.text)
              .join('');
            return `##[group]${s.name}\n${text}${text === '' || text.endsWith('\n') ? '' : '\n'}##[endgroup]\n`;
          })
          .join('');
        expect(log).toBe(expected);
      }
    },
    E2E_TIMEOUT_MS,
  );

  it(
    'never lets a secret reach the server unscrubbed: plain, split across writes, base64, multi-line',
    async () => {
      const secret = SECRET;
      const workflow = `on: { push: { branches: [trunk] } }
jobs:
  leak:
    runs-on: ubuntu-latest
    steps:
      - env: { S: "\${{ secrets.S41J_SECRET_SMOKE }}", M: "\${{ secrets.MULTI }}" }
        run: |
          echo "plain $S"
          printf 'split %s' "\${S%???????}"; sleep 1.5; printf '%s end\\n' "\${S#??????????}"
          printf '%s' "$S" | base64
          printf '%s\\n' "$M"
`;
      await forge.push('secrets', { '.shithub/workflows/leak.yml': workflow });
      const job = await finishedJob(forge, 'secrets');
      expect(job.conclusion).toBe('success');
      const sent = runner.sent.filter((c) => c.jobId === job.id).map((c) => c.text);
      const all = sent.join('');
      expect(all).toContain('plain ***');
      expect(all).toContain('split ***');
      const b64 = Buffer.from(secret).toString('base64');
      for (const leaked of [secret, b64, 'first-line-secret', 'second-line-secret']) {
        expect(sent.some((text) => text.includes(leaked))).toBe(false);
      }
      expect(await forge.jobLog('secrets', Number(job.id))).not.toContain(secret);
      expect(await forge.metric('log_scrub_replacements_total{location="server"}')).toBe(0);
    },
    E2E_TIMEOUT_MS,
  );

  it(
    'cancels a running job within seconds and kills its step',
    async () => {
      const workflow = `on: { push: { branches: [trunk] } }
jobs:
  long:
    runs-on: ubuntu-latest
    steps:
      - run: echo started; sleep 600
`;
      await forge.push('cancel', { '.shithub/workflows/long.yml': workflow });
      const running = await eventually(async () => {
        const [job] = await forge.latestJobs('cancel');
        const steps = (job?.steps as Json[] | undefined) ?? [];
        return job && steps[0]?.status === 'in_progress' ? job : undefined;
      });
      const t0 = Date.now();
      const answer = await forge.api(`/api/v1/jobs/${running.id}/cancel`, { method: 'POST' });
      expect(answer.status).toBe(202);
      const job = await finishedJob(forge, 'cancel', 45_000);
      expect([job.job_status, job.conclusion]).toEqual(['cancelled', 'cancelled']);
      // SIGTERM, 10 s grace, then kill (SPEC §10.3): bash as PID 1 ignores the SIGTERM. About
      // 14 s on a quiet machine; the bound leaves room for a loaded CI host, far below the
      // step's own length.
      expect(Date.now() - t0).toBeLessThan(40_000);
      await eventually(async () => (runner.daemon.state.active.size === 0 ? true : undefined), 15_000);
      // `--rm` removes the stopped container moments after the job was reported.
      if (engine !== 'host') await noContainersLeft(engine, Number(job.id));
    },
    E2E_TIMEOUT_MS,
  );

  it('times out a step past its timeout-minutes: step and job completed/timed_out, counted', async () => {
    const workflow = `on: { push: { branches: [trunk] } }
jobs:
  timeout_probe:
    runs-on: ubuntu-latest
    timeout-minutes: 1
    steps:
      - run: sleep 600
`;
    const before = await forge.metric('step_timeouts_total');
    const t0 = Date.now();
    await forge.push('timeout', { '.shithub/workflows/timeout.yml': workflow });
    const job = await finishedJob(forge, 'timeout', 120_000);
    expect([job.job_status, job.conclusion]).toEqual(['completed', 'timed_out']);
    expect((job.steps as Json[])[0]).toMatchObject({ status: 'completed', conclusion: 'timed_out' });
    // The runner's deadline (one of its minutes) ends the step, well before the server's own
    // deadline (one real minute after the claim) would.
    const took = Date.now() - t0;
    expect(took).toBeGreaterThan(minuteMs - 1_000);
    expect(took).toBeLessThan(minuteMs + 40_000);
    expect(await forge.metric('step_timeouts_total')).toBe(before + 1);
  }, 150_000);

  it(
    'keeps a job queued, labels visible, while every runner is drained, and runs it after undrain',
    async () => {
      const { id } = forge.runners['runner-1']!;
      const other = forge.runners['runner-2']!.id;
      await forge.adminCli(['admin', 'runner', 'drain', '--id', String(id), '--reason', 'maintenance']);
      await forge.adminCli(['admin', 'runner', 'drain', '--id', String(other), '--reason', 'maintenance']);
      await forge.push('outage', { '.shithub/workflows/smoke.yml': SMOKE, 'README.md': '# outage\n' });
      await new Promise((resolve) => setTimeout(resolve, 3000));
      const [queued] = await forge.latestJobs('outage');
      expect(queued).toMatchObject({ job_status: 'queued', labels: ['ubuntu-latest'] });
      const queue = JSON.parse(
        await forge.adminCli(['admin', 'runner', 'queue', '--output', 'json']),
      ) as unknown;
      expect(JSON.stringify(queue)).toContain('ubuntu-latest');
      await forge.adminCli(['admin', 'runner', 'undrain', '--id', String(id)]);
      const job = await finishedJob(forge, 'outage');
      expect([job.id, job.job_status, job.conclusion]).toEqual([queued?.id, 'completed', 'success']);
      await forge.adminCli(['admin', 'runner', 'undrain', '--id', String(other)]);
    },
    E2E_TIMEOUT_MS,
  );

  // Only containers have the seccomp profile; the host engine runs steps as plain processes.
  if (engine !== 'host')
    it(
      'fails a step whose syscall the seccomp profile denies (a user namespace), and goes on',
      async () => {
        const workflow = `on: { push: { branches: [trunk] } }
jobs:
  escape:
    runs-on: ubuntu-latest
    steps:
      - run: unshare -U -r id
      - if: always()
        run: echo still here
`;
        await forge.push('seccomp', { '.shithub/workflows/escape.yml': workflow });
        const job = await finishedJob(forge, 'seccomp');
        expect((job.steps as Json[]).map((s) => s.conclusion)).toEqual(['failure', 'success']);
        expect(await forge.jobLog('seccomp', Number(job.id))).toContain('Operation not permitted');
      },
      E2E_TIMEOUT_MS,
    );

  it('after kill -9 of the runner mid-job, a restart removes its orphans and the server finalises the job', async () => {
    await runner.stop();
    const workspaceRoot = join(forge.dir, 'crash-ws');
    const argv = ['run', '--server-url', forge.server.url, '--token', forge.runners['runner-2']!.token];
    argv.push('--workspace-root', workspaceRoot, '--long-poll', '5s');
    for (const [flag, value] of Object.entries(runnerFlags(engine)))
      argv.push(`--${kebab(flag)}`, String(value));
    const child = execa(process.execPath, [RUNNER_BIN, ...argv], { env: process.env, reject: false });
    await forge.push('crash', { '.shithub/workflows/long.yml': BACKGROUNDED });
    const running = await eventually(async () => {
      const [job] = await forge.latestJobs('crash');
      return job && (job.steps as Json[])[0]?.status === 'in_progress' ? job : undefined;
    });
    if (engine !== 'host')
      await eventually(async () =>
        (await containersOfJob(engine, Number(running.id))).length > 0 ? true : undefined,
      );
    const background = engine === 'host' ? await eventually(async () => backgroundPid(workspaceRoot)) : 0;
    child.kill('SIGKILL');
    await child;
    if (engine !== 'host') expect(await containersOfJob(engine, Number(running.id))).toHaveLength(1);
    // The step's process group outlived the runner: only the restart's pid-file sweep ends it.
    if (engine === 'host') expect(isRunning(background)).toBe(true);
    runner = await startRunner(
      forge,
      forge.runners['runner-2']!.token,
      { ...runnerFlags(engine), workspaceRoot },
      minuteMs,
    );
    const job = await finishedJob(forge, 'crash', 30_000);
    expect(job.id).toBe(running.id);
    expect(job.job_status).not.toBe('running');
    expect(job.conclusion).toBe('failure');
    if (engine !== 'host') await noContainersLeft(engine, Number(running.id));
    if (engine === 'host') await eventually(async () => (isRunning(background) ? undefined : true), 30_000);
  }, 120_000);
}

const BACKGROUNDED = `on: { push: { branches: [trunk] } }
jobs:
  long:
    runs-on: ubuntu-latest
    steps:
      - run: sleep 600 & echo $! > bg.pid; echo crash; wait
`;

/** The pid a host step wrote to `bg.pid` in its workspace, once it has. */
function backgroundPid(workspaceRoot: string): number | undefined {
  const found = readdirSync(workspaceRoot, { recursive: true, encoding: 'utf8' }).find((f) =>
    f.endsWith('bg.pid'),
  );
  const text = found ? readFileSync(join(workspaceRoot, found), 'utf8').trim() : '';
  return text ? Number(text) : undefined;
}

/** True while `pid` runs (a zombie counts as gone). */
function isRunning(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

const RUNNER_BIN = resolve(import.meta.dirname, '../../../bin/shithubd-runner.js');

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

async function noContainersLeft(engine: ContainerEngineKind, jobId: number): Promise<void> {
  await eventually(
    async () => ((await containersOfJob(engine, jobId)).length === 0 ? true : undefined),
    15_000,
  );
}
