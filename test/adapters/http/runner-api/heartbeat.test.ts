/** `POST /api/v1/runners/heartbeat` over `app.request` (SPEC §7.1, facts §1.1, §3.5). */
import { describe, expect, it } from 'vitest';
import { type ClaimJson, makeRunnerApiWorld, memoryStores, plannedJob } from './runner-api-world.js';

describe('runner routes without a root key', () => {
  const w = makeRunnerApiWorld(memoryStores(), { keys: false });
  it.each([
    '/api/v1/runners/heartbeat',
    '/api/v1/jobs/1/logs',
    '/api/v1/jobs/1/steps/1/status',
    '/api/v1/jobs/1/status',
    '/api/v1/jobs/1/cancel-check',
    '/api/v1/jobs/1/token',
  ])('%s answers 503 before looking at the request', async (path) => {
    const res = await w.post(path, '{not json', 'whatever');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      error: 'runner API is not configured',
      code: 'runner_api.not_configured',
    });
  });
});

describe('heartbeat authentication', () => {
  it.each([
    ['no Authorization header', undefined, {}, 'runner token required'],
    ['another scheme', undefined, { authorization: 'Basic abc' }, 'runner token required'],
    ['a malformed token', 'zz', {}, 'runner token invalid'],
    ['an unknown token', 'ab'.repeat(32), {}, 'runner token invalid'],
  ])('answers 401 for %s', async (_name, token, headers, error) => {
    const w = makeRunnerApiWorld();
    const res = await w.post('/api/v1/runners/heartbeat', {}, token, headers);
    expect(res.status).toBe(401);
    expect((await res.json()).error).toBe(error);
    expect(w.metrics.counter('runner_heartbeats_total', { result: 'rejected' })).toBe(1);
  });
});

describe('heartbeat without a claim', () => {
  it('answers 204 with no body for an empty body and records the heartbeat', async () => {
    const w = makeRunnerApiWorld();
    const runner = await w.runner();
    const res = await w.post('/api/v1/runners/heartbeat', '', runner.token);
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    expect(res.headers.get('X-RateLimit-Limit')).toBe('60');
    expect(res.headers.get('X-RateLimit-Remaining')).toBe('59');
    const stored = await w.deps.runners.findById(runner.id);
    expect(stored).toMatchObject({ status: 'idle', lastHeartbeatAt: w.clock.now() });
    expect(w.metrics.counter('runner_heartbeats_total', { result: 'no_job' })).toBe(1);
  });

  it('stores the self-description it was sent: labels, capacity, host name, version', async () => {
    const w = makeRunnerApiWorld();
    const runner = await w.runner();
    const res = await w.heartbeat(runner.token, {
      labels: [' gpu ', 'linux', 'gpu'],
      capacity: 3,
      host_name: `  ${'h'.repeat(300)}`,
      version: 'v1.2.3',
    });
    expect(res.status).toBe(204);
    expect(await w.deps.runners.findById(runner.id)).toMatchObject({
      labels: ['gpu', 'linux'],
      capacity: 3,
      hostName: 'h'.repeat(255),
      version: 'v1.2.3',
    });
  });

  it('answers 204 to a runner at capacity, with a matching job queued', async () => {
    const w = makeRunnerApiWorld();
    const runner = await w.runner({ capacity: 1 });
    const repo = await w.repo();
    await w.enqueue(repo.id, { jobs: [plannedJob('a'), plannedJob('b')] });
    expect((await w.heartbeat(runner.token)).status).toBe(200);
    expect((await w.heartbeat(runner.token)).status).toBe(204);
  });

  it('does not claim a job whose labels the runner lacks', async () => {
    const w = makeRunnerApiWorld();
    const runner = await w.runner();
    const repo = await w.repo();
    await w.enqueue(repo.id, { jobs: [plannedJob('win', { runsOn: ['windows-latest'] })] });
    expect((await w.heartbeat(runner.token)).status).toBe(204);
  });
});

describe('heartbeat claim', () => {
  it('answers 200 with exactly the claim payload of the original, one job per heartbeat', async () => {
    const w = makeRunnerApiWorld();
    const runner = await w.runner({ capacity: 4 });
    const repo = await w.repo('app');
    await w.secret(repo.id, 'DEPLOY_KEY', 'sekrit-value');
    const job = plannedJob('build', {
      needsJobs: [],
      jobEnv: { CI: 'true' },
      permissions: { contents: 'read' },
      runsOn: ['self-hosted', 'linux'],
    });
    const { run } = await w.enqueue(repo.id, { jobs: [job, plannedJob('other')] });
    w.clock.advance(2_500);
    const res = await w.heartbeat(runner.token, { labels: ['self-hosted', 'linux', 'ubuntu-latest'] });
    expect(res.status).toBe(200);
    const claim = (await res.json()) as ClaimJson;
    expect(Object.keys(claim).sort()).toEqual(['expires_at', 'job', 'token']);
    expect(claim.expires_at).toBe('2026-01-01T00:15:02Z');
    expect(claim.job).toEqual({
      id: expect.any(Number),
      run_id: run.id,
      repo_id: repo.id,
      run_index: 1,
      workflow_file: '.shithub/workflows/ci.yml',
      workflow_name: 'CI',
      checkout_url: `https://forge.example/${repo.ownerName}/app.git`,
      checkout_token: expect.stringMatching(/^ey/),
      head_sha: 'a'.repeat(40),
      head_ref: 'refs/heads/trunk',
      event: 'push',
      event_payload: { ref: 'refs/heads/trunk' },
      job_key: 'build',
      job_name: 'build',
      runs_on: 'self-hosted,linux',
      runs_on_labels: ['self-hosted', 'linux'],
      needs: [],
      if: '',
      timeout_minutes: 30,
      deadline_at: '2026-01-01T00:30:02.500Z',
      permissions: { contents: 'read' },
      secrets: { DEPLOY_KEY: 'sekrit-value' },
      mask_values: ['sekrit-value'],
      env: { CI: 'true' },
      steps: [0, 1].map((index) => ({
        id: expect.any(Number),
        index,
        step_id: index === 0 ? 'first' : 'second',
        name: index === 0 ? 'first' : 'second',
        if: '',
        run: 'echo hi',
        uses: '',
        shell: 'bash',
        working_directory: '',
        env: {},
        with: {},
        continue_on_error: false,
        timeout_minutes: null,
        // Beyond the original, additive: templates the runner evaluates ('' none).
        continue_on_error_expr: '',
        timeout_minutes_expr: '',
      })),
      // Beyond the original, additive: the job's `matrix` context (older runners ignore it).
      matrix: {},
      // Additive too (workflow parity): `needs`, `vars`, the `outputs:` templates, the actor.
      needs_context: {},
      vars: {},
      outputs: {},
      actor: '',
      // Additive (workflow parity B2): `container:`, `services:`, a called job's `inputs`.
      container: null,
      services: {},
      inputs: null,
    });
    expect(w.metrics.counter('runner_heartbeats_total', { result: 'claimed' })).toBe(1);
    expect(w.metrics.counter('runner_jwt_total', { result: 'issued' })).toBe(2);
    expect(w.metrics.observed('job_claim_latency_seconds')).toEqual([2.5]);
    expect((await w.deps.runs.listJobs(run.id)).map((j) => j.status)).toEqual(['running', 'queued']);
  });

  it('gives a pull_request run no secrets and no mask values', async () => {
    const w = makeRunnerApiWorld();
    const runner = await w.runner();
    const repo = await w.repo();
    await w.secret(repo.id, 'TOKEN', 'do-not-leak');
    await w.enqueue(repo.id, { event: 'pull_request' });
    const claim = (await (await w.heartbeat(runner.token)).json()) as ClaimJson;
    expect(claim.job.secrets).toBeNull();
    expect(claim.job.mask_values).toBeNull();
    expect(JSON.stringify(claim)).not.toContain('do-not-leak');
  });

  it('gives an empty checkout_url when no base URL is configured', async () => {
    const w = makeRunnerApiWorld(memoryStores(), { baseUrl: '' });
    const runner = await w.runner();
    await w.enqueue((await w.repo()).id);
    const claim = (await (await w.heartbeat(runner.token)).json()) as ClaimJson;
    expect(claim.job.checkout_url).toBe('');
  });
});

describe('heartbeat bodies', () => {
  it.each([
    ['malformed JSON', '{"labels":', 'request body must be a JSON object'],
    ['a JSON array', '[]', 'request body must be a JSON object'],
    ['an unknown field', '{"labelz":["x"]}', 'unknown field "labelz"'],
    ['labels of the wrong type', '{"labels":"linux"}', 'field "labels" is invalid: expected Array'],
    ['a bad label', '{"labels":["bad label"]}', 'label "bad label" must match ^[A-Za-z0-9_.-]+$'],
    ['capacity 65', '{"capacity":65}', 'capacity must be between 1 and 64'],
    ['a fractional capacity', '{"capacity":1.5}', 'field "capacity" is invalid: expected integer'],
    ['wait_seconds over 50', '{"wait_seconds":51}', 'field "wait_seconds" is invalid: expected <=50'],
    ['negative wait_seconds', '{"wait_seconds":-1}', 'field "wait_seconds" is invalid: expected >=0'],
    ['string job ids', '{"active_job_ids":["1"]}', 'field "active_job_ids.0" is invalid: expected number'],
    ['job id 0', '{"active_job_ids":[0]}', 'field "active_job_ids.0" is invalid: expected >=1'],
  ])('answers 400 for %s and claims nothing', async (_name, body, error) => {
    const w = makeRunnerApiWorld();
    const runner = await w.runner();
    const { jobs } = await w.enqueue((await w.repo()).id);
    const res = await w.post('/api/v1/runners/heartbeat', body, runner.token);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toBe(error);
    expect((await w.deps.runs.getJob(jobs[0]!.id))?.status).toBe('queued');
  });

  it('treats null fields as absent, as a Go runner sends them', async () => {
    const w = makeRunnerApiWorld();
    const runner = await w.runner();
    const body = { labels: null, capacity: null, host_name: null, version: null, active_job_ids: null };
    expect((await w.heartbeat(runner.token, body)).status).toBe(204);
  });

  it('answers 413 to an oversized body and closes the connection, whose unread body cannot be reused', async () => {
    const w = makeRunnerApiWorld();
    const runner = await w.runner();
    const res = await w.heartbeat(runner.token, { host_name: 'x'.repeat(70_000) });
    expect(res.status).toBe(413);
    expect(res.headers.get('connection')).toBe('close');
  });
});

describe('registration token expiry', () => {
  it('tells the runner when its token expires, and nothing for one that never does (issue #12 fix 8)', async () => {
    const w = makeRunnerApiWorld();
    const expiring = await w.runner({ expiresInMs: 3 * 86_400_000 });
    const forever = await w.runner();
    const res = await w.heartbeat(expiring.token);
    expect(res.status).toBe(204);
    expect(res.headers.get('X-Shithub-Token-Expires-At')).toBe(
      new Date(w.clock.now().getTime() + 3 * 86_400_000).toISOString(),
    );
    expect((await w.heartbeat(forever.token)).headers.get('X-Shithub-Token-Expires-At')).toBeNull();
  });
});

describe('heartbeat rate', () => {
  it('answers 429 with Retry-After past the per-runner rate, and again when it refills', async () => {
    const w = makeRunnerApiWorld(memoryStores(), { ratePerMinute: 2 });
    const runner = await w.runner();
    const other = await w.runner();
    expect((await w.heartbeat(runner.token)).status).toBe(204);
    expect((await w.heartbeat(runner.token)).status).toBe(204);
    const limited = await w.heartbeat(runner.token);
    expect(limited.status).toBe(429);
    expect(await limited.json()).toEqual({ error: 'rate limit exceeded', code: 'runner.rate_limited' });
    expect(limited.headers.get('Retry-After')).toBe('30');
    expect(limited.headers.get('X-RateLimit-Limit')).toBe('2');
    expect(limited.headers.get('X-RateLimit-Remaining')).toBe('0');
    expect((await w.heartbeat(other.token)).status).toBe(204);
    w.clock.advance(30_000);
    expect((await w.heartbeat(runner.token)).status).toBe(204);
    expect(w.metrics.counter('runner_heartbeats_total', { result: 'rejected' })).toBe(1);
  });
});
