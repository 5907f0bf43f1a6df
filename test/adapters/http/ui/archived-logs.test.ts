/**
 * The job page and its raw log read a step's log wherever it lives (SPEC §11, §17): the same
 * page and the same bytes while the chunks are in SQL and after finalisation moved them to
 * the object store, and the raw route stays equal to the PAT API's download throughout.
 */
import { describe, expect, it } from 'vitest';
import type { MemoryObjectStore } from '../../../../src/adapters/memory/object-store.js';
import { cancelRun } from '../../../../src/domain/jobs/cancel-jobs.js';
import { finaliseDueLogs } from '../../../../src/domain/logs/finalise-due-logs.js';
import { createAccessToken } from '../../../../src/domain/tokens/personal-access-token.js';
import { plannedJob, plannedStep } from '../../../support/job-seed.js';
import { makeUiWorld } from './ui-world.js';

describe('web UI job page with archived step logs', () => {
  it('shows the same page and raw bytes before and after the steps are archived', async () => {
    const w = makeUiWorld();
    await w.user('ada');
    const { token } = await createAccessToken(w.deps, { userName: 'ada', scopes: ['repo:read'] });
    const repo = await w.repo('ada', 'app');
    const steps = [plannedStep('Check out'), plannedStep('Test'), plannedStep('Silent')];
    const { run, jobs } = await w.pushRun(repo, { jobs: [plannedJob('build', { steps })] });
    const job = jobs[0]!;
    const [first, second] = await w.deps.runs.listSteps([job.id]);
    w.logChunk(first!.id, 0, 'cloned <main>');
    w.logChunk(second!.id, 0, 'ok 1\n\u001b[32mpassed\u001b[0m ');
    w.logChunk(second!.id, 1, 'ok 2\n');
    await cancelRun(w.deps, { runId: run.id, reason: 'user' });

    const jobPath = `/ada/app/actions/runs/${run.runIndex}/jobs/${job.id}`;
    const apiPath = `/api/v1/repos/ada/app/actions/jobs/${job.id}/logs`;
    const read = async () => {
      const browser = w.browser();
      const page = await browser.get(jobPath);
      const raw = await browser.get(`${jobPath}/logs`);
      const api = await w.app.request(apiPath, { headers: { authorization: `Bearer ${token}` } });
      const ranged = await w.app.request(apiPath, {
        headers: { authorization: `Bearer ${token}`, range: 'bytes=10-40' },
      });
      return {
        page: [page.status, page.text],
        raw: [raw.status, raw.text],
        api: await api.text(),
        ranged: [ranged.status, await ranged.text()],
      };
    };

    const hot = await read();
    expect(hot.page[0]).toBe(200);
    expect(hot.page[1]).toContain('cloned &lt;main&gt;');
    expect(hot.raw).toEqual([
      200,
      '##[group]Check out\ncloned <main>\n##[endgroup]\n' +
        '##[group]Test\nok 1\n\u001b[32mpassed\u001b[0m ok 2\n##[endgroup]\n' +
        '##[group]Silent\n##[endgroup]\n',
    ]);
    expect(hot.api).toBe(hot.raw[1]);
    expect(hot.ranged).toEqual([206, (hot.raw[1] as string).slice(10, 41)]);

    const round = await finaliseDueLogs(w.deps, { limit: 10 });
    expect(round).toMatchObject({ finalised: 3, chunksDeleted: 3, failed: [] });
    expect([...(w.deps.objects as MemoryObjectStore).objects.keys()].sort()).toEqual([
      `actions/runs/${run.id}/jobs/${job.id}/steps/0.log`,
      `actions/runs/${run.id}/jobs/${job.id}/steps/1.log`,
    ]);
    expect(w.deps.state.tables.logChunks).toEqual([]);
    expect(await read()).toEqual(hot);
  });

  it('answers the raw route with 503 when an archived object is missing, never a short log', async () => {
    const w = makeUiWorld();
    await w.user('ada');
    const repo = await w.repo('ada', 'app');
    const { run, jobs } = await w.pushRun(repo);
    const [step] = await w.deps.runs.listSteps([jobs[0]!.id]);
    w.logChunk(step!.id, 0, 'will be archived\n');
    await cancelRun(w.deps, { runId: run.id, reason: 'user' });
    await finaliseDueLogs(w.deps, { limit: 10 });
    (w.deps.objects as MemoryObjectStore).objects.clear();
    const jobPath = `/ada/app/actions/runs/${run.runIndex}/jobs/${jobs[0]!.id}`;
    const raw = await w.app.request(`${jobPath}/logs`);
    expect(raw.status).toBe(503);
    expect(await raw.json()).toMatchObject({ code: 'log.archive_missing' });
    expect(w.errors).toEqual([]);
  });
});
