/**
 * A stateful stand-in for the server's runner API (Buildkite-style): it keeps job and step
 * states, enforces the transitions of SPEC §7.2 (409 otherwise), hands out single-use
 * tokens (a replay is 401), stores log chunks per (step, seq) idempotently, and can lose
 * answers or be unreachable on demand.
 */
import type {
  ControlPlane,
  HeartbeatInput,
  HeartbeatOutcome,
  JobCallOutcome,
  LogChunk,
  Rejection,
} from '../../../src/ports/control-plane.js';
import type { AssignedJob, StatusReport } from '../../../src/ports/model/assignment.js';
import type { Conclusion } from '../../../src/ports/model/run.js';
import type { Timer } from '../../../src/ports/timer.js';

type Status = 'queued' | 'running' | 'completed' | 'cancelled' | 'skipped';

export interface FakeRecord {
  status: Status;
  conclusion: Conclusion | null;
}

export interface FakeJob extends FakeRecord {
  job: AssignedJob;
  steps: Map<number, FakeRecord>;
  logs: Map<number, Map<number, Uint8Array>>;
  cancelRequested: boolean;
  /** Every call the runner made for this job, in order (`status running`, `log 3#0`, …). */
  calls: string[];
  /** Every accepted status report with its extras: steps by id, the job's own. */
  stepReports: Map<number, StatusReport[]>;
  jobReports: StatusReport[];
  /** `add_masks` values, in the order the calls carried them. */
  addedMasks: string[];
}

const ALLOWED: Record<string, readonly Status[]> = {
  running: ['queued', 'running'],
  completed: ['queued', 'running', 'completed'],
  cancelled: ['queued', 'running', 'cancelled'],
  skipped: ['queued', 'running', 'skipped'],
};

type CallName = 'appendLog' | 'reportStep' | 'reportJob' | 'checkCancel' | 'recoverToken' | 'heartbeat';

const reject = (status: number, code: string, message = code): Rejection => ({
  kind: 'rejected',
  status,
  code,
  message,
  retryAfterMs: null,
});

export class FakeControlPlane implements ControlPlane {
  readonly jobs = new Map<number, FakeJob>();
  readonly heartbeats: HeartbeatInput[] = [];
  readonly queued: AssignedJob[] = [];
  /** Calls that throw before doing anything while this is set (server down). */
  unreachable = false;
  /** Calls whose next N answers are lost after the work was done. */
  readonly loseAnswers = new Map<CallName, number>();
  /** Answers for the next heartbeats, used before the queue. */
  readonly heartbeatScript: (Rejection | 'throw')[] = [];
  runnerId = 7;
  /** A draining runner's heartbeats answer 204 at once, long poll or not. */
  draining = false;
  private tokens = new Map<string, { jobId: number; used: boolean }>();
  private tokenSeq = 0;
  private wake: (() => void) | null = null;

  constructor(private readonly timer: Timer) {}

  /** Queues a job for the next heartbeat and wakes a waiting long poll. */
  enqueue(job: AssignedJob): void {
    this.queued.push(job);
    this.wake?.();
  }

  requestCancel(jobId: number): void {
    this.job(jobId).cancelRequested = true;
  }

  job(jobId: number): FakeJob {
    const job = this.jobs.get(jobId);
    if (!job) throw new Error(`fake: job ${jobId} was never claimed`);
    return job;
  }

  /** The concatenated log of a step, chunks in seq order. */
  logText(jobId: number, stepId: number): string {
    const chunks = [...(this.job(jobId).logs.get(stepId) ?? new Map()).entries()].sort((a, b) => a[0] - b[0]);
    return Buffer.concat(chunks.map(([, bytes]) => Buffer.from(bytes))).toString('utf8');
  }

  async heartbeat(input: HeartbeatInput, signal?: AbortSignal): Promise<HeartbeatOutcome> {
    this.heartbeats.push({ ...input, activeJobIds: [...input.activeJobIds] });
    this.enter('heartbeat');
    const scripted = this.heartbeatScript.shift();
    if (scripted === 'throw') throw new Error('fake: connection reset');
    if (scripted) return scripted;
    this.reconcile(input.activeJobIds);
    if (this.draining) return { kind: 'idle' };
    const runningHere = [...this.jobs.values()].filter((j) => j.status === 'running').length;
    if (this.queued.length === 0 && input.waitSeconds > 0 && runningHere < input.capacity) {
      await Promise.race([
        this.timer.sleep(input.waitSeconds * 1000, signal),
        new Promise<void>((resolve) => {
          this.wake = resolve;
        }),
      ]);
      this.wake = null;
      if (signal?.aborted) throw new Error('fake: aborted');
    }
    const next = this.queued[0];
    if (!next || runningHere >= input.capacity) return { kind: 'idle' };
    this.queued.shift();
    const steps = new Map(next.steps.map((s) => [s.id, { status: 'queued' as Status, conclusion: null }]));
    this.jobs.set(next.id, {
      job: next,
      status: 'running',
      conclusion: null,
      steps,
      logs: new Map(),
      cancelRequested: false,
      calls: [],
      stepReports: new Map(),
      jobReports: [],
      addedMasks: [],
    });
    return { kind: 'claimed', assignment: { token: this.mint(next.id), runnerId: this.runnerId, job: next } };
  }

  async appendLog(jobId: number, token: string, chunk: LogChunk): Promise<JobCallOutcome<void>> {
    return this.jobCall('appendLog', jobId, token, (job) => {
      if (!job.steps.has(chunk.stepId)) return reject(404, 'step.not_found');
      if (chunk.bytes.length === 0 || chunk.bytes.length > 512 * 1024) return reject(400, 'log.chunk_size');
      const logs = job.logs.get(chunk.stepId) ?? new Map<number, Uint8Array>();
      job.logs.set(chunk.stepId, logs);
      if (!logs.has(chunk.seq)) logs.set(chunk.seq, chunk.bytes.slice());
      job.addedMasks.push(...(chunk.addMasks ?? []));
      job.calls.push(`log ${chunk.stepId}#${chunk.seq}`);
      return null;
    });
  }

  async reportStep(
    jobId: number,
    token: string,
    stepId: number,
    r: StatusReport,
  ): Promise<JobCallOutcome<void>> {
    return this.jobCall('reportStep', jobId, token, (job) => {
      const step = job.steps.get(stepId);
      if (!step) return reject(404, 'step.not_found');
      const refused = transition(step, r);
      if (refused) return refused;
      job.calls.push(`step ${stepId} ${r.status}${r.conclusion ? `/${r.conclusion}` : ''}`);
      job.stepReports.set(stepId, [...(job.stepReports.get(stepId) ?? []), r]);
      job.addedMasks.push(...(r.addMasks ?? []));
      return null;
    });
  }

  async reportJob(jobId: number, token: string, r: StatusReport): Promise<JobCallOutcome<void>> {
    if (r.status === 'skipped') return reject(400, 'status.invalid');
    const outcome = await this.jobCall('reportJob', jobId, token, (job) => {
      const refused = transition(job, r);
      if (refused) return refused;
      job.calls.push(`job ${r.status}${r.conclusion ? `/${r.conclusion}` : ''}`);
      job.jobReports.push(r);
      job.addedMasks.push(...(r.addMasks ?? []));
      if (r.status === 'cancelled') {
        for (const step of job.steps.values()) {
          if (step.status === 'queued' || step.status === 'running')
            Object.assign(step, { status: 'cancelled', conclusion: 'cancelled' });
        }
      }
      return null;
    });
    if (outcome.kind === 'ok' && r.status !== 'running') return { ...outcome, nextToken: null };
    return outcome;
  }

  async checkCancel(jobId: number, token: string): Promise<JobCallOutcome<boolean>> {
    let cancelled = false;
    const outcome = await this.jobCall('checkCancel', jobId, token, (job) => {
      cancelled = job.cancelRequested;
      job.calls.push('cancel-check');
      return null;
    });
    return outcome.kind === 'ok' ? { ...outcome, value: cancelled } : outcome;
  }

  async recoverToken(jobId: number): Promise<JobCallOutcome<void>> {
    this.enter('recoverToken');
    const job = this.jobs.get(jobId);
    if (job?.status !== 'running') return reject(404, 'job.not_found');
    job.calls.push('recover');
    const token = this.mint(jobId);
    this.leave('recoverToken');
    return { kind: 'ok', value: undefined, nextToken: token };
  }

  /**
   * A job call of another fake sharing this chain (the artifact calls): the token checks of
   * every call, then `apply`; a value spends the token and hands out the next.
   */
  async chainCall<T>(
    jobId: number,
    token: string,
    what: string,
    apply: (job: FakeJob) => Rejection | { value: T },
  ): Promise<JobCallOutcome<T>> {
    if (this.unreachable) throw new Error(`fake: ${what}: connection refused`);
    const held = this.tokens.get(token);
    if (!held) return reject(401, 'job.token_invalid', 'job token invalid');
    if (held.jobId !== jobId) return reject(404, 'job.not_found');
    if (held.used) return reject(401, 'job.token_replayed', 'job token replayed');
    const answer = apply(this.job(jobId));
    if ('kind' in answer) return answer;
    held.used = true;
    this.job(jobId).calls.push(what);
    return { kind: 'ok', value: answer.value, nextToken: this.mint(jobId) };
  }

  private async jobCall(
    name: CallName,
    jobId: number,
    token: string,
    apply: (job: FakeJob) => Rejection | null,
  ): Promise<JobCallOutcome<void>> {
    this.enter(name);
    const held = this.tokens.get(token);
    if (!held) return reject(401, 'job.token_invalid', 'job token invalid');
    if (held.jobId !== jobId) return reject(404, 'job.not_found');
    if (held.used) return reject(401, 'job.token_replayed', 'job token replayed');
    const job = this.job(jobId);
    const refused = apply(job);
    if (refused) return refused;
    held.used = true;
    const next = this.mint(jobId);
    this.leave(name);
    return { kind: 'ok', value: undefined, nextToken: next };
  }

  /** Jobs running on this runner that it no longer lists end `failure` (runner lost). */
  private reconcile(active: readonly number[]): void {
    for (const [id, job] of this.jobs) {
      if (job.status === 'running' && !active.includes(id))
        Object.assign(job, { status: 'completed', conclusion: 'failure' });
    }
  }

  private mint(jobId: number): string {
    const token = `token-${++this.tokenSeq}`;
    this.tokens.set(token, { jobId, used: false });
    return token;
  }

  private enter(name: CallName): void {
    if (this.unreachable) throw new Error(`fake: ${name}: connection refused`);
  }

  /** After the work is done: maybe lose the answer. */
  private leave(name: CallName): void {
    const lose = this.loseAnswers.get(name) ?? 0;
    if (lose > 0) {
      this.loseAnswers.set(name, lose - 1);
      throw new Error(`fake: ${name}: socket hang up`);
    }
  }
}

function transition(record: FakeRecord, r: StatusReport): Rejection | null {
  if (!ALLOWED[r.status]?.includes(record.status)) {
    return reject(409, 'status.transition_invalid', `cannot go from ${record.status} to ${r.status}`);
  }
  const terminal = r.status !== 'running';
  if (!terminal && r.conclusion) return reject(400, 'status.conclusion_unexpected');
  const conclusion =
    r.conclusion ?? (r.status === 'cancelled' ? 'cancelled' : r.status === 'skipped' ? 'skipped' : null);
  if (terminal && !conclusion) return reject(400, 'status.conclusion_required');
  record.status = r.status;
  record.conclusion = conclusion;
  return null;
}
