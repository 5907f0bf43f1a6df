/**
 * The `host` engine (SPEC §13): steps run as plain processes in the job workspace, as the
 * runner user, with NO isolation — for development and tests only; the runner warns on
 * every job. Each step gets its own process group (`detached`) so a stop, a kill or the
 * step's own end reaches every process it started: like a container, a step leaves nothing
 * running behind it (`sleep 600 &` dies with the step). With `groupsDir`, each group is
 * recorded in a pid file, so `removeOrphans` after a `kill -9` of the runner kills them.
 */
import { posix, resolve } from 'node:path';
import { invalid } from '../../domain/errors.js';
import type { ContainerEngine, StartedStep, StepExit, StepProcess } from '../../ports/container-engine.js';
import { exitOf } from './exit-of.js';
import { HostStepGroups, killGroup } from './host-step-groups.js';

interface Running {
  pid: number | undefined;
  exit: Promise<StepExit>;
  done: boolean;
}

export interface HostEngineOptions {
  /** PATH for steps that do not set their own (the runner's environment is not inherited). */
  path: string;
  /** Where the pid files of running steps' process groups live (the runner's state folder). */
  groupsDir?: string;
}

export class HostEngine implements ContainerEngine {
  readonly isolated = false;
  /** No job networks or sidecars here: a job with `container:` or `services:` is refused. */
  readonly services = null;
  private readonly running = new Map<string, Running>();
  private readonly groups: HostStepGroups | null;

  constructor(private readonly opts: HostEngineOptions) {
    this.groups = opts.groupsDir ? new HostStepGroups(opts.groupsDir) : null;
  }

  stepWorkspace(hostWorkspace: string): string {
    return hostWorkspace;
  }

  stepShared(hostShared: string): string {
    return hostShared;
  }

  async startStep(step: StepProcess, onOutput: (bytes: Uint8Array) => void): Promise<StartedStep> {
    const cwd = workingDirectory(step.workspace, step.workingDirectory);
    const [file, args] =
      step.shell === 'sh'
        ? ['sh', ['-e', '-c', step.script]]
        : ['bash', ['-e', '-o', 'pipefail', '-c', step.script]];
    // execa is loaded with the first step, not with the idle runner (SPEC §20: its RSS).
    const { execa } = await import('execa');
    const child = execa(file, args, {
      cwd,
      env: { PATH: this.opts.path, HOME: step.workspace, ...step.env },
      extendEnv: false,
      stdin: 'ignore',
      all: true,
      buffer: false,
      reject: false,
      detached: true,
    });
    const pid = child.pid;
    // Recorded before anything else runs (see HostStepGroups.record).
    if (pid !== undefined) this.groups?.record(step.jobId, step.stepId, pid);
    // The shell is gone: whatever it left in its group would hold the output pipe open.
    child.once('exit', () => pid !== undefined && killGroup(pid, 'SIGKILL'));
    child.all.on('data', (chunk: Buffer) => onOutput(chunk));
    const name = `host-job-${step.jobId}-step-${step.stepId}`;
    const running: Running = {
      pid,
      done: false,
      exit: child.then((r) => exitOf(r, onOutput)),
    };
    void running.exit.finally(() => {
      running.done = true;
      this.running.delete(name);
      void this.groups?.forget(step.jobId, step.stepId).catch(() => undefined);
    });
    this.running.set(name, running);
    return { name };
  }

  waitStep(step: StartedStep): Promise<StepExit> {
    return this.running.get(step.name)?.exit ?? Promise.resolve({ exitCode: null });
  }

  async stopStep(step: StartedStep, graceMs: number): Promise<void> {
    const running = this.running.get(step.name);
    if (!running) return;
    signalGroup(running, 'SIGTERM');
    const timer = setTimeout(() => signalGroup(running, 'SIGKILL'), graceMs);
    void running.exit.finally(() => clearTimeout(timer));
  }

  async killStep(step: StartedStep): Promise<void> {
    const running = this.running.get(step.name);
    if (running) signalGroup(running, 'SIGKILL');
  }

  /** Kills the recorded process groups of jobs not running here (an earlier process's). */
  async removeOrphans(_runnerId: number, activeJobIds: readonly number[]): Promise<number> {
    return (await this.groups?.killOrphans(activeJobIds)) ?? 0;
  }
}

function signalGroup(running: Running, signal: NodeJS.Signals): void {
  if (running.done || running.pid === undefined) return;
  killGroup(running.pid, signal);
}

/** The workspace joined with a relative directory that must stay inside it. */
function workingDirectory(workspace: string, dir: string): string {
  const cleaned = dir === '' ? '.' : posix.normalize(dir);
  if (dir.includes('\0') || dir.startsWith('/') || cleaned === '..' || cleaned.startsWith('../')) {
    throw invalid(
      'step.working_directory_invalid',
      `working-directory "${dir}" must be a path inside the workspace`,
    );
  }
  return resolve(workspace, cleaned);
}
