/**
 * Builders for runner-registry tests: a memory world for domain tests and the harness
 * shape the RunnerStore contract suite drives on every backend.
 */
import { MemoryRunnerStore } from '../../src/adapters/memory/runner-store.js';
import { MemoryState } from '../../src/adapters/memory/state.js';
import type { Job, JobStatus } from '../../src/ports/model/run.js';
import type { RunnerStatus } from '../../src/ports/model/runner.js';
import type { RunnerStore } from '../../src/ports/runner-store.js';
import { FakeClock } from './fake-clock.js';
import { SeqRandom } from './seq-random.js';

/**
 * One backend under the RunnerStore contract. `heartbeat` and `addJob` stand in for the
 * claim path and the enqueue path, which belong to other ports.
 */
export interface RunnerStoreHarness {
  store: RunnerStore;
  /** Records a heartbeat as the claim operation would: `lastHeartbeatAt` (null: never) and status. */
  heartbeat(runnerId: number, at: Date | null, status: RunnerStatus): Promise<void>;
  /** Adds a job with `status`, assigned to `runnerId`. */
  addJob(runnerId: number, status: JobStatus): Promise<void>;
}

/** Opens a backend once per suite; `fresh` empties it for the next test. */
export interface RunnerStoreBackend {
  fresh(): Promise<RunnerStoreHarness>;
  close(): Promise<void>;
}

/** A memory job record with every field defaulted; only what a test names matters. */
export function makeMemoryJob(id: number, runnerId: number | null, status: JobStatus, at: Date): Job {
  return {
    id,
    runId: 1,
    jobIndex: id,
    jobKey: `job-${id}`,
    jobName: '',
    runsOn: [],
    runnerId,
    needsJobs: [],
    ifExpr: '',
    timeoutMinutes: 360,
    permissions: {},
    jobEnv: {},
    status,
    conclusion: status === 'completed' ? 'success' : null,
    statusReason: null,
    cancelRequested: false,
    cancelRequestedAt: null,
    deadlineAt: null,
    startedAt: status === 'queued' ? null : at,
    completedAt: status === 'completed' ? at : null,
    createdAt: at,
    updatedAt: at,
  };
}

/** A harness over a memory state (the contract suite's memory backend). */
export function memoryHarness(state: MemoryState): RunnerStoreHarness {
  return {
    store: new MemoryRunnerStore(state),
    heartbeat: (runnerId, at, status) =>
      state.transaction((tables) => {
        const runner = tables.runners.get(runnerId);
        if (!runner) throw new Error(`test heartbeat for unknown runner ${runnerId}`);
        runner.lastHeartbeatAt = at;
        runner.status = status;
      }),
    addJob: (runnerId, status) =>
      state.transaction((tables) => {
        const id = state.nextId('workflow_jobs');
        tables.jobs.set(id, makeMemoryJob(id, runnerId, status, new Date(0)));
      }),
  };
}

/** Domain-test world: memory store, a fake clock and sequential "random" bytes. */
export function makeRunnerWorld() {
  const state = new MemoryState();
  const clock = new FakeClock();
  const random = new SeqRandom();
  const harness = memoryHarness(state);
  const runners = harness.store;
  return {
    state,
    clock,
    random,
    runners,
    deps: { runners, clock, random },
    /** A heartbeat "now" on the fake clock. */
    heartbeat: (runnerId: number, status: RunnerStatus = 'idle') =>
      harness.heartbeat(runnerId, clock.now(), status),
    addJob: harness.addJob,
  };
}
