/**
 * Big logs on the job page (issue #9 "large runs stay fast"): past the whole-log limits a
 * step is a window of lines with links around it, the rest paged in as records; the search
 * runs on the server over the stored log, hot or archived; annotations and step summaries.
 */
import { describe, expect, it } from 'vitest';
import { cancelRun } from '../../../../src/domain/jobs/cancel-jobs.js';
import { finaliseDueLogs } from '../../../../src/domain/logs/finalise-due-logs.js';
import { plannedJob, plannedStep } from '../../../support/job-seed.js';
import { makeUiWorld } from './ui-world.js';

const numbered = (count: number, at = (n: number) => `line ${n}`) =>
  Array.from({ length: count }, (_, i) => `${at(i + 1)}\n`).join('');

async function bigLogWorld(text: string) {
  const w = makeUiWorld();
  await w.user('ada');
  const repo = await w.repo('ada', 'app');
  const steps = [plannedStep('Small'), plannedStep('Big')];
  const { run, jobs } = await w.pushRun(repo, { jobs: [plannedJob('build', { steps })] });
  const [small, big] = await w.deps.runs.listSteps([jobs[0]!.id]);
  w.logChunk(small!.id, 0, 'hello\n');
  w.logChunk(big!.id, 0, text);
  await cancelRun(w.deps, { runId: run.id, reason: 'user' });
  const jobPath = `/ada/app/actions/runs/1/jobs/${jobs[0]!.id}`;
  const json = async (path: string) => {
    const res = await w.app.request(path, { headers: { accept: 'application/json' } });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  return { w, jobPath, json, bigStepId: big!.id };
}

describe('web UI big step logs', () => {
  it('shows a log past the limits as a window of 100 lines, the rest paged in as records', async () => {
    const { w, jobPath, json } = await bigLogWorld(numbered(5000));
    const page = (await w.browser().get(jobPath)).text;
    expect(page).toContain('data-log-mode="whole"');
    expect(page).toContain('data-log-mode="window"');
    expect(page).toContain(`data-lines-url="${jobPath}/steps/2/lines"`);
    expect(page).toContain('Lines 1–100 of 5000.');
    expect(page).toContain('id="step-2-L100"');
    expect(page).not.toContain('id="step-2-L101"');
    expect(page).toContain(`href="${jobPath}?step=2&amp;line=151#step-2-L151">Later lines</a>`);
    const lines = await json(`${jobPath}/steps/2/lines?from=4999&count=10`);
    expect(lines).toEqual({
      status: 200,
      body: {
        total: 5000,
        ended: true,
        from: 4999,
        lines: [
          [0, 'line 4999', w.deps.clock.now().getTime()],
          [0, 'line 5000', w.deps.clock.now().getTime()],
        ],
      },
    });
  });

  it('centres the window on ?step=&line= and links the lines before and after it', async () => {
    const { w, jobPath } = await bigLogWorld(numbered(5000));
    const page = (await w.browser().get(`${jobPath}?step=2&line=2500`)).text;
    expect(page).toContain('Lines 2450–2549 of 5000.');
    expect(page).toContain('id="step-2-L2500"');
    expect(page).toContain(`href="${jobPath}?step=2&amp;line=2400#step-2-L2400">Earlier lines</a>`);
  });

  it('pages a log with its groups, the depth and colours carried across a page boundary', async () => {
    const text = `::group::Outer\n${numbered(3000)}::endgroup::\n::endgroup::\n\u001b[1mbold\n`;
    const { w, jobPath, json } = await bigLogWorld(text);
    const t = w.deps.clock.now().getTime();
    const first = await json(`${jobPath}/steps/2/lines?count=2&outline=1`);
    expect(first.body).toMatchObject({
      total: 3004,
      lines: [
        [1, '<span class="log-marker">::group::</span>Outer', t],
        [0, 'line 1', t],
      ],
      groups: [[1, 3002]],
    });
    const tail = await json(`${jobPath}/steps/2/lines?from=3002`);
    expect(tail.body.lines).toEqual([
      [2, '::endgroup::', t],
      [0, '::endgroup::', t],
      [0, '<span class="esc">&#27;[1m</span><span class="ansi-bold">bold</span>', t],
    ]);
  });

  it('searches the stored log on the server, ignoring case and colours, hot and archived alike', async () => {
    const text = numbered(5000, (n) => (n % 1000 === 0 ? `\u001b[31mNEEDLE\u001b[0m ${n}` : `line ${n}`));
    const { w, jobPath, json } = await bigLogWorld(text);
    const hot = await json(`${jobPath}/search?q=needle%20`);
    expect(hot).toEqual({
      status: 200,
      body: {
        total: 5,
        matches: [1000, 2000, 3000, 4000, 5000].map((n) => ({ step: 2, line: n, text: `NEEDLE ${n}` })),
      },
    });
    const page = (await w.browser().get(`${jobPath}/search?q=needle`)).text;
    expect(page).toContain('5 matching lines');
    expect(page).toContain(`<a href="${jobPath}?step=2&amp;line=3000#step-2-L3000">Big, line 3000</a>`);
    expect((await finaliseDueLogs(w.deps, { limit: 10 })).finalised).toBe(2);
    expect(w.deps.state.tables.logChunks).toEqual([]);
    expect(await json(`${jobPath}/search?q=needle%20`)).toEqual(hot);
    expect((await json(`${jobPath}/steps/2/lines?from=5000`)).body.lines).toEqual([
      [
        0,
        '<span class="esc">&#27;[31m</span><span class="ansi-red-fg">NEEDLE</span><span class="esc">&#27;[0m</span> 5000',
        w.deps.clock.now().getTime(),
      ],
    ]);
  });

  it('times each line by when its first byte was stored, the same after finalisation', async () => {
    const w = makeUiWorld();
    await w.user('ada');
    const repo = await w.repo('ada', 'app');
    const { run, jobs } = await w.pushRun(repo, {
      jobs: [plannedJob('build', { steps: [plannedStep('S')] })],
    });
    const [step] = await w.deps.runs.listSteps([jobs[0]!.id]);
    const t0 = w.deps.clock.now().getTime();
    w.logChunk(step!.id, 0, 'a\nb\n');
    w.deps.clock.advance(2000);
    w.logChunk(step!.id, 1, 'c\nd');
    w.deps.clock.advance(3000);
    w.logChunk(step!.id, 2, '\ne\n');
    await cancelRun(w.deps, { runId: run.id, reason: 'user' });
    const jobPath = `/ada/app/actions/runs/1/jobs/${jobs[0]!.id}`;
    const times = [t0, t0, t0 + 2000, t0 + 2000, t0 + 5000];
    const lineTimes = async () => {
      const res = await w.app.request(`${jobPath}/steps/1/lines`, {
        headers: { accept: 'application/json' },
      });
      return ((await res.json()) as { lines: [number, string, number | null][] }).lines.map((r) => r[2]);
    };
    const pageTimes = async () => {
      const page = (await w.browser().get(jobPath)).text;
      return [...page.matchAll(/<time class="ts" datetime="([^"]+)" title="[^"]+" data-t="([^"]+)">/g)].map(
        (m) => [Date.parse(m[1]!), m[2]],
      );
    };
    const expected = times.map((at) => [at, new Date(at).toISOString().slice(11, 19)]);
    expect(await lineTimes()).toEqual(times);
    expect(await pageTimes()).toEqual(expected);
    const page = (await w.browser().get(jobPath)).text;
    expect(page).toContain(
      '<input type="checkbox" id="log-times"/><label for="log-times">Show timestamps (UTC)</label>',
    );
    expect((await finaliseDueLogs(w.deps, { limit: 10 })).finalised).toBe(1);
    expect(w.deps.state.tables.logChunks).toEqual([]);
    expect(await lineTimes()).toEqual(times);
    expect(await pageTimes()).toEqual(expected);
  });

  it('refuses an empty or overlong search, and hides a private repository’s lines and search', async () => {
    const { w, jobPath, json } = await bigLogWorld('x\n');
    expect((await json(`${jobPath}/search?q=`)).body).toMatchObject({ code: 'search.query_invalid' });
    expect((await json(`${jobPath}/search?q=${'a'.repeat(201)}`)).status).toBe(400);
    expect((await w.browser().get(`${jobPath}/search?q=%20`)).status).toBe(400);
    const vault = await w.repo('ada', 'vault', true);
    const { jobs } = await w.pushRun(vault);
    const base = `/ada/vault/actions/runs/1/jobs/${jobs[0]!.id}`;
    for (const path of [`${base}/steps/1/lines`, `${base}/search?q=x`]) {
      expect([path, (await w.browser().get(path)).status]).toEqual([path, 404]);
    }
    expect((await json(`${jobPath}/steps/9/lines`)).body).toMatchObject({ code: 'step.not_found' });
  });

  it('lists annotations and step summaries (Markdown, raw HTML escaped) on the job page and the run page', async () => {
    const { w, jobPath, bigStepId } = await bigLogWorld('x\n');
    const jobId = w.deps.state.tables.steps.get(bigStepId)!.jobId;
    const at = w.deps.clock.now();
    const note = { title: null, file: null, line: null, endLine: null, column: null, endColumn: null };
    await w.deps.annotations.replaceAnnotations(
      jobId,
      bigStepId,
      [
        { ...note, level: 'error', message: 'boom <b>', file: 'src/a.ts', line: 3, column: 7 },
        { ...note, level: 'warning', message: 'careful', title: 'Heads up' },
      ],
      at,
    );
    const tables = w.deps.state.tables;
    tables.steps.set(bigStepId, {
      ...tables.steps.get(bigStepId)!,
      summary: '## Report\n<script>x</script>',
    });
    const page = (await w.browser().get(jobPath)).text;
    expect(page).toMatch(
      /data-level="error">.*<strong>Error<\/strong>.*boom &lt;b&gt;.*href="#step-2">Big<\/a>.*<code>src\/a\.ts:3:7<\/code>/s,
    );
    expect(page).toMatch(/data-level="warning">.*<strong>Heads up: <\/strong>/s);
    expect(page).toContain(
      '<div class="markdown"><h2>Report</h2>\n<p>&lt;script&gt;x&lt;/script&gt;</p>\n</div>',
    );
    const runPage = (await w.browser().get('/ada/app/actions/runs/1')).text;
    expect(runPage).toMatch(new RegExp(`data-level="error">.*href="${jobPath}#step-2">build › Big</a>`, 's'));
    expect(runPage).toMatch(
      /<h2 id="summaries">Summaries<\/h2>.*build › Big.*<h2>Report<\/h2>\n<p>&lt;script&gt;/s,
    );
  });
});
