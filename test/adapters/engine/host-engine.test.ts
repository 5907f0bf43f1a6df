import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HostEngine } from '../../../src/adapters/engine/host.js';
import type { StepProcess } from '../../../src/ports/container-engine.js';
import { EventRecorder } from '../../support/event-recorder.js';

let workspace: string;
const engine = new HostEngine({ path: process.env.PATH ?? '/usr/bin:/bin' });

function step(script: string, overrides: Partial<StepProcess> = {}): StepProcess {
  return {
    runnerId: 1,
    runId: 1,
    jobId: 2,
    stepId: 3,
    workspace,
    workingDirectory: '',
    env: {},
    shell: 'bash',
    script,
    ...overrides,
  };
}

async function run(process: StepProcess) {
  const chunks: Buffer[] = [];
  const started = await engine.startStep(process, (b) => chunks.push(Buffer.from(b)));
  const exit = await engine.waitStep(started);
  return { exit, output: Buffer.concat(chunks).toString() };
}

/** Starts a step whose script prints `ready` once it is set up; resolves at that point. */
async function startReady(script: string) {
  const output = new EventRecorder<string>();
  const started = await engine.startStep(step(script), (b) => output.listener(Buffer.from(b).toString()));
  await output.waitUntil((chunks) => chunks.join('').includes('ready\n'), 'the step to print ready');
  return started;
}

/** True while `pid` runs (a zombie counts as gone: its group was killed). */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

async function goneWithin(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (alive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}

const backgroundPid = () => Number(readFileSync(join(workspace, 'bg.pid'), 'utf8'));

beforeEach(() => {
  workspace = mkdtempSync(join(tmpdir(), 'host-engine-'));
});
afterEach(() => rmSync(workspace, { recursive: true, force: true }));

describe('host engine', () => {
  it('runs the script in the workspace with the step env only, stdout and stderr both captured', async () => {
    const { exit, output } = await run(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell default, not a template
      step('echo "$GREETING from $(pwd)"; echo oops >&2; echo "token=${SHITHUB_RUNNER_TOKEN:-none}"', {
        env: { GREETING: 'hi' },
      }),
    );
    expect(exit).toEqual({ exitCode: 0 });
    expect(output.split('\n').sort()).toEqual(['', `hi from ${workspace}`, 'oops', 'token=none']);
  });

  it('reports the exit status, with bash -e -o pipefail semantics', async () => {
    expect((await run(step('false | true; echo never'))).exit).toEqual({ exitCode: 1 });
    expect((await run(step('exit 7', { shell: 'sh' }))).exit).toEqual({ exitCode: 7 });
  });

  it('runs in a working directory inside the workspace and refuses one outside it', async () => {
    mkdirSync(join(workspace, 'sub'));
    expect((await run(step('pwd', { workingDirectory: 'sub/' }))).output).toBe(`${join(workspace, 'sub')}\n`);
    await expect(
      engine.startStep(step('pwd', { workingDirectory: '../..' }), () => undefined),
    ).rejects.toThrow(/must be a path inside the workspace/);
  });

  it('says why a step could not start', async () => {
    const { exit, output } = await run(step('true', { workingDirectory: 'missing' }));
    expect(exit).toEqual({ exitCode: 127 });
    expect(output).toContain('could not start');
  });

  it('stops the whole process group on stop, and kills one that ignores SIGTERM after the grace', async () => {
    const started = await startReady('sleep 30 & echo ready; wait');
    await engine.stopStep(started, 5000);
    expect(await engine.waitStep(started)).toEqual({ exitCode: null });
    const stubborn = await startReady("trap '' TERM; sleep 30 & echo ready; wait; sleep 30");
    const t0 = Date.now();
    await engine.stopStep(stubborn, 300);
    expect(await engine.waitStep(stubborn)).toEqual({ exitCode: null });
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('kills at once', async () => {
    const started = await engine.startStep(step('sleep 30'), () => undefined);
    await engine.killStep(started);
    expect(await engine.waitStep(started)).toEqual({ exitCode: null });
  });

  it('leaves nothing behind when a step that started `sleep 600 &` ends', async () => {
    const t0 = Date.now();
    const { exit } = await run(step('sleep 600 & echo $! > bg.pid; echo started'));
    expect(exit).toEqual({ exitCode: 0 });
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(await goneWithin(backgroundPid(), 2000)).toBe(true);
  });

  it('kills the background processes of a cancelled step too', async () => {
    const started = await startReady('sleep 600 & echo $! > bg.pid; echo ready; wait');
    await engine.stopStep(started, 5000);
    await engine.waitStep(started);
    expect(await goneWithin(backgroundPid(), 2000)).toBe(true);
  });

  it('records each step’s process group and kills those of jobs an earlier process left', async () => {
    const groupsDir = join(workspace, '.state', 'host-steps');
    const crashed = new HostEngine({ path: process.env.PATH ?? '/usr/bin:/bin', groupsDir });
    const output = new EventRecorder<string>();
    const started = await crashed.startStep(
      step('sleep 600 & echo $! > bg.pid; echo ready; wait', { jobId: 5 }),
      (b) => output.listener(Buffer.from(b).toString()),
    );
    await output.waitUntil((chunks) => chunks.join('').includes('ready\n'), 'the step to print ready');
    expect(readdirSync(groupsDir)).toEqual(['job-5-step-3.json']);
    const restarted = new HostEngine({ path: process.env.PATH ?? '/usr/bin:/bin', groupsDir });
    expect(await restarted.removeOrphans(1, [5])).toBe(0);
    expect(alive(backgroundPid())).toBe(true);
    expect(await restarted.removeOrphans(1, [])).toBe(1);
    expect(await crashed.waitStep(started)).toEqual({ exitCode: null });
    expect(await goneWithin(backgroundPid(), 2000)).toBe(true);
    expect(readdirSync(groupsDir)).toEqual([]);
  });
});
