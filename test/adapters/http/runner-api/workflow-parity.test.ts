// biome-ignore-all lint/suspicious/noTemplateCurlyInString: workflow expressions are ${{ }} text
/**
 * The runner API's workflow-parity extensions (issue #11): `needs_context`, `vars`,
 * `outputs` and `actor` in the claim; `add_masks` on logs and statuses; a step's `summary`
 * and `annotations`; a job's `outputs` — all scrubbed with the job's masks before storing.
 */
import { describe, expect, it } from 'vitest';
import { MemoryState } from '../../../../src/adapters/memory/state.js';
import { b64, type ClaimJson, makeRunnerApiWorld, memoryStores, plannedJob } from './runner-api-world.js';

const SECRET = 'p4ss-w0rd-for-prod';
const ADDED = 'added-at-runtime-42';

async function parityWorld() {
  const state = new MemoryState();
  const w = makeRunnerApiWorld(memoryStores(state));
  const runner = await w.runner();
  const repo = await w.repo();
  await w.secret(repo.id, 'PROD_PASSWORD', SECRET);
  await w.deps.variables.upsertVariable(
    { kind: 'repo', repoId: repo.id },
    { name: 'REGION', value: 'eu', at: w.clock.now() },
  );
  const jobs = [
    plannedJob('a', { outputTemplates: { v: '${{ steps.s.outputs.v }}' } }),
    plannedJob('b', { needsJobs: ['a'] }),
  ];
  await w.enqueue(repo.id, { jobs });
  const claim = (await (await w.heartbeat(runner.token)).json()) as ClaimJson;
  let token = claim.token;
  const call = async (route: string, body: unknown, jobId = claim.job.id) => {
    const res = await w.post(`/api/v1/jobs/${jobId}/${route}`, body, token);
    const json = (await res.json()) as { next_token?: string; code?: string; error?: string };
    if (json.next_token) token = json.next_token;
    return { status: res.status, json };
  };
  const [first, second] = claim.job.steps.map((s) => s.id) as [number, number];
  return { w, state, runner, repo, claim, call, first, second };
}

describe('runner API: workflow parity', () => {
  it('hands a job its outputs templates and vars, and a dependent the needs context of what its need reported', async () => {
    const { w, state, runner, claim, call, first, second } = await parityWorld();
    expect(claim.job).toMatchObject({
      outputs: { v: '${{ steps.s.outputs.v }}' },
      needs_context: {},
      vars: { REGION: 'eu' },
    });
    for (const step of [first, second]) {
      await call(`steps/${step}/status`, { status: 'completed', conclusion: 'success' });
    }
    const done = await call('status', {
      status: 'completed',
      conclusion: 'success',
      outputs: { v: '1.2', leak: `x ${SECRET} y` },
    });
    expect(done.status).toBe(200);
    expect(state.tables.jobs.get(claim.job.id)!.outputs).toEqual({ v: '1.2', leak: 'x *** y' });
    const dependent = (await (await w.heartbeat(runner.token)).json()) as ClaimJson;
    expect(dependent.job.needs_context).toEqual({
      a: { result: 'success', outputs: { v: '1.2', leak: 'x *** y' } },
    });
  });

  it('masks an added value in later chunks, the summary and annotations, and keeps it for the job', async () => {
    const { state, claim, call, first } = await parityWorld();
    const log = await call('logs', {
      seq: 0,
      chunk: b64(`value ${ADDED}\n`),
      step_id: first,
      add_masks: [ADDED],
    });
    expect(log.status).toBe(202);
    const annotation = { level: 'warning', message: `saw ${ADDED}`, file: 'src/a.ts', line: 3, column: 1 };
    const ended = await call(`steps/${first}/status`, {
      status: 'completed',
      conclusion: 'success',
      summary: `# Report\n${SECRET}\n`,
      annotations: [annotation],
    });
    expect(ended.status).toBe(200);
    const stored = state.tables.logChunks.map((c) => Buffer.from(c.chunk).toString()).join('');
    expect(stored).toBe('value ***\n');
    expect(state.tables.steps.get(first)!.summary).toBe('# Report\n***\n');
    expect(state.tables.annotations).toMatchObject([
      {
        jobId: claim.job.id,
        stepId: first,
        level: 'warning',
        message: 'saw ***',
        file: 'src/a.ts',
        line: 3,
        column: 1,
      },
    ]);
    expect(state.tables.jobSecretMasks.has(claim.job.id)).toBe(true);
    await call('status', { status: 'completed', conclusion: 'success', outputs: { t: ADDED } });
    expect(state.tables.jobs.get(claim.job.id)!.outputs).toEqual({ t: '***' });
  });

  it('changes nothing for a refused call that carries masks, annotations or a summary', async () => {
    const { state, claim, call } = await parityWorld();
    const before = structuredClone(state.tables.jobSecretMasks);
    const refused = await call('steps/99999999/status', {
      status: 'completed',
      conclusion: 'success',
      add_masks: ['never-added'],
      summary: 'x',
      annotations: [{ level: 'error', message: 'm' }],
    });
    expect(refused.status).toBe(404);
    expect(state.tables.jobSecretMasks).toEqual(before);
    expect(state.tables.annotations).toEqual([]);
    expect(claim.job.id).toBeGreaterThan(0);
  });

  it.each([
    [
      'too many annotations',
      { annotations: Array.from({ length: 31 }, () => ({ level: 'error', message: 'm' })) },
    ],
    ['an unknown annotation level', { annotations: [{ level: 'fatal', message: 'm' }] }],
    ['a summary over 1 MiB', { summary: 'x'.repeat(1024 * 1024 + 1) }],
    ['an unknown field', { outputs: { v: '1' } }],
  ])('answers 400 to a step status with %s', async (_name, extra) => {
    const { call, first } = await parityWorld();
    const res = await call(`steps/${first}/status`, { status: 'completed', conclusion: 'success', ...extra });
    expect([res.status, res.json.code]).toEqual([400, 'request.invalid_body']);
  });

  it.each([
    ['outputs over 1 MiB', { outputs: { a: 'x'.repeat(600 * 1024), b: 'y'.repeat(600 * 1024) } }],
    ['an output without a name', { outputs: { '': 'x' } }],
    ['a summary (steps only)', { summary: 'x' }],
  ])('answers 400 to a job status with %s', async (_name, extra) => {
    const { call } = await parityWorld();
    const res = await call('status', { status: 'completed', conclusion: 'success', ...extra });
    expect([res.status, res.json.code]).toEqual([400, 'request.invalid_body']);
  });
});
