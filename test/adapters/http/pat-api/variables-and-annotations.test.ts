import { beforeEach, describe, expect, it } from 'vitest';
import type { Repo } from '../../../../src/ports/model/forge.js';
import { makePatWorld, type PatWorld } from './pat-world.js';

describe('PAT API: repository variables', () => {
  let w: PatWorld;
  let token: string;
  let repo: Repo;

  beforeEach(async () => {
    w = makePatWorld();
    ({ token } = await w.userWithToken('ada'));
    repo = await w.repo('ada', 'app');
  });

  const variables = '/api/v1/repos/ada/app/actions/variables';
  const put = (name: string, body: unknown, as = token) =>
    w.call('PUT', `${variables}/${name}`, { token: as, body });

  it('creates with 201, replaces with 204, lists and reads values in GitHub’s shape', async () => {
    expect((await put('REGION', { value: 'eu' })).status).toBe(201);
    w.clock.advance(60_000);
    expect((await put('region', { name: 'REGION', value: 'us' })).status).toBe(204);
    expect((await put('TIER', { value: 'gold' })).status).toBe(201);
    const listed = await w.call('GET', `${variables}?per_page=1&page=2`, { token });
    expect(listed.json).toEqual({
      total_count: 2,
      variables: [
        {
          name: 'TIER',
          value: 'gold',
          created_at: '2026-01-01T00:01:00.000Z',
          updated_at: '2026-01-01T00:01:00.000Z',
        },
      ],
    });
    const one = await w.call('GET', `${variables}/Region`, { token });
    expect(one.json).toEqual({
      name: 'region',
      value: 'us',
      created_at: '2026-01-01T00:00:00.000Z',
      updated_at: '2026-01-01T00:01:00.000Z',
    });
    expect(repo.id).toBeGreaterThan(0);
  });

  it('deletes with 204 and answers 404 for an unknown name', async () => {
    await put('REGION', { value: 'eu' });
    expect((await w.call('DELETE', `${variables}/region`, { token })).status).toBe(204);
    const again = await w.call('DELETE', `${variables}/REGION`, { token });
    expect(again.json).toEqual({ error: 'variable "REGION" not found', code: 'variable.not_found' });
    expect((await w.call('GET', `${variables}/REGION`, { token })).status).toBe(404);
  });

  it.each([
    ['a bad name', '1BAD', { value: 'v' }, 400, 'variable.name_invalid'],
    ['a reserved name', 'GITHUB_X', { value: 'v' }, 400, 'variable.name_invalid'],
    ['an empty value', 'OK', { value: '' }, 400, 'variable.value_invalid'],
    ['a body naming another variable', 'OK', { name: 'OTHER', value: 'v' }, 400, 'variable.name_mismatch'],
    ['a value that is not a string', 'OK', { value: 1 }, 400, 'request.body_invalid'],
  ])('refuses %s', async (_name, name, body, status, code) => {
    const res = await put(name, body);
    expect([res.status, (res.json as { code: string }).code]).toEqual([status, code]);
    expect(w.state.tables.variables.size).toBe(0);
  });

  it('needs the repository’s admin role to read and a repo:write token to change', async () => {
    const { token: stranger } = await w.userWithToken('eve');
    const { token: reader } = await w.userWithToken('ada-read', ['repo:read']);
    await w.grant(repo, 'ada-read', 'admin');
    expect((await put('X', { value: 'v' }, stranger)).status).toBe(403);
    expect((await put('X', { value: 'v' }, reader)).status).toBe(403);
    expect((await w.call('GET', variables, { token: reader })).status).toBe(200);
  });
});

describe('PAT API: job annotations', () => {
  it('lists a job’s annotations in GitHub’s check-run annotation shape, 404 for another repository’s job', async () => {
    const w = makePatWorld();
    const { token } = await w.userWithToken('ada');
    const repo = await w.repo('ada', 'app');
    const other = await w.repo('ada', 'other');
    const { jobs } = await w.enqueue(repo.id);
    const { jobs: otherJobs } = await w.enqueue(other.id);
    const [step] = await w.runs.listSteps([jobs[0]!.id]);
    const base = { title: null, file: null, line: null, endLine: null, column: null, endColumn: null };
    await w.deps.annotations.replaceAnnotations(
      jobs[0]!.id,
      null,
      [{ ...base, level: 'notice', message: 'job' }],
      w.clock.now(),
    );
    await w.deps.annotations.replaceAnnotations(
      jobs[0]!.id,
      step!.id,
      [{ ...base, level: 'error', message: 'boom', title: 'T', file: 'src/a.ts', line: 3, column: 2 }],
      w.clock.now(),
    );
    const res = await w.call('GET', `/api/v1/repos/ada/app/actions/jobs/${jobs[0]!.id}/annotations`, {
      token,
    });
    expect(res.json).toEqual([
      {
        path: 'src/a.ts',
        start_line: 3,
        end_line: 3,
        start_column: 2,
        end_column: 2,
        annotation_level: 'failure',
        title: 'T',
        message: 'boom',
        raw_details: null,
        blob_href: null,
        step_id: step!.id,
      },
      expect.objectContaining({
        path: '',
        start_line: null,
        annotation_level: 'notice',
        message: 'job',
        step_id: null,
      }),
    ]);
    const foreign = await w.call(
      'GET',
      `/api/v1/repos/ada/app/actions/jobs/${otherJobs[0]!.id}/annotations`,
      { token },
    );
    expect(foreign.status).toBe(404);
  });
});
