/**
 * A container engine that runs nothing: each step follows a behaviour chosen by its script
 * (`exit 3`, `hang`, `stubborn`, `sleep 5000`, `print <line>`, `write <text>`,
 * `append <VAR> <text>` — appends the text, `\n` read as a newline, to the file the step's
 * env VAR names), on the fake timer.
 */
import type {
  ContainerEngine,
  StartedStep,
  StepExit,
  StepProcess,
} from '../../../src/ports/container-engine.js';
import type { Timer } from '../../../src/ports/timer.js';
import type { MemoryStepFiles } from './fake-host.js';
import { FakeServices } from './fake-services.js';

export interface FakeBehaviour {
  /** Written one piece per write, before the step ends. */
  output?: string[];
  exitCode?: number;
  /** Runs until stopped or killed. */
  hang?: boolean;
  /** Ignores stop (SIGTERM); only a kill ends it. */
  ignoreStop?: boolean;
  /** Ends by itself after this much fake time. */
  durationMs?: number;
  /** [env var naming a file, text] to append before the step ends. */
  appends?: [string, string][];
}

interface Running {
  process: StepProcess;
  exit: Promise<StepExit>;
  finish: (exit: StepExit) => void;
  behaviour: FakeBehaviour;
  done: boolean;
}

/** The default reading of a script: `print X` lines, `append VAR X`, then `exit N`, `hang`, `stubborn`, `sleep MS`. */
export function behaviourOf(script: string): FakeBehaviour {
  const behaviour: FakeBehaviour = { output: [] };
  for (const line of script.split('\n')) {
    const [word, ...rest] = line.trim().split(' ');
    const arg = rest.join(' ');
    if (word === 'print') behaviour.output?.push(`${arg}\n`);
    if (word === 'write') behaviour.output?.push(arg);
    if (word === 'exit') behaviour.exitCode = Number(arg);
    if (word === 'hang') behaviour.hang = true;
    if (word === 'stubborn') Object.assign(behaviour, { hang: true, ignoreStop: true });
    if (word === 'sleep') behaviour.durationMs = Number(arg);
    if (word === 'append') {
      const [name = '', ...text] = rest;
      behaviour.appends = [...(behaviour.appends ?? []), [name, text.join(' ').replace(/\\n/g, '\n')]];
    }
  }
  return behaviour;
}

export class FakeEngine implements ContainerEngine {
  readonly isolated: boolean;
  /** Present on an isolated engine, as on docker/podman; null like the host engine's. */
  readonly services: FakeServices | null;
  readonly started: StepProcess[] = [];
  readonly stopped: string[] = [];
  readonly killed: string[] = [];
  readonly gcCalls: { runnerId: number; active: number[] }[] = [];
  /** What `removeOrphans` answers. */
  orphans = 0;
  private running = new Map<string, Running>();

  private readonly files: MemoryStepFiles | undefined;

  constructor(
    private readonly timer: Timer,
    opts: { isolated?: boolean; files?: MemoryStepFiles } = {},
  ) {
    this.isolated = opts.isolated ?? true;
    this.services = this.isolated ? new FakeServices() : null;
    this.files = opts.files;
  }

  stepWorkspace(): string {
    return '/workspace';
  }

  stepShared(): string {
    return '/__shithub';
  }

  /** Steps started and not yet ended. */
  live(): StepProcess[] {
    return [...this.running.values()].filter((r) => !r.done).map((r) => r.process);
  }

  async startStep(process: StepProcess, onOutput: (bytes: Uint8Array) => void): Promise<StartedStep> {
    this.started.push(process);
    const part = process.part === undefined ? '' : `-${process.part}`;
    const name = `shithub-job-${process.jobId}-step-${process.stepId}${part}`;
    const behaviour = behaviourOf(process.script);
    let finish: (exit: StepExit) => void = () => undefined;
    const exit = new Promise<StepExit>((resolve) => {
      finish = resolve;
    });
    const run: Running = { process, exit, behaviour, done: false, finish: () => undefined };
    run.finish = (result) => {
      if (run.done) return;
      run.done = true;
      finish(result);
    };
    this.running.set(name, run);
    for (const piece of behaviour.output ?? []) onOutput(new TextEncoder().encode(piece));
    for (const [name, text] of behaviour.appends ?? []) {
      const path = process.env[name] ?? '';
      this.files?.append(path.replace(/^\/__shithub/, process.shared ?? ''), text);
    }
    if (behaviour.durationMs !== undefined) {
      void this.timer
        .sleep(behaviour.durationMs)
        .then(() => run.finish({ exitCode: behaviour.exitCode ?? 0 }));
    } else if (!behaviour.hang) {
      queueMicrotask(() => run.finish({ exitCode: behaviour.exitCode ?? 0 }));
    }
    return { name };
  }

  waitStep(step: StartedStep): Promise<StepExit> {
    const run = this.running.get(step.name);
    if (!run) throw new Error(`fake engine: unknown step ${step.name}`);
    return run.exit;
  }

  async stopStep(step: StartedStep): Promise<void> {
    this.stopped.push(step.name);
    const run = this.running.get(step.name);
    if (run && !run.behaviour.ignoreStop) run.finish({ exitCode: 143 });
  }

  async killStep(step: StartedStep): Promise<void> {
    this.killed.push(step.name);
    this.running.get(step.name)?.finish({ exitCode: null });
  }

  async removeOrphans(runnerId: number, activeJobIds: readonly number[]): Promise<number> {
    this.gcCalls.push({ runnerId, active: [...activeJobIds] });
    return this.orphans;
  }
}
