import { beforeEach, describe, expect, it } from 'vitest';
import type { Repo } from '../../../../src/ports/model/forge.js';
import { plannedJob, plannedStep } from '../../../support/job-seed.js';
import { makePatWorld, type PatWorld } from './pat-world.js';

interface JobsBody {
  total_count: number;
  jobs: Record<string, unknown>[];
}

describe('PAT API: jobs and job logs', () => {
  let w: PatWorld;
  let token: string;
  let repo: Repo;

  beforeEach(async () => {
    w = makePatWorld();
    ({ token } = await w.userWithToken('ada'));
    repo = await w.repo('ada', 'app');
  });

  const get = (path: string) => w.call('GET', path, { token });
  const steps = [
    plannedStep('Check out'),
    plannedStep('', { runCommand: 'npm ci\nnpm test' }),
    plannedStep('', { runCommand: '', usesAlias: 'actions/checkout@v4' }),
  ];

  it('lists each job with its steps, runner and why it waits', async () => {
    const { run, jobs } = await w.enqueue(repo.id, {
      jobs: [
        plannedJob('green', { runsOn: ['ubuntu-latest'], steps }),
        plannedJob('windows', { runsOn: ['windows-latest'] }),
      ],
    });
    const runnerId = w.runner(['ubuntu-latest']);
    await w.queue.claim({ runnerId, now: w.clock.now() });
    const res = await get(`/api/v1/repos/ada/app/actions/runs/${run.id}/jobs`);
    expect(res.status).toBe(200);
    const body = res.json as JobsBody;
    expect(body.total_count).toBe(2);
    expect(body.jobs[0]).toMatchObject({
      id: jobs[0]!.id,
      run_id: run.id,
      name: 'green',
      status: 'in_progress',
      job_status: 'running',
      labels: ['ubuntu-latest'],
      runner_id: runnerId,
      runner_name: `runner-${runnerId}`,
      cancel_requested: false,
      waiting_reason: null,
      waiting_message: null,
      url: `https://shithub.test/api/v1/repos/ada/app/actions/jobs/${jobs[0]!.id}`,
    });
    expect(
      (body.jobs[0]!.steps as { name: string; number: number; status: string }[]).map((s) => [
        s.number,
        s.name,
        s.status,
      ]),
    ).toEqual([
      [1, 'Check out', 'queued'],
      [2, 'Run npm ci', 'queued'],
      [3, 'Run actions/checkout@v4', 'queued'],
    ]);
    expect(body.jobs[1]).toMatchObject({
      name: 'windows',
      status: 'queued',
      runner_id: null,
      waiting_reason: 'no_matching_runner',
      waiting_detail: 'windows-latest',
      waiting_message: 'Waiting for runner with labels: windows-latest',
    });
    const one = await get(`/api/v1/repos/ada/app/actions/jobs/${jobs[1]!.id}`);
    expect(one.json).toEqual(body.jobs[1]);
  });

  it('shows cancel_requested on a running job asked to cancel', async () => {
    const { run, jobs } = await w.enqueue(repo.id, {
      jobs: [plannedJob('build', { runsOn: ['ubuntu-latest'] })],
    });
    const runnerId = w.runner();
    await w.queue.claim({ runnerId, now: w.clock.now() });
    await w.call('POST', `/api/v1/jobs/${jobs[0]!.id}/cancel`, { token });
    const body = (await get(`/api/v1/repos/ada/app/actions/runs/${run.id}/jobs`)).json as JobsBody;
    expect(body.jobs[0]).toMatchObject({ status: 'in_progress', cancel_requested: true });
  });

  it('serves the job log as text, every step wrapped in a group, in step order', async () => {
    const { jobs } = await w.enqueue(repo.id, { jobs: [plannedJob('green', { steps })] });
    const [first, second, third] = await w.runs.listSteps([jobs[0]!.id]);
    const chunk = (stepId: number, seq: number, text: string) =>
      w.state.tables.logChunks.push({
        stepId,
        seq,
        chunk: new TextEncoder().encode(text),
        createdAt: w.clock.now(),
      });
    chunk(second!.id, 1, 'ok\n');
    chunk(first!.id, 0, 'cloned');
    chunk(second!.id, 0, 'added 3 packages\n');
    void third;
    const res = await get(`/api/v1/repos/ada/app/actions/jobs/${jobs[0]!.id}/logs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(res.text).toBe(
      [
        '##[group]Check out',
        'cloned',
        '##[endgroup]',
        '##[group]Run npm ci',
        'added 3 packages',
        'ok',
        '##[endgroup]',
        '##[group]Run actions/checkout@v4',
        '##[endgroup]',
        '',
      ].join('\n'),
    );
  });

  it('answers 404 for a job of another repository, over both job routes', async () => {
    const other = await w.repo('ada', 'other');
    const { jobs } = await w.enqueue(other.id);
    for (const path of [
      `/api/v1/repos/ada/app/actions/jobs/${jobs[0]!.id}`,
      `/api/v1/repos/ada/app/actions/jobs/${jobs[0]!.id}/logs`,
    ]) {
      const res = await get(path);
      expect(res.status).toBe(404);
      expect(res.json).toEqual({ error: `job ${jobs[0]!.id} not found`, code: 'job.not_found' });
    }
    expect((await get('/api/v1/repos/ada/app/actions/jobs/0/logs')).status).toBe(404);
  });
});
