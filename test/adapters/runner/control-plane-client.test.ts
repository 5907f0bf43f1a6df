// biome-ignore-all lint/suspicious/noTemplateCurlyInString: workflow expressions are ${{ }} text
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ControlPlaneClient } from '../../../src/adapters/http/control-plane-client.js';

interface Seen {
  method: string;
  path: string;
  auth: string;
  body: unknown;
}
/** What a binary log chunk carried besides its body. */
interface SeenBinary {
  type: string;
  seq: string | undefined;
  step: string | undefined;
  bytes: Buffer;
}
type Reply = { status: number; body?: unknown; headers?: Record<string, string> };

let server: Server;
let base: string;
let seen: Seen[] = [];
let binaries: SeenBinary[] = [];
let replies: Reply[] = [];

async function read(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const raw = await read(req);
    const type = req.headers['content-type'] ?? '';
    const binary = type === 'application/octet-stream';
    const text = raw.toString();
    seen.push({
      method: req.method ?? '',
      path: req.url ?? '',
      auth: req.headers.authorization ?? '',
      body: binary ? '(binary)' : text ? JSON.parse(text) : null,
    });
    if (binary) {
      const header = (name: string) => req.headers[name] as string | undefined;
      binaries.push({
        type,
        seq: header('x-shithub-log-seq'),
        step: header('x-shithub-log-step-id'),
        bytes: raw,
      });
    }
    const reply = replies.shift() ?? { status: 500, body: { error: 'no reply scripted', code: 'test' } };
    res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    res.end(reply.body === undefined ? undefined : JSON.stringify(reply.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  seen = [];
  binaries = [];
  replies = [];
});

const client = () => new ControlPlaneClient({ baseUrl: `${base}/`, registrationToken: 'reg-token' });

const CLAIM_JOB = {
  id: 5,
  run_id: 3,
  repo_id: 2,
  run_index: 1,
  workflow_file: '.shithub/workflows/smoke.yml',
  workflow_name: 'Smoke',
  checkout_url: 'http://forge/alice/demo.git',
  checkout_token: 'co-token',
  head_sha: 'a'.repeat(40),
  head_ref: 'refs/heads/trunk',
  event: 'push',
  event_payload: { ref: 'refs/heads/trunk' },
  job_key: 'green',
  job_name: 'green',
  runs_on: 'ubuntu-latest',
  runs_on_labels: ['ubuntu-latest'],
  needs: [],
  if: '',
  timeout_minutes: 360,
  deadline_at: null,
  permissions: {},
  secrets: { S: 'v' },
  mask_values: ['v'],
  env: { A: '1' },
  steps: [
    {
      id: 9,
      index: 0,
      step_id: '',
      name: 'co',
      if: '',
      run: '',
      uses: 'actions/checkout@v4',
      shell: '',
      working_directory: '',
      env: {},
      with: { 'fetch-depth': 0 },
      continue_on_error: false,
      timeout_minutes: null,
    },
  ],
};

describe('control-plane HTTP client', () => {
  it('sends the heartbeat fields with the registration token and reads 204 as idle', async () => {
    replies.push({ status: 204 });
    const outcome = await client().heartbeat({
      labels: ['x64'],
      capacity: 2,
      hostName: 'h',
      version: '1.0',
      activeJobIds: [4],
      waitSeconds: 0,
    });
    expect(outcome).toEqual({ kind: 'idle' });
    expect(seen).toEqual([
      {
        method: 'POST',
        path: '/api/v1/runners/heartbeat',
        auth: 'Bearer reg-token',
        body: {
          labels: ['x64'],
          capacity: 2,
          host_name: 'h',
          version: '1.0',
          active_job_ids: [4],
          wait_seconds: 0,
        },
      },
    ]);
  });

  it('reads when the registration token expires from the heartbeat answer, ignoring a bad date', async () => {
    const beat = { labels: [], capacity: 1, hostName: 'h', version: '1', activeJobIds: [], waitSeconds: 0 };
    replies.push({ status: 204, headers: { 'X-Shithub-Token-Expires-At': '2026-05-01T00:00:00.000Z' } });
    replies.push({ status: 204, headers: { 'X-Shithub-Token-Expires-At': 'soon' } });
    expect(await client().heartbeat(beat)).toEqual({
      kind: 'idle',
      tokenExpiresAt: new Date('2026-05-01T00:00:00.000Z'),
    });
    expect(await client().heartbeat(beat)).toEqual({ kind: 'idle' });
  });

  it('reads a claim, with the runner id from the token and JSON numbers in with: as text', async () => {
    const token = await new SignJWT({ job_id: 5 })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('runner:7')
      .sign(new Uint8Array(32));
    replies.push({ status: 200, body: { token, expires_at: '2026-01-01T00:15:00Z', job: CLAIM_JOB } });
    const outcome = await client().heartbeat({
      labels: [],
      capacity: 1,
      hostName: '',
      version: '',
      activeJobIds: [],
      waitSeconds: 0,
    });
    if (outcome.kind !== 'claimed') throw new Error(`unexpected ${outcome.kind}`);
    expect(outcome.assignment.runnerId).toBe(7);
    expect(outcome.assignment.job).toMatchObject({
      id: 5,
      runId: 3,
      checkoutToken: 'co-token',
      runsOn: ['ubuntu-latest'],
      secrets: { S: 'v' },
    });
    expect(outcome.assignment.job.steps[0]).toMatchObject({
      id: 9,
      uses: 'actions/checkout@v4',
      with: { 'fetch-depth': '0' },
    });
  });

  it('turns an error answer into a rejection with code, message and Retry-After', async () => {
    replies.push({
      status: 429,
      body: { error: 'rate limit exceeded', code: 'runner.rate_limited' },
      headers: { 'retry-after': '12' },
    });
    const outcome = await client().heartbeat({
      labels: [],
      capacity: 1,
      hostName: '',
      version: '',
      activeJobIds: [],
      waitSeconds: 0,
    });
    expect(outcome).toEqual({
      kind: 'rejected',
      status: 429,
      code: 'runner.rate_limited',
      message: 'rate limit exceeded',
      retryAfterMs: 12_000,
    });
  });

  it('sends log chunks in the binary form, seq and step in headers, and returns the next token', async () => {
    replies.push({ status: 202, body: { accepted: true, next_token: 'n1', next_token_expires_at: 'x' } });
    const bytes = Buffer.from([0, 1, 0x5c, 0xff, 104, 105, 10]);
    const outcome = await client().appendLog(5, 'job-token', { stepId: 9, seq: 3, bytes });
    expect(outcome).toEqual({ kind: 'ok', value: undefined, nextToken: 'n1' });
    expect(seen[0]).toMatchObject({ method: 'POST', path: '/api/v1/jobs/5/logs', auth: 'Bearer job-token' });
    expect(binaries).toEqual([{ type: 'application/octet-stream', seq: '3', step: '9', bytes }]);
  });

  it('sends log chunks base64-encoded with seq and step_id to a server that refuses the binary form, from then on', async () => {
    const c = client();
    replies.push({
      status: 400,
      body: { error: 'request body must be a JSON object', code: 'request.invalid_body' },
    });
    replies.push({ status: 202, body: { accepted: true, next_token: 'n1', next_token_expires_at: 'x' } });
    replies.push({ status: 202, body: { accepted: true, next_token: 'n2', next_token_expires_at: 'x' } });
    const first = await c.appendLog(5, 'job-token', {
      stepId: 9,
      seq: 0,
      bytes: new TextEncoder().encode('hi\n'),
    });
    const second = await c.appendLog(5, 'n1', { stepId: 9, seq: 1, bytes: new TextEncoder().encode('hi\n') });
    expect([first, second]).toEqual([
      { kind: 'ok', value: undefined, nextToken: 'n1' },
      { kind: 'ok', value: undefined, nextToken: 'n2' },
    ]);
    expect(seen.map((s) => [s.auth, s.body])).toEqual([
      ['Bearer job-token', '(binary)'],
      ['Bearer job-token', { seq: 0, chunk: 'aGkK', step_id: 9 }],
      ['Bearer n1', { seq: 1, chunk: 'aGkK', step_id: 9 }],
    ]);
  });

  it('keeps the binary form after a refusal of the chunk itself', async () => {
    const c = client();
    replies.push({ status: 400, body: { error: 'chunk must decode to …', code: 'log.chunk_size' } });
    replies.push({ status: 202, body: { accepted: true, next_token: 'n1' } });
    const refused = await c.appendLog(5, 't0', { stepId: 9, seq: 0, bytes: new Uint8Array(0) });
    expect(refused).toMatchObject({ kind: 'rejected', status: 400, code: 'log.chunk_size' });
    await c.appendLog(5, 't0', { stepId: 9, seq: 0, bytes: new Uint8Array([104]) });
    expect(seen.map((s) => s.body)).toEqual(['(binary)', '(binary)']);
  });

  it('reports step and job statuses with RFC 3339 times; a terminal job answer ends the chain', async () => {
    replies.push({ status: 200, body: { status: 'completed', conclusion: 'success', next_token: 'n2' } });
    replies.push({
      status: 200,
      body: { status: 'completed', conclusion: 'success', run_status: 'completed' },
    });
    const at = new Date('2026-01-01T00:00:01.500Z');
    const step = await client().reportStep(5, 't1', 9, {
      status: 'completed',
      conclusion: 'success',
      startedAt: at,
      completedAt: at,
    });
    const job = await client().reportJob(5, 't2', { status: 'completed', conclusion: 'success' });
    expect(step).toEqual({ kind: 'ok', value: undefined, nextToken: 'n2' });
    expect(job).toEqual({ kind: 'ok', value: undefined, nextToken: null });
    expect(seen.map((s) => [s.path, s.body])).toEqual([
      [
        '/api/v1/jobs/5/steps/9/status',
        {
          status: 'completed',
          conclusion: 'success',
          started_at: '2026-01-01T00:00:01.500Z',
          completed_at: '2026-01-01T00:00:01.500Z',
        },
      ],
      ['/api/v1/jobs/5/status', { status: 'completed', conclusion: 'success' }],
    ]);
  });

  it('sends the workflow-parity extras only when there are some: masks, summary, annotations, outputs', async () => {
    replies.push({ status: 202, body: { accepted: true, next_token: 'n1' } });
    replies.push({ status: 200, body: { status: 'completed', conclusion: 'failure', next_token: 'n2' } });
    replies.push({ status: 200, body: { status: 'completed', conclusion: 'success' } });
    await client().appendLog(5, 't0', { stepId: 9, seq: 1, bytes: new Uint8Array([104]), addMasks: ['m1'] });
    const annotation = {
      level: 'error' as const,
      message: 'boom',
      title: null,
      file: 'src/a.ts',
      line: 3,
      endLine: null,
      column: 2,
      endColumn: null,
    };
    await client().reportStep(5, 't1', 9, {
      status: 'completed',
      conclusion: 'failure',
      summary: '# S',
      annotations: [annotation],
      addMasks: [],
    });
    await client().reportJob(5, 't2', { status: 'completed', conclusion: 'success', outputs: { v: '1' } });
    expect(seen.map((x) => x.body)).toEqual([
      { seq: 1, chunk: 'aA==', step_id: 9, add_masks: ['m1'] },
      {
        status: 'completed',
        conclusion: 'failure',
        summary: '# S',
        annotations: [{ level: 'error', message: 'boom', file: 'src/a.ts', line: 3, column: 2 }],
      },
      { status: 'completed', conclusion: 'success', outputs: { v: '1' } },
    ]);
  });

  it('reads the workflow-parity fields of a claim: needs, vars, outputs, actor and step templates', async () => {
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('runner:7')
      .sign(new Uint8Array(32));
    const job = {
      ...CLAIM_JOB,
      needs_context: { build: { result: 'success', outputs: { v: 1 } } },
      vars: { REGION: 'eu' },
      outputs: { out: '${{ steps.s.outputs.v }}' },
      actor: 'ada',
      steps: [{ ...CLAIM_JOB.steps[0], continue_on_error_expr: '${{ vars.LAX }}', timeout_minutes_expr: '' }],
    };
    replies.push({ status: 200, body: { token, expires_at: '2026-01-01T00:15:00Z', job } });
    const outcome = await client().heartbeat({
      labels: [],
      capacity: 1,
      hostName: '',
      version: '',
      activeJobIds: [],
      waitSeconds: 0,
    });
    if (outcome.kind !== 'claimed') throw new Error(`unexpected ${outcome.kind}`);
    expect(outcome.assignment.job).toMatchObject({
      needs: { build: { result: 'success', outputs: { v: '1' } } },
      vars: { REGION: 'eu' },
      outputs: { out: '${{ steps.s.outputs.v }}' },
      actor: 'ada',
    });
    expect(outcome.assignment.job.steps[0]).toMatchObject({
      continueOnErrorExpr: '${{ vars.LAX }}',
      timeoutMinutesExpr: '',
    });
  });

  it('checks for a cancel and recovers a token with the registration token', async () => {
    replies.push({ status: 200, body: { cancelled: true, next_token: 'n3' } });
    replies.push({ status: 200, body: { token: 'fresh', expires_at: 'x' } });
    expect(await client().checkCancel(5, 't3')).toEqual({ kind: 'ok', value: true, nextToken: 'n3' });
    expect(await client().recoverToken(5)).toEqual({ kind: 'ok', value: undefined, nextToken: 'fresh' });
    expect(seen.map((s) => [s.path, s.auth, s.body])).toEqual([
      ['/api/v1/jobs/5/cancel-check', 'Bearer t3', {}],
      ['/api/v1/jobs/5/token', 'Bearer reg-token', {}],
    ]);
  });

  it('throws when the server cannot be reached or answers garbage', async () => {
    const dead = new ControlPlaneClient({ baseUrl: 'http://127.0.0.1:9', registrationToken: 'r' });
    await expect(dead.checkCancel(1, 't')).rejects.toThrow();
    replies.push({ status: 200, body: 'not an object' });
    await expect(client().checkCancel(1, 't')).rejects.toThrow(/not a JSON object/);
  });

  it('aborts a long poll when asked', async () => {
    const abort = new AbortController();
    // The server never answers; the client aborts once the request has observably arrived.
    const slow = createServer(() => abort.abort());
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(slow.address() as AddressInfo).port}`;
    const pending = new ControlPlaneClient({ baseUrl: url, registrationToken: 'r' }).heartbeat(
      { labels: [], capacity: 1, hostName: '', version: '', activeJobIds: [], waitSeconds: 30 },
      abort.signal,
    );
    await expect(pending).rejects.toThrow();
    slow.closeAllConnections();
    await new Promise<void>((resolve) => slow.close(() => resolve()));
  });
});
