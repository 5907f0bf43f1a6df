/**
 * A runner on fakes: fake clock and timer, sequential randomness (backoff jitter), stateful
 * control plane, fake engine and host.
 */
import type { AgentSettings, AgentState, RunAgentDeps } from '../../../src/domain/agent/run-agent.js';
import { runAgent } from '../../../src/domain/agent/run-agent.js';
import type { AssignedJob, AssignedStep } from '../../../src/ports/model/assignment.js';
import type { Random } from '../../../src/ports/random.js';
import { FakeClock } from '../fake-clock.js';
import { SeqRandom } from '../seq-random.js';
import { FakeArtifactServer, MemoryArtifactFiles } from './fake-artifacts.js';
import { FakeControlPlane } from './fake-control-plane.js';
import { FakeEngine } from './fake-engine.js';
import { FakeCheckout, MemorySpool, MemoryStepFiles, MemoryWorkspace, RecordingLog } from './fake-host.js';
import { FakeTimer } from './fake-timer.js';

export const SHA = 'a'.repeat(40);

let nextJobId = 100;
let nextStepId = 1000;

/** A step with sensible defaults. */
export function step(overrides: Partial<AssignedStep> = {}): AssignedStep {
  const id = overrides.id ?? nextStepId++;
  return {
    id,
    index: 0,
    stepKey: '',
    name: `step ${id}`,
    ifExpr: '',
    run: '',
    uses: '',
    shell: '',
    workingDirectory: '',
    env: {},
    with: {},
    continueOnError: false,
    timeoutMinutes: null,
    ...overrides,
  };
}

/** A job of the given steps (indexes are filled in). */
export function job(steps: AssignedStep[], overrides: Partial<AssignedJob> = {}): AssignedJob {
  const id = overrides.id ?? nextJobId++;
  return {
    id,
    runId: id * 10,
    repoId: 1,
    runIndex: 1,
    workflowFile: '.shithub/workflows/ci.yml',
    workflowName: 'CI',
    checkoutUrl: 'http://forge.test/alice/demo.git',
    checkoutToken: 'checkout-token-secret',
    headSha: SHA,
    headRef: 'refs/heads/trunk',
    event: 'push',
    eventPayload: {},
    jobKey: 'build',
    jobName: 'build',
    runsOn: ['ubuntu-latest'],
    ifExpr: '',
    timeoutMinutes: 360,
    permissions: {},
    secrets: null,
    maskValues: null,
    env: {},
    steps: steps.map((s, index) => ({ ...s, index })),
    ...overrides,
  };
}

export const SETTINGS: AgentSettings = {
  labels: ['self-hosted', 'linux', 'ubuntu-latest', 'x64'],
  capacity: 1,
  longPollSeconds: 30,
  pollIntervalMs: 5000,
  hostName: 'fake-host',
  version: 'test',
};

/** `random` replaces the sequential randomness (a test that pins the backoff jitter). */
export function makeAgentWorld(opts: { isolated?: boolean; random?: Random } = {}) {
  const clock = new FakeClock();
  const timer = new FakeTimer(clock);
  const controlPlane = new FakeControlPlane(timer);
  const files = new MemoryStepFiles();
  const engine = new FakeEngine(timer, { ...opts, files });
  const checkout = new FakeCheckout();
  const workspace = new MemoryWorkspace();
  const spool = new MemorySpool();
  const log = new RecordingLog();
  const random = opts.random ?? new SeqRandom();
  const artifacts = new FakeArtifactServer(controlPlane);
  const artifactFiles = new MemoryArtifactFiles();
  const deps: RunAgentDeps = {
    controlPlane,
    engine,
    checkout,
    files,
    workspace,
    spool,
    timer,
    clock,
    random,
    log,
    artifacts,
    artifactFiles,
  };
  return {
    clock,
    timer,
    controlPlane,
    engine,
    checkout,
    files,
    workspace,
    spool,
    random,
    log,
    artifacts,
    artifactFiles,
    deps,
    /** Starts the loop; returns its controls. */
    start(settings: Partial<AgentSettings> = {}) {
      const stopClaiming = new AbortController();
      const shutdown = new AbortController();
      const state: AgentState = { runnerId: 0, active: new Map() };
      let finished = false;
      const done = runAgent(deps, {
        settings: { ...SETTINGS, ...settings },
        signals: { stopClaiming: stopClaiming.signal, shutdown: shutdown.signal },
        state,
      }).then(() => {
        finished = true;
      });
      return {
        state,
        done,
        finished: () => finished,
        stopClaiming: () => stopClaiming.abort(),
        shutdown: () => shutdown.abort(),
      };
    },
    /** True once the job reached a terminal status on the fake server. */
    ended(jobId: number): boolean {
      const j = controlPlane.jobs.get(jobId);
      return j !== undefined && j.status !== 'running' && j.status !== 'queued';
    },
  };
}

export type AgentWorld = ReturnType<typeof makeAgentWorld>;

/** Runs one job through a fresh loop until the fake server has its final status. */
export async function runOneJob(w: AgentWorld, j: AssignedJob, maxMs = 24 * 3_600_000): Promise<void> {
  w.controlPlane.enqueue(j);
  const agent = w.start();
  await w.timer.until(() => w.ended(j.id) && agent.state.active.size === 0, { stepMs: 250, maxMs });
  agent.stopClaiming();
  await w.timer.until(agent.finished);
}

/** The fake server's [status, conclusion] of each step of a job, in step order. */
export function stepResults(w: AgentWorld, j: AssignedJob): string[] {
  const fake = w.controlPlane.job(j.id);
  return j.steps.map((s) => {
    const r = fake.steps.get(s.id);
    return `${r?.status}/${r?.conclusion}`;
  });
}

export function jobResult(w: AgentWorld, j: AssignedJob): string {
  const fake = w.controlPlane.job(j.id);
  return `${fake.status}/${fake.conclusion}`;
}
