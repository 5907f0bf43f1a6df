/**
 * The job page's live tail, `GET …/jobs/{job}/live` (SPEC §17, issue #9): Server-Sent Events
 * while the job runs. Each `lines` event carries one step's new lines as records (see
 * `log-html.ts`) and, as its id, the cursor after them (`log-view.ts`); a browser that
 * reconnects sends that id back as `Last-Event-ID` and the tail carries on exactly there, so
 * no line is lost or shown twice. `step` and `job` events carry a changed status badge; `end`
 * says the job ended and everything was sent. The first connection starts at the page's own
 * cursor (`?cursor=`). One connection lasts at most `maxMs`, then the browser reconnects.
 */
import type { Hono } from 'hono';
import { type SSEStreamingApi, streamSSE } from 'hono/streaming';
import { type JobLogTail, readJobLogTail, type TailPosition } from '../../../../domain/api/job-log-tail.js';
import { readStepLogLines } from '../../../../domain/api/step-log-lines.js';
import type { Conclusion, JobStatus } from '../../../../ports/model/run.js';
import type { ErrorLogger } from '../../errors.js';
import { StatusBadge } from '../components/status.js';
import { formatDuration, statusText } from '../format.js';
import { LogLineRenderer } from '../log-html.js';
import { DEFAULT_LIVE_TAIL, formatTailCursor, type LiveTailTiming, parseTailCursor } from '../log-view.js';
import { jobAtPath, queryText } from '../repo-context.js';
import { sessionMiddleware } from '../session.js';
import type { UiDeps, UiEnv } from '../ui-deps.js';

const JOB = '/:owner/:repo/actions/runs/:index/jobs/:job';
const KEEP_ALIVE_MS = 15_000;

/** A `step` or `job` event: `key` names what it is about, `data` is its JSON. */
interface StatusEvent {
  key: string;
  data: string;
}

async function badge(status: JobStatus, conclusion: Conclusion | null) {
  const text = statusText(status, conclusion);
  return { look: text.look, html: String(await (<StatusBadge status={text} />).toString()) };
}

/** The `step` and `job` events whose badge differs from the one last sent. */
async function statusEvents(tail: JobLogTail, sent: Map<string, string>): Promise<StatusEvent[]> {
  const out: StatusEvent[] = [];
  for (const step of tail.steps) {
    const b = await badge(step.status, step.conclusion);
    const duration = formatDuration(step.startedAt, step.completedAt);
    out.push({
      key: `step-${step.stepIndex + 1}`,
      data: JSON.stringify({ step: step.stepIndex + 1, ...b, duration }),
    });
  }
  const job = await badge(tail.job.status, tail.job.conclusion);
  const duration = formatDuration(tail.job.startedAt, tail.job.completedAt);
  out.push({ key: 'job', data: JSON.stringify({ ...job, duration }) });
  return out.filter((e) => sent.get(e.key) !== e.data);
}

export function mountLiveRoutes(app: Hono<UiEnv>, deps: UiDeps, logger: ErrorLogger): void {
  const timing = deps.liveTail ?? DEFAULT_LIVE_TAIL;

  app.get(`${JOB}/live`, sessionMiddleware(deps), async (c) => {
    const { job } = await jobAtPath(c, deps);
    const start = parseTailCursor(c.req.header('last-event-id') ?? queryText(c, 'cursor'));
    c.header('X-Accel-Buffering', 'no');
    return streamSSE(
      c,
      (stream) => new LiveTail(stream, deps, job.id, start).run(timing),
      async (err) => {
        logger.error({ err: { name: err.name, message: err.message }, path: c.req.path }, 'live log failed');
      },
    );
  });
}

/** One connection's tail: what it sent, and what it sends next. */
class LiveTail {
  private readonly settled = new Set<number>();
  private readonly renderers = new Map<number, LogLineRenderer>();
  private readonly sent = new Map<string, string>();

  constructor(
    private readonly stream: SSEStreamingApi,
    private readonly deps: UiDeps,
    private readonly jobId: number,
    private positions: TailPosition[],
  ) {}

  /** Reads and sends until the job's log is all sent, the connection's time is up, or it drops. */
  async run(timing: LiveTailTiming): Promise<void> {
    const stop = new AbortController();
    this.stream.onAbort(() => stop.abort());
    const deadline = this.deps.clock.now().getTime() + timing.maxMs;
    let quietSince = this.deps.clock.now().getTime();
    await this.stream.write('retry: 1000\n\n');
    while (!stop.signal.aborted) {
      const tail = await readJobLogTail(this.deps, {
        jobId: this.jobId,
        positions: this.positions,
        settled: this.settled,
        maxBytes: timing.maxBytes,
      });
      await this.send(tail);
      const now = this.deps.clock.now().getTime();
      if (tail.updates.length > 0) quietSince = now;
      if (tail.finished) return void (await this.stream.writeSSE({ event: 'end', data: '{}' }));
      if (tail.more) continue;
      if (now >= deadline) return;
      if (now - quietSince >= KEEP_ALIVE_MS) {
        await this.stream.write(': keep-alive\n\n');
        quietSince = now;
      }
      await this.deps.timer.sleep(timing.pollMs, stop.signal);
    }
  }

  /** The read's lines, one event a step, then the badges that changed. */
  private async send(tail: JobLogTail): Promise<void> {
    // Each event's id counts only the lines sent so far, so a reconnect after any event is exact.
    const cursor = tail.positions.map((_, i) => this.positions[i] ?? { bytes: 0, lines: 0 });
    for (const update of tail.updates) {
      const renderer = await this.rendererFor(update.stepNumber, update.firstLine);
      cursor[update.stepNumber - 1] = tail.positions[update.stepNumber - 1]!;
      const lines = renderer.render(update.lines, update.times);
      const data = JSON.stringify({ step: update.stepNumber, from: update.firstLine, lines });
      await this.stream.writeSSE({ event: 'lines', id: formatTailCursor(cursor), data });
    }
    for (const e of await statusEvents(tail, this.sent)) {
      await this.stream.writeSSE({ event: e.key === 'job' ? 'job' : 'step', data: e.data });
      this.sent.set(e.key, e.data);
    }
    this.positions = tail.positions;
    for (const n of tail.settled) this.settled.add(n);
  }

  /**
   * The step's renderer in this connection; one that starts past line 1 first catches up
   * with the earlier lines (their group depth and colours).
   */
  private async rendererFor(stepNumber: number, firstLine: number): Promise<LogLineRenderer> {
    let renderer = this.renderers.get(stepNumber);
    if (renderer) return renderer;
    renderer = new LogLineRenderer();
    if (firstLine > 1) {
      const earlier = await readStepLogLines(this.deps, { jobId: this.jobId, stepNumber });
      renderer.prime(earlier.lines.slice(0, firstLine - 1));
    }
    this.renderers.set(stepNumber, renderer);
    return renderer;
  }
}
