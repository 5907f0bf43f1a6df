import { beforeEach, describe, expect, it } from 'vitest';
import type { Repo } from '../../../../src/ports/model/forge.js';
import { makePatWorld, type PatWorld } from './pat-world.js';

interface RunsBody {
  total_count: number;
  workflow_runs: { id: number; run_number: number }[];
}

describe('PAT API: listing runs', () => {
  let w: PatWorld;
  let token: string;
  let repo: Repo;

  beforeEach(async () => {
    w = makePatWorld();
    ({ token } = await w.userWithToken('ada'));
    repo = await w.repo('ada', 'app');
  });

  const get = (path: string) => w.call('GET', path, { token });
  const list = async (query = '') => {
    const res = await get(`/api/v1/repos/ada/app/actions/runs${query}`);
    expect(res.status).toBe(200);
    return res.json as RunsBody;
  };

  it('shows a run in GitHub’s shape with shithub’s fields beside', async () => {
    const { run } = await w.enqueue(repo.id, { actorUserId: 1, headSha: 'c'.repeat(40) });
    const body = await list();
    expect(body.total_count).toBe(1);
    expect(body.workflow_runs).toEqual([
      {
        id: run.id,
        name: 'CI',
        display_title: 'CI',
        run_number: 1,
        run_attempt: 1,
        event: 'push',
        status: 'queued',
        conclusion: null,
        head_branch: 'trunk',
        head_sha: 'c'.repeat(40),
        path: '.shithub/workflows/ci.yml',
        created_at: '2026-01-01T00:00:00.000Z',
        updated_at: '2026-01-01T00:00:00.000Z',
        run_started_at: null,
        actor: { id: 1, login: 'ada' },
        triggering_actor: { id: 1, login: 'ada' },
        url: `https://shithub.test/api/v1/repos/ada/app/actions/runs/${run.id}`,
        html_url: 'https://shithub.test/ada/app/actions/runs/1',
        jobs_url: `https://shithub.test/api/v1/repos/ada/app/actions/runs/${run.id}/jobs`,
        repository: { id: repo.id, name: 'app', full_name: 'ada/app' },
        run_index: 1,
        workflow_file: '.shithub/workflows/ci.yml',
        head_ref: 'refs/heads/trunk',
        parent_run_id: null,
        repo_id: repo.id,
        completed_at: null,
        need_approval: false,
        approved_by_user_id: null,
        diagnostics: null,
      },
    ]);
    const one = await get(`/api/v1/repos/ADA/App/actions/runs/${run.id}`);
    expect(one.json).toEqual(body.workflow_runs[0]);
  });

  it('filters by status, event, head_ref, workflow_file, actor and conclusion', async () => {
    const a = (await w.enqueue(repo.id, { actorUserId: 1 })).run;
    const b = (await w.enqueue(repo.id, { event: 'workflow_dispatch', headRef: 'refs/heads/dev' })).run;
    const c = (
      await w.enqueue(repo.id, { workflowFile: '.shithub/workflows/lint.yml', diagnostics: [], jobs: [] })
    ).run;
    const ids = async (query: string) => (await list(query)).workflow_runs.map((r) => r.id);
    expect(await ids('?status=queued')).toEqual([b.id, a.id]);
    expect(await ids('?status=completed')).toEqual([c.id]);
    expect(await ids('?status=failure')).toEqual([c.id]);
    expect(await ids('?status=in_progress')).toEqual([]);
    expect(await ids('?conclusion=failure&status=success')).toEqual([]);
    expect(await ids('?event=workflow_dispatch')).toEqual([b.id]);
    expect(await ids('?head_ref=dev')).toEqual([b.id]);
    expect(await ids('?head_ref=refs/heads/trunk')).toEqual([c.id, a.id]);
    expect(await ids('?workflow_file=lint.yml')).toEqual([c.id]);
    expect(await ids('?actor=ada')).toEqual([a.id]);
    expect(await ids('?actor=nobody')).toEqual([]);
  });

  it('pages 30 runs by default and at most 100', async () => {
    for (let i = 0; i < 35; i++) await w.enqueue(repo.id);
    const first = await list();
    expect(first.total_count).toBe(35);
    expect(first.workflow_runs).toHaveLength(30);
    expect(first.workflow_runs[0]!.run_number).toBe(35);
    const second = await list('?per_page=30&page=2');
    expect(second.workflow_runs.map((r) => r.run_number)).toEqual([5, 4, 3, 2, 1]);
    expect((await list('?per_page=100')).workflow_runs).toHaveLength(35);
  });

  it.each([
    ['per_page over 100', '?per_page=101', 'per_page must be a whole number from 1 to 100'],
    ['per_page zero', '?per_page=0', 'per_page must be a whole number from 1 to 100'],
    ['a page that is not a number', '?page=two', 'page must be a whole number from 1 to 1000000'],
    ['an unknown status', '?status=sleeping', 'status must be one of'],
    ['an unknown conclusion', '?conclusion=meh', 'conclusion must be one of'],
    ['an unknown parameter', '?branch=trunk', 'unknown query parameter "branch"'],
  ])('answers 400 for %s', async (_, query, error) => {
    const res = await get(`/api/v1/repos/ada/app/actions/runs${query}`);
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ code: 'request.query_invalid' });
    expect((res.json as { error: string }).error).toContain(error);
  });

  it('answers 404 for a run of another repository and for a missing repository', async () => {
    const other = await w.repo('ada', 'other');
    const { run } = await w.enqueue(other.id);
    const res = await get(`/api/v1/repos/ada/app/actions/runs/${run.id}`);
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ error: `run ${run.id} not found`, code: 'run.not_found' });
    expect((await get(`/api/v1/repos/ada/app/actions/runs/${run.id}/jobs`)).status).toBe(404);
    expect((await get('/api/v1/repos/ada/nope/actions/runs')).json).toMatchObject({ code: 'repo.not_found' });
  });
});
