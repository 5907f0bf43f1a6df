/** Run pinning over the PAT API, and the raw job log before and after its steps are archived. */
import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryJobCallStore } from '../../../../src/adapters/memory/job-call-store.js';
import type { MemoryObjectStore } from '../../../../src/adapters/memory/object-store.js';
import { cancelRun } from '../../../../src/domain/jobs/cancel-jobs.js';
import { finaliseDueLogs } from '../../../../src/domain/logs/finalise-due-logs.js';
import type { Repo } from '../../../../src/ports/model/forge.js';
import { plannedJob, plannedStep } from '../../../support/job-seed.js';
import { makePatWorld, type PatWorld } from './pat-world.js';

describe('PAT API: run pinning', () => {
  let w: PatWorld;
  let token: string;
  let repo: Repo;

  beforeEach(async () => {
    w = makePatWorld();
    ({ token } = await w.userWithToken('ada'));
    repo = await w.repo('ada', 'app');
  });

  it('pins with POST and unpins with DELETE, and repeating either changes nothing', async () => {
    const { run } = await w.enqueue(repo.id);
    const body = (pinned: boolean) => ({ run_id: run.id, repo_id: repo.id, run_index: run.runIndex, pinned });
    const pin = await w.call('POST', `/api/v1/runs/${run.id}/pin`, { token });
    expect(pin).toMatchObject({ status: 200, json: body(true) });
    expect((await w.runs.getRun(run.id))?.pinned).toBe(true);
    expect((await w.call('POST', `/api/v1/runs/${run.id}/pin`, { token })).json).toEqual(body(true));
    const unpin = await w.call('DELETE', `/api/v1/runs/${run.id}/pin`, { token });
    expect(unpin).toMatchObject({ status: 200, json: body(false) });
    expect((await w.runs.getRun(run.id))?.pinned).toBe(false);
  });

  it('refuses a repo:read token, a reader, a hidden run and a body', async () => {
    const { run } = await w.enqueue(repo.id);
    const { token: readOnly } = await w.userWithToken('bob', ['repo:read']);
    await w.grant(repo, 'bob', 'write');
    const scope = await w.call('POST', `/api/v1/runs/${run.id}/pin`, { token: readOnly });
    expect(scope).toMatchObject({ status: 403, json: { code: 'token.scope_insufficient' } });
    const { token: reader } = await w.userWithToken('cy');
    await w.grant(repo, 'cy', 'read');
    expect(await w.call('POST', `/api/v1/runs/${run.id}/pin`, { token: reader })).toMatchObject({
      status: 403,
      json: { code: 'repo.forbidden' },
    });
    const hidden = await w.repo('ada', 'secret', true);
    const { run: private_ } = await w.enqueue(hidden.id);
    const { token: stranger } = await w.userWithToken('dee');
    expect(await w.call('DELETE', `/api/v1/runs/${private_.id}/pin`, { token: stranger })).toMatchObject({
      status: 404,
      json: { code: 'run.not_found' },
    });
    expect(
      await w.call('POST', `/api/v1/runs/${run.id}/pin`, { token, body: { pinned: true } }),
    ).toMatchObject({
      status: 400,
      json: { code: 'request.body_invalid' },
    });
    expect((await w.runs.getRun(run.id))?.pinned).toBe(false);
  });
});

describe('PAT API: job logs of archived steps', () => {
  it('serves the same bytes, whole and by range, before and after the steps are archived', async () => {
    const w = makePatWorld();
    const { token } = await w.userWithToken('ada');
    const repo = await w.repo('ada', 'app');
    const steps = [plannedStep('Check out'), plannedStep('Test'), plannedStep('Silent')];
    const { run, jobs } = await w.enqueue(repo.id, { jobs: [plannedJob('build', { steps })] });
    const [first, second] = await w.runs.listSteps([jobs[0]!.id]);
    const jobCalls = new MemoryJobCallStore(w.state);
    await jobCalls.transaction(w.clock.now(), async (tx) => {
      await tx.logs.insertChunk(first!.id, 0, new TextEncoder().encode('cloned'));
      await tx.logs.insertChunk(second!.id, 0, new TextEncoder().encode('ok 1\n'));
      await tx.logs.insertChunk(second!.id, 1, new TextEncoder().encode('ok 2\n'));
    });
    await cancelRun(w.deps, { runId: run.id, reason: 'user' });
    const path = `/api/v1/repos/ada/app/actions/jobs/${jobs[0]!.id}/logs`;
    const download = async () => {
      const whole = await w.call('GET', path, { token });
      const part = await w.call('GET', path, { token, headers: { range: 'bytes=20-34' } });
      const tail = await w.call('GET', path, { token, headers: { range: 'bytes=-13' } });
      const past = await w.call('GET', path, { token, headers: { range: 'bytes=9999-' } });
      return {
        whole: [whole.status, whole.text, whole.headers.get('accept-ranges')],
        part: [part.status, part.text, part.headers.get('content-range')],
        tail: [tail.status, tail.text],
        past: [past.status, past.json, past.headers.get('content-range')],
      };
    };
    const hot = await download();
    expect(hot.whole[1]).toBe(
      '##[group]Check out\ncloned\n##[endgroup]\n##[group]Test\nok 1\nok 2\n##[endgroup]\n##[group]Silent\n##[endgroup]\n',
    );
    expect(hot.part).toEqual([206, 'loned\n##[endgro', `bytes 20-34/${(hot.whole[1] as string).length}`]);
    expect(hot.past[0]).toBe(416);

    const round = await finaliseDueLogs({ ...w.deps, jobCalls }, { limit: 10 });
    expect(round).toMatchObject({ finalised: 3, chunksDeleted: 3 });
    expect((w.deps.objects as MemoryObjectStore).objects.size).toBe(2);
    expect(w.state.tables.logChunks).toEqual([]);
    expect(await download()).toEqual(hot);
  });
});
