/**
 * The job page's live tail over Server-Sent Events (issue #9): new lines of a running step
 * as they are stored, resumed after a dropped connection from `Last-Event-ID` without a line
 * lost or repeated, a line held back until its newline, status badges, and the end.
 */
import { describe, expect, it } from 'vitest';
import type { Conclusion, JobStatus } from '../../../../src/ports/model/run.js';
import type { FakeTimer } from '../../../support/agent/fake-timer.js';
import { plannedJob, plannedStep } from '../../../support/job-seed.js';
import { readSse, type SseEvent } from './sse-client.js';
import { makeUiWorld } from './ui-world.js';

type Lines = { step: number; from: number; lines: [number, string][] };

async function liveWorld(opts: { maxMs?: number } = {}) {
  const w = makeUiWorld({ liveTail: { pollMs: 500, maxMs: opts.maxMs ?? 60_000, maxBytes: 64 * 1024 } });
  await w.user('ada');
  const repo = await w.repo('ada', 'app');
  const steps = [plannedStep('Build'), plannedStep('Test')];
  const { jobs } = await w.pushRun(repo, { jobs: [plannedJob('build', { steps })] });
  const job = jobs[0]!;
  const [build, test] = await w.deps.runs.listSteps([job.id]);
  const tables = w.deps.state.tables;
  const set = (status: JobStatus, conclusion: Conclusion | null = null) => ({ status, conclusion });
  let seq = 0;
  return {
    w,
    timer: w.ui.timer as FakeTimer,
    livePath: `/ada/app/actions/runs/1/jobs/${job.id}/live`,
    steps: { build: build!.id, test: test!.id },
    log: (stepId: number, text: string) => w.logChunk(stepId, seq++, text),
    step(id: number, status: JobStatus, conclusion: Conclusion | null = null) {
      tables.steps.set(id, { ...tables.steps.get(id)!, ...set(status, conclusion) });
    },
    job(status: JobStatus, conclusion: Conclusion | null = null) {
      tables.jobs.set(job.id, { ...tables.jobs.get(job.id)!, ...set(status, conclusion) });
    },
  };
}

/** The `lines` events' lines as `step:line text`, in arrival order. */
const shown = (events: SseEvent[]) =>
  events
    .filter((e) => e.event === 'lines')
    .flatMap((e) => {
      const d = JSON.parse(e.data) as Lines;
      return d.lines.map(([, html], i) => `${d.step}:${d.from + i} ${html}`);
    });

describe('web UI live log tail', () => {
  it('streams a running step’s new lines as they are stored and ends once the job ended', async () => {
    const t = await liveWorld();
    t.job('running');
    t.step(t.steps.build, 'running');
    t.log(t.steps.build, 'one\n');
    const sse = readSse(await t.w.app.request(t.livePath));
    await sse.until((e) => shown(e).length === 1);
    t.log(t.steps.build, 'two\nthr');
    const reading = sse.until((e) => shown(e).length === 2);
    await t.timer.until(() => shown(sse.events).length === 2, { stepMs: 500 });
    await reading;
    t.log(t.steps.build, 'ee\n');
    t.step(t.steps.build, 'completed', 'success');
    t.step(t.steps.test, 'running');
    t.log(t.steps.test, 'ok');
    t.step(t.steps.test, 'completed', 'success');
    t.job('completed', 'success');
    const ending = sse.toEnd();
    await t.timer.until(() => sse.events.some((e) => e.event === 'end'), { stepMs: 500 });
    await ending;
    expect(shown(sse.events)).toEqual(['1:1 one', '1:2 two', '1:3 three', '2:1 ok']);
    expect(sse.events.at(-1)?.event).toBe('end');
    const lastLines = sse.events.filter((e) => e.event === 'lines').at(-1);
    expect(lastLines?.id).toBe('14.3,2.1');
    const job = sse.events.filter((e) => e.event === 'job').at(-1);
    expect(JSON.parse(job!.data)).toMatchObject({ look: 'success' });
    expect(JSON.parse(job!.data).html).toContain('<span>Success</span>');
  });

  it('resumes from Last-Event-ID after a dropped connection, losing and repeating no line', async () => {
    const t = await liveWorld();
    t.job('running');
    t.step(t.steps.build, 'running');
    const seen: string[] = [];
    let started = 0;
    let lastId: string | undefined;
    for (let round = 0; round < 6; round++) {
      const headers: Record<string, string> = lastId ? { 'last-event-id': lastId } : {};
      const sse = readSse(await t.w.app.request(t.livePath, { headers }));
      const count = () => seen.length + shown(sse.events).length;
      for (let k = 0; k < 3; k++) {
        // Each write ends the line begun before and begins the next one.
        t.log(t.steps.build, `${started === 0 ? '' : `${started}\n`}line `);
        const complete = started++;
        const reading = sse.until(() => count() >= complete);
        await t.timer.until(() => count() >= complete, { stepMs: 500 });
        await reading;
      }
      seen.push(...shown(sse.events));
      lastId = sse.events.filter((e) => e.id !== undefined).at(-1)?.id ?? lastId;
      await sse.cancel();
    }
    t.log(t.steps.build, `${started}\n`);
    t.step(t.steps.build, 'completed', 'success');
    t.step(t.steps.test, 'skipped', 'skipped');
    t.job('completed', 'success');
    const last = readSse(await t.w.app.request(t.livePath, { headers: { 'last-event-id': lastId! } }));
    const ending = last.toEnd();
    await t.timer.until(() => last.events.some((e) => e.event === 'end'), { stepMs: 500 });
    await ending;
    seen.push(...shown(last.events));
    expect(seen).toEqual(Array.from({ length: 18 }, (_, i) => `1:${i + 1} line ${i + 1}`));
  });

  it('starts at the page’s cursor, and sends a last line without a newline once the step ended', async () => {
    const t = await liveWorld();
    t.job('running');
    t.step(t.steps.build, 'running');
    t.log(t.steps.build, 'shown by the page\nnot yet');
    const sse = readSse(await t.w.app.request(`${t.livePath}?cursor=18.1`));
    t.step(t.steps.build, 'completed', 'failure');
    t.step(t.steps.test, 'skipped', 'skipped');
    t.job('completed', 'failure');
    const ending = sse.toEnd();
    await t.timer.until(() => sse.events.some((e) => e.event === 'end'), { stepMs: 500 });
    await ending;
    expect(shown(sse.events)).toEqual(['1:2 not yet']);
  });

  it('renders lines escaped, coloured, and folded as the page does', async () => {
    const t = await liveWorld();
    t.job('running');
    t.step(t.steps.build, 'running');
    const at = t.w.deps.clock.now().getTime();
    t.log(t.steps.build, '\u001b[31mred\n<b>plain</b>\u001b[0m\n::group::G\n');
    const sse = readSse(await t.w.app.request(t.livePath));
    await sse.until((e) => shown(e).length === 3);
    const [event] = sse.events.filter((e) => e.event === 'lines');
    expect((JSON.parse(event!.data) as Lines).lines).toEqual([
      [0, '<span class="esc">&#27;[31m</span><span class="ansi-red-fg">red</span>', at],
      [0, '&lt;b&gt;plain&lt;/b&gt;<span class="esc">&#27;[0m</span>', at],
      [1, '<span class="log-marker">::group::</span>G', at],
    ]);
    await sse.cancel();
  });

  it('ends a connection after its longest time, so the browser reconnects; a finished job ends at once', async () => {
    const t = await liveWorld({ maxMs: 2000 });
    t.job('running');
    t.step(t.steps.build, 'running');
    const sse = readSse(await t.w.app.request(t.livePath));
    const ending = sse.toEnd();
    await t.timer.advance(2500);
    await ending;
    expect(sse.events.some((e) => e.event === 'end')).toBe(false);
    t.step(t.steps.build, 'completed', 'success');
    t.step(t.steps.test, 'completed', 'success');
    t.job('completed', 'success');
    const done = readSse(await t.w.app.request(t.livePath));
    expect((await done.toEnd()).map((e) => e.event).at(-1)).toBe('end');
  });

  it('refuses a malformed cursor and hides a private repository’s tail', async () => {
    const t = await liveWorld();
    for (const bad of ['x', '1.2.3', '-1.0', `${'9'.repeat(13)}.0`]) {
      const res = await t.w.app.request(t.livePath, { headers: { 'last-event-id': bad } });
      expect([bad, res.status]).toEqual([bad, 400]);
    }
    const vault = await t.w.repo('ada', 'vault', true);
    const { jobs } = await t.w.pushRun(vault);
    const res = await t.w.app.request(`/ada/vault/actions/runs/1/jobs/${jobs[0]!.id}/live`);
    expect(res.status).toBe(404);
  });
});
