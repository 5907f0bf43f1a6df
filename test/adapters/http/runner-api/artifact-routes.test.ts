/**
 * The runner's artifact calls over HTTP (issue #10 item 3): begin, chunks, finalize, list and
 * download as links of the job token chain; resumable and idempotent; every bad input a 4xx
 * with a message and a code, never a 5xx.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryArtifactStore } from '../../../../src/adapters/memory/artifact-store.js';
import { MemoryObjectStore } from '../../../../src/adapters/memory/object-store.js';
import { MemoryState } from '../../../../src/adapters/memory/state.js';
import { archiveOf, sha256 } from '../../../support/artifact-archive.js';
import { SeqRandom } from '../../../support/seq-random.js';
import {
  type ClaimJson,
  makeRunnerApiWorld,
  memoryStores,
  plannedJob,
  type RunnerApiWorld,
} from './runner-api-world.js';

type Json = Record<string, unknown>;
const MAX_BYTES = 4096;

describe('the runner artifact calls', () => {
  let w: RunnerApiWorld;
  let objects: MemoryObjectStore;
  let jobId: number;
  let token: string;

  beforeEach(async () => {
    const state = new MemoryState();
    objects = new MemoryObjectStore();
    const artifacts = {
      store: new MemoryArtifactStore(state),
      objects,
      random: new SeqRandom(),
      settings: { maxBytes: MAX_BYTES, retentionDays: 30 },
    };
    w = makeRunnerApiWorld(memoryStores(state), { artifacts });
    ({ jobId, token } = await w.claimed());
  });

  /** One job call; a 2xx answer moves the chain on. */
  async function call(method: string, path: string, body?: BodyInit, headers: Record<string, string> = {}) {
    const res = await w.app.request(`/api/v1/jobs/${jobId}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body }),
    });
    const next = res.headers.get('x-shithub-next-token');
    if (next) token = next;
    const isJson = res.headers.get('content-type')?.includes('json');
    const json = (isJson ? await res.json() : {}) as Json;
    if (typeof json.next_token === 'string') token = json.next_token;
    return { status: res.status, json, res };
  }
  const begin = (bytes: Uint8Array, extra: Json = {}) =>
    call(
      'POST',
      '/artifacts',
      JSON.stringify({ name: 'dist', size: bytes.length, sha256: sha256(bytes), ...extra }),
    );
  const chunk = (id: unknown, offset: unknown, bytes: Uint8Array, digest = sha256(bytes)) =>
    call('PUT', `/artifacts/${id}/chunks/${offset}`, Buffer.from(bytes), {
      'content-type': 'application/octet-stream',
      'x-shithub-chunk-sha256': digest,
    });

  it('uploads in chunks, finishes into one verified object, lists it and downloads it', async () => {
    const archive = archiveOf({ 'app.js': 'console.log(1)\n', 'css/site.css': 'body{}' });
    const started = await begin(archive, { retention_days: 5 });
    expect(started.status).toBe(201);
    expect(started.json).toMatchObject({ artifact_id: 1, received_bytes: 0, chunk_bytes: 8 * 1024 * 1024 });
    const half = Math.floor(archive.length / 2);
    expect((await chunk(1, 0, archive.subarray(0, half))).json.received_bytes).toBe(half);
    expect((await chunk(1, half, archive.subarray(half))).json.received_bytes).toBe(archive.length);

    const done = await call('POST', '/artifacts/1/finalize');
    expect(done.status).toBe(200);
    expect(done.json.artifact).toEqual({
      id: 1,
      name: 'dist',
      size: archive.length,
      sha256: sha256(archive),
    });
    const keys = [...objects.objects.keys()];
    expect(keys).toEqual([expect.stringMatching(/^actions\/runs\/\d+\/artifacts\/[0-9a-f]{32}\.shar$/)]);
    expect(Buffer.from(objects.objects.get(keys[0]!)!)).toEqual(Buffer.from(archive));

    const listed = await call('GET', '/artifacts');
    expect(listed.json.artifacts).toEqual([done.json.artifact]);
    const got = await call('GET', '/artifacts/1');
    expect(got.status).toBe(200);
    expect(got.res.headers.get('x-shithub-artifact-sha256')).toBe(sha256(archive));
    expect(Buffer.from(await got.res.arrayBuffer())).toEqual(Buffer.from(archive));
    const tail = await call('GET', '/artifacts/1?offset=10');
    expect(Buffer.from(await tail.res.arrayBuffer())).toEqual(Buffer.from(archive.subarray(10)));
    // Finishing again answers the same artifact (a lost answer is harmless).
    expect((await call('POST', '/artifacts/1/finalize')).json.artifact).toEqual(done.json.artifact);
    expect(w.errors).toEqual([]);
  });

  it('resumes where the server stands, accepts a resent chunk, refuses a gap without spending the token', async () => {
    const archive = archiveOf({ 'a.txt': 'abcdefghij' });
    await begin(archive);
    await chunk(1, 0, archive.subarray(0, 20));
    expect((await begin(archive)).json).toMatchObject({ artifact_id: 1, received_bytes: 20 });
    expect((await chunk(1, 0, archive.subarray(0, 20))).json.received_bytes).toBe(20);
    const spent = token;
    const gap = await chunk(1, 30, archive.subarray(30));
    expect([gap.status, gap.json.code, gap.json.error]).toEqual([
      409,
      'artifact.offset_mismatch',
      'the next chunk must start at byte 20',
    ]);
    expect(token).toBe(spent);
    expect((await chunk(1, 20, archive.subarray(20))).status).toBe(200);
    // Another size or digest starts the upload over.
    const other = archiveOf({ 'b.txt': 'x' });
    expect((await begin(other)).json).toMatchObject({ artifact_id: 1, received_bytes: 0 });
  });

  it('answers a replayed token 401', async () => {
    const archive = archiveOf({ 'a.txt': 'a' });
    const first = token;
    await begin(archive);
    token = first;
    const replay = await begin(archive);
    expect([replay.status, replay.json.code]).toEqual([401, 'job.token_replayed']);
  });

  it.each([
    ['a name with a slash', { name: 'a/b' }, 400, 'artifact.name_invalid'],
    ['an empty name', { name: ' ' }, 400, 'artifact.name_invalid'],
    ['a size past artifacts.max_size', { size: MAX_BYTES + 1 }, 422, 'artifact.too_large'],
    ['a size of 0', { size: 0 }, 400, 'request.invalid_body'],
    ['a size that is no integer', { size: 1.5 }, 400, 'request.invalid_body'],
    ['a digest that is no hex', { sha256: 'z'.repeat(64) }, 400, 'artifact.digest_invalid'],
    ['an unknown field', { overwrite: true }, 400, 'request.invalid_body'],
    ['a negative retention', { retention_days: -1 }, 400, 'request.invalid_body'],
  ])('refuses to begin with %s', async (_name, extra, status, code) => {
    const answer = await begin(archiveOf({ a: 'a' }), extra);
    expect([answer.status, answer.json.code]).toEqual([status, code]);
    expect(answer.json.error).toEqual(expect.any(String));
    expect(w.errors).toEqual([]);
  });

  it.each([
    ['an artifact id of 0', 0, 0, null, 404, 'artifact.not_found'],
    ['an artifact id that is no number', 'abc', 0, null, 404, 'artifact.not_found'],
    ['an artifact id past 2^53', '99999999999999999999', 0, null, 404, 'artifact.not_found'],
    ['an unknown artifact', 7, 0, null, 404, 'artifact.not_found'],
    ['an offset that is no number', 1, 'x', null, 400, 'artifact.offset_invalid'],
    ['a negative offset', 1, '-1', null, 400, 'artifact.offset_invalid'],
    ['an offset past 2^53', 1, '99999999999999999999', null, 400, 'artifact.offset_invalid'],
    ['a chunk past the declared size', 1, 5, null, 400, 'artifact.chunk_out_of_range'],
    ['a chunk that does not match its digest', 1, 0, '0'.repeat(64), 400, 'artifact.chunk_digest_mismatch'],
    ['a chunk without its digest', 1, 0, '', 400, 'artifact.digest_invalid'],
  ])('refuses %s', async (_name, id, offset, digest, status, code) => {
    const archive = archiveOf({ a: 'a' });
    await begin(archive);
    const bytes = archive.subarray(0, archive.length - 4);
    const answer = await chunk(id, offset, bytes, digest ?? sha256(bytes));
    expect([answer.status, answer.json.code]).toEqual([status, code]);
    expect(w.errors).toEqual([]);
  });

  it('refuses an empty chunk, finishing early, other bytes than declared and a malformed archive', async () => {
    const archive = archiveOf({ a: 'a' });
    await begin(archive);
    expect((await chunk(1, 0, new Uint8Array())).json.code).toBe('artifact.chunk_size');
    expect((await call('POST', '/artifacts/1/finalize')).json.code).toBe('artifact.incomplete');

    const forged = new Uint8Array(archive);
    forged[forged.length - 5] = 'b'.charCodeAt(0);
    await chunk(1, 0, forged);
    const mismatch = await call('POST', '/artifacts/1/finalize');
    expect([mismatch.status, mismatch.json.code]).toEqual([422, 'artifact.digest_mismatch']);
    expect([...objects.objects.keys()].every((k) => k.includes('.parts/'))).toBe(true);

    const garbage = new TextEncoder().encode('PK\u0003\u0004 not ours');
    await call(
      'POST',
      '/artifacts',
      JSON.stringify({ name: 'junk', size: garbage.length, sha256: sha256(garbage) }),
    );
    await chunk(2, 0, garbage);
    const malformed = await call('POST', '/artifacts/2/finalize');
    expect([malformed.status, malformed.json.code]).toEqual([400, 'artifact.archive_invalid']);
    expect(w.errors).toEqual([]);
  });

  it('shows no unfinished upload, refuses bad queries, and keeps a name and an upload to one job of the run', async () => {
    const archive = archiveOf({ a: 'a' });
    await begin(archive);
    const listed = await call('GET', '/artifacts');
    expect(listed.json.artifacts).toEqual([]);
    expect((await call('GET', '/artifacts/1')).json.code).toBe('artifact.not_found');
    expect((await call('GET', '/artifacts?page=2')).json.code).toBe('request.query_invalid');
    expect((await call('GET', '/artifacts/1?offset=-3')).json.code).toBe('request.query_invalid');

    // Two jobs of one run: the second may neither take the name nor touch the first one's upload.
    const runner = await w.runner({ capacity: 2 });
    const repo = await w.repo();
    await w.enqueue(repo.id, { jobs: [plannedJob('a'), plannedJob('b')] });
    const claims = [];
    for (let i = 0; i < 2; i++) claims.push((await (await w.heartbeat(runner.token)).json()) as ClaimJson);
    const as = async (claim: ClaimJson, method: string, path: string, body?: string) => {
      const res = await w.app.request(`/api/v1/jobs/${claim.job.id}${path}`, {
        method,
        headers: { authorization: `Bearer ${claim.token}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body }),
      });
      const json = (await res.json()) as Json;
      if (typeof json.next_token === 'string') claim.token = json.next_token;
      return [res.status, json.code ?? json.artifact_id];
    };
    const start = JSON.stringify({ name: 'shared', size: archive.length, sha256: sha256(archive) });
    const [first, second] = claims as [ClaimJson, ClaimJson];
    expect(await as(first, 'POST', '/artifacts', start)).toEqual([201, 2]);
    expect(await as(second, 'POST', '/artifacts', start)).toEqual([409, 'artifact.name_taken']);
    expect(await as(second, 'POST', '/artifacts/2/finalize')).toEqual([404, 'artifact.not_found']);
    expect(w.errors).toEqual([]);
  });
});
