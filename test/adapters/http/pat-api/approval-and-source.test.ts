import { beforeEach, describe, expect, it } from 'vitest';
import type { Repo } from '../../../../src/ports/model/forge.js';
import type { Run } from '../../../../src/ports/model/run.js';
import type { WorkflowDefinition, WorkflowSource } from '../../../../src/ports/workflow-source.js';
import { plannedJob } from '../../../support/job-seed.js';
import { makePatWorld, type PatWorld } from './pat-world.js';

/** A workflow source that answers what the test sets, and remembers what it was asked. */
class ScriptedWorkflowSource implements WorkflowSource {
  answer: WorkflowDefinition = { kind: 'missing' };
  asked: Run[] = [];
  async loadDefinition(run: Run): Promise<WorkflowDefinition> {
    this.asked.push(run);
    return this.answer;
  }
}

describe('PAT API: approve, reject and the rerun workflow source', () => {
  let w: PatWorld;
  let token: string;
  let repo: Repo;
  let woken: number;
  const source = new ScriptedWorkflowSource();

  beforeEach(async () => {
    woken = 0;
    source.asked = [];
    w = makePatWorld({ workflows: source, onJobsClaimable: () => void woken++ });
    ({ token } = await w.userWithToken('ada'));
    repo = await w.repo('ada', 'app');
  });

  const post = (path: string) => w.call('POST', path, { token });
  const awaiting = async () => (await w.enqueue(repo.id, { needApproval: true, event: 'pull_request' })).run;

  it('approves a waiting run: 200 with the run, its approval, and runners woken', async () => {
    const run = await awaiting();
    const res = await post(`/api/v1/runs/${run.id}/approve`);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      id: run.id,
      status: 'queued',
      need_approval: true,
      approved_by_user_id: 1,
      changed_jobs: 0,
      approval: { approved_by_user_id: 1, rejected_by_user_id: null },
    });
    expect(woken).toBe(1);
    const runnerId = w.runner(['ubuntu-latest']);
    expect((await w.queue.claim({ runnerId, now: w.clock.now() })).kind).toBe('claimed');
  });

  it('rejects a waiting run: 200 with the run completed action_required', async () => {
    const run = await awaiting();
    const res = await post(`/api/v1/runs/${run.id}/reject`);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: 'completed', conclusion: 'action_required', changed_jobs: 1 });
    expect(woken).toBe(0);
  });

  it.each(['approve', 'reject'])('answers 409 to %s a run that is not waiting', async (action) => {
    const { run } = await w.enqueue(repo.id);
    const res = await post(`/api/v1/runs/${run.id}/${action}`);
    expect(res.status).toBe(409);
    expect(res.json).toEqual({ error: 'run is not awaiting approval', code: 'run.not_awaiting_approval' });
  });

  it('answers 403 to a reader and 404 to a stranger of a private repository', async () => {
    const secret = await w.repo('ada', 'private', true);
    const run = (await w.enqueue(secret.id, { needApproval: true })).run;
    const reader = await w.userWithToken('bob');
    await w.grant(secret, 'bob', 'read');
    expect((await w.call('POST', `/api/v1/runs/${run.id}/approve`, { token: reader.token })).status).toBe(
      403,
    );
    const stranger = await w.userWithToken('eve');
    expect((await w.call('POST', `/api/v1/runs/${run.id}/reject`, { token: stranger.token })).status).toBe(
      404,
    );
    expect((await w.runs.getRun(run.id))?.status).toBe('queued');
  });

  async function cancelledRun() {
    const { run, jobs } = await w.enqueue(repo.id, { jobs: [plannedJob('build'), plannedJob('test')] });
    await post(`/api/v1/runs/${run.id}/cancel`);
    return { run, jobs };
  }

  it('reruns from the workflow re-read at the source commit when a source is wired', async () => {
    const { run } = await cancelledRun();
    source.answer = { kind: 'found', workflowName: 'CI v2', jobs: [plannedJob('only')] };
    const res = await post(`/api/v1/runs/${run.id}/rerun`);
    expect(res.status).toBe(201);
    expect(source.asked.map((r) => [r.id, r.headSha])).toEqual([[run.id, run.headSha]]);
    const rerunId = (res.json as { run_id: number }).run_id;
    expect((await w.runs.getRun(rerunId))?.workflowName).toBe('CI v2');
    expect((await w.runs.listJobs(rerunId)).map((j) => j.jobKey)).toEqual(['only']);
    expect(woken).toBe(1);
  });

  it('answers 409 workflow source unavailable when the file is gone at that commit', async () => {
    const { run } = await cancelledRun();
    source.answer = { kind: 'missing' };
    const res = await post(`/api/v1/runs/${run.id}/rerun`);
    expect(res.status).toBe(409);
    expect(res.json).toEqual({ error: 'workflow source unavailable', code: 'run.workflow_unavailable' });
  });

  it('answers 422 workflow source invalid when the file no longer parses', async () => {
    const { run } = await cancelledRun();
    source.answer = { kind: 'invalid', diagnostics: [{ message: 'jobs: required' }] };
    const res = await post(`/api/v1/runs/${run.id}/rerun`);
    expect(res.status).toBe(422);
    expect(res.json).toEqual({ error: 'workflow source invalid', code: 'run.workflow_invalid' });
    const listed = await w.call('GET', '/api/v1/repos/ada/app/actions/runs', { token });
    expect(listed.json).toMatchObject({ total_count: 1 });
  });
});
