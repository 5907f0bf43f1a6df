/**
 * The log ingest path of `POST /jobs/{id}/logs` (issue #13 item 2) on one backend: the
 * binary form stores exactly the bytes the JSON form stores, the fast path refuses what the
 * full path refuses and applies masks added meanwhile, and two replicas (two apps, two
 * caches) taking turns on one job keep the carry.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../../../src/adapters/http/app.js';
import { revokeRunner } from '../../../../src/domain/runners/revoke-runner.js';
import {
  type ClaimJson,
  makeRunnerApiWorld,
  type RunnerApiStores,
  type RunnerApiWorld,
} from './runner-api-world.js';

/** One backend: `fresh` empties it; `chunks` reads a step's stored chunks in seq order. */
export interface LogIngestBackend {
  fresh(): Promise<{ stores: RunnerApiStores; chunks: (stepId: number) => Promise<Uint8Array[]> }>;
  close(): Promise<void>;
}

const SECRET = 'hunter2-correct-horse';
const EVERY_BYTE = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
/** The kinds of chunk the driver encodes differently: raw bytes, ASCII with backslashes, UTF-8, a secret. */
const CHUNKS = [
  EVERY_BYTE,
  Buffer.from('C:\\build\\out\\x 100% \\\\server\\share \\000 done\n'),
  Buffer.from(`plain text line with the secret ${SECRET} in it\n`),
  Buffer.from('utf-8: é 日本 🎉 and a split secret hunter2-'),
  Buffer.concat([Buffer.from('correct-horse then NUL '), Buffer.from([0, 0x5c, 0xff]), Buffer.from('\n')]),
];

export function describeLogIngestContract(name: string, open: () => Promise<LogIngestBackend>): void {
  describe(`log ingest: ${name}`, () => {
    let backend: LogIngestBackend;
    let w: RunnerApiWorld;
    let chunks: (stepId: number) => Promise<Uint8Array[]>;

    beforeAll(async () => {
      backend = await open();
    });
    afterAll(async () => {
      await backend?.close();
    });
    /** Full-path job-call transactions so far (the fast path opens none). */
    let transactions = 0;

    beforeEach(async () => {
      const fresh = await backend.fresh();
      chunks = fresh.chunks;
      const inner = fresh.stores.jobCalls;
      transactions = 0;
      const jobCalls: typeof inner = {
        transaction: (at, fn) => {
          transactions += 1;
          return inner.transaction(at, fn);
        },
        appendIfCurrent: (append, at) => inner.appendIfCurrent(append, at),
        restartTokenChain: (jobId, runnerId) => inner.restartTokenChain(jobId, runnerId),
        isTokenUsed: (jti) => inner.isTokenUsed(jti),
        saveMaskSnapshot: (jobId, sealed, at) => inner.saveMaskSnapshot(jobId, sealed, at),
        loadMaskSnapshot: (jobId) => inner.loadMaskSnapshot(jobId),
      };
      w = makeRunnerApiWorld({ ...fresh.stores, jobCalls });
    });

    /** A claimed job of a repo with the secret; `send` posts a chunk in either form. */
    async function job(app = w.app) {
      const runner = await w.runner();
      const repo = await w.repo();
      await w.secret(repo.id, 'PASSWORD', SECRET);
      await w.enqueue(repo.id);
      const claim = (await (await w.heartbeat(runner.token)).json()) as ClaimJson;
      const stepId = claim.job.steps[0]!.id;
      const state = { token: claim.token };
      const take = async (res: Response) => {
        const json = (await res.json()) as { next_token?: string; code?: string };
        if (json.next_token) state.token = json.next_token;
        return { status: res.status, code: json.code };
      };
      const binary = (seq: number, bytes: Uint8Array, headers: Record<string, string> = {}, via = app) =>
        Promise.resolve(
          via.request(`/api/v1/jobs/${claim.job.id}/logs`, {
            method: 'POST',
            headers: {
              authorization: `Bearer ${state.token}`,
              'content-type': 'application/octet-stream',
              'x-shithub-log-seq': String(seq),
              'x-shithub-log-step-id': String(stepId),
              ...headers,
            },
            body: new Uint8Array(bytes),
          }),
        ).then(take);
      const json = (seq: number, bytes: Uint8Array, extra: Record<string, unknown> = {}, via = app) =>
        Promise.resolve(
          via.request(`/api/v1/jobs/${claim.job.id}/logs`, {
            method: 'POST',
            headers: { authorization: `Bearer ${state.token}`, 'content-type': 'application/json' },
            body: JSON.stringify({
              seq,
              chunk: Buffer.from(bytes).toString('base64'),
              step_id: stepId,
              ...extra,
            }),
          }),
        ).then(take);
      const call = (path: string, body: unknown) =>
        w.post(`/api/v1/jobs/${claim.job.id}/${path}`, body, state.token).then(take);
      const stored = async () => Buffer.concat(await chunks(stepId));
      return { runner, claim, stepId, state, binary, json, call, stored };
    }

    it('stores the binary form byte for byte as the JSON form stores the same chunks', async () => {
      const viaJson = await job();
      const viaBinary = await job();
      for (const [seq, bytes] of CHUNKS.entries()) {
        expect((await viaJson.json(seq, bytes)).status).toBe(202);
        expect((await viaBinary.binary(seq, bytes)).status).toBe(202);
      }
      await viaJson.call(`steps/${viaJson.stepId}/status`, { status: 'completed', conclusion: 'success' });
      await viaBinary.call(`steps/${viaBinary.stepId}/status`, {
        status: 'completed',
        conclusion: 'success',
      });
      const [a, b] = [await viaJson.stored(), await viaBinary.stored()];
      expect(b.equals(a)).toBe(true);
      const expected = Buffer.concat(CHUNKS).toString('latin1').replaceAll(SECRET, '***');
      expect(b.toString('latin1')).toBe(expected);
      expect((await chunks(viaBinary.stepId)).map((c) => c.length)).toEqual(
        (await chunks(viaJson.stepId)).map((c) => c.length),
      );
    });

    it('stores chunks that follow one another in one statement each, with no transaction', async () => {
      const j = await job();
      for (let seq = 0; seq < 4; seq++) {
        expect((await j.binary(seq, Buffer.from(`line ${seq} ${SECRET}\n`))).status).toBe(202);
      }
      expect(transactions).toBe(0);
      expect((await j.stored()).toString()).toBe('line 0 ***\nline 1 ***\nline 2 ***\nline 3 ***\n');
      expect(w.metrics.counter('log_chunks_total')).toBe(4);
      expect(w.metrics.counter('log_scrub_replacements_total', { location: 'server' })).toBe(4);
    });

    it('refuses a binary chunk with no seq, a bad seq or step header, or no bytes, and leaves the token unspent', async () => {
      const j = await job();
      const bad = [
        await j.binary(0, Buffer.from('x'), { 'x-shithub-log-seq': '' }),
        await j.binary(0, Buffer.from('x'), { 'x-shithub-log-seq': '-1' }),
        await j.binary(0, Buffer.from('x'), { 'x-shithub-log-seq': '2147483648' }),
        await j.binary(0, Buffer.from('x'), { 'x-shithub-log-step-id': 'one' }),
        await j.binary(0, new Uint8Array(0)),
        await j.binary(0, new Uint8Array(512 * 1024 + 1)),
      ];
      expect(bad.map((r) => [r.status, r.code])).toEqual([
        [400, 'request.invalid_body'],
        [400, 'request.invalid_body'],
        [400, 'request.invalid_body'],
        [400, 'request.invalid_body'],
        [400, 'log.chunk_size'],
        [400, 'log.chunk_size'],
      ]);
      expect((await j.binary(0, Buffer.from('ok\n'))).status).toBe(202);
      expect((await j.stored()).toString()).toBe('ok\n');
    });

    it('refuses a replayed token, a revoked runner and another job’s step on the binary path', async () => {
      const j = await job();
      const first = j.state.token;
      expect((await j.binary(0, Buffer.from('a\n'))).status).toBe(202);
      j.state.token = first;
      expect(await j.binary(1, Buffer.from('b\n'))).toEqual({ status: 401, code: 'job.token_replayed' });
      const other = await job();
      const res = await w.app.request(`/api/v1/jobs/${j.claim.job.id}/logs`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${other.state.token}`,
          'content-type': 'application/octet-stream',
          'x-shithub-log-seq': '0',
        },
        body: 'x',
      });
      expect(res.status).toBe(404);
      expect(
        (await other.binary(0, Buffer.from('c'), { 'x-shithub-log-step-id': String(j.stepId) })).status,
      ).toBe(404);
      await revokeRunner(w.deps, { id: other.runner.id });
      expect(await other.binary(0, Buffer.from('c'))).toEqual({ status: 401, code: 'job.token_invalid' });
      expect((await j.stored()).toString()).toBe('a\n');
      expect(await other.stored()).toEqual(Buffer.alloc(0));
    });

    it('refuses the earlier chain’s unspent token on the binary path after chain recovery (issue #12)', async () => {
      const j = await job();
      expect((await j.binary(0, Buffer.from('a\n'))).status).toBe(202);
      const unspent = j.state.token;
      const recovered = await w.post(`/api/v1/jobs/${j.claim.job.id}/token`, '', j.runner.token);
      expect(recovered.status).toBe(200);
      expect(await j.binary(1, Buffer.from('old chain\n'))).toEqual({
        status: 401,
        code: 'job.token_invalid',
      });
      j.state.token = ((await recovered.json()) as { token: string }).token;
      expect((await j.binary(1, Buffer.from('b\n'))).status).toBe(202);
      expect(unspent).not.toBe(j.state.token);
      expect((await j.stored()).toString()).toBe('a\nb\n');
    });

    it('masks values added by an earlier chunk or a step report in every later binary chunk', async () => {
      const j = await job();
      expect((await j.binary(0, Buffer.from('start\n'))).status).toBe(202);
      expect((await j.json(1, Buffer.from('add\n'), { add_masks: ['added-by-chunk'] })).status).toBe(202);
      expect((await j.binary(2, Buffer.from('one added-by-chunk\n'))).status).toBe(202);
      const report = await j.call(`steps/${j.stepId}/status`, {
        status: 'running',
        add_masks: ['added-by-step'],
      });
      expect(report.status).toBe(200);
      expect((await j.binary(3, Buffer.from('two added-by-step added-by-chunk\n'))).status).toBe(202);
      expect((await j.stored()).toString()).toBe('start\nadd\none ***\ntwo *** ***\n');
    });

    it('keeps the carry when two replicas take turns on one job', async () => {
      const replica = createApp({
        logger: { error: () => {} },
        pingDatabase: async () => {},
        runnerApi: w.deps,
      });
      const j = await job();
      const text = `a ${SECRET} b ${SECRET} c ${SECRET} d\n`;
      const cuts = [0, 7, 15, 30, 44, 58, text.length];
      for (let i = 0; i < cuts.length - 1; i++) {
        const part = Buffer.from(text.slice(cuts[i], cuts[i + 1]));
        const res = await j.binary(i, part, {}, i % 2 === 0 ? w.app : replica);
        expect(res.status).toBe(202);
        expect((await j.stored()).toString()).not.toContain(SECRET.slice(0, 5));
      }
      await j.call(`steps/${j.stepId}/status`, { status: 'completed', conclusion: 'success' });
      expect((await j.stored()).toString()).toBe('a *** b *** c *** d\n');
      expect(w.errors).toEqual([]);
    });

    it('answers a resent chunk 202 and stores it once, on either path', async () => {
      const j = await job();
      expect((await j.binary(0, Buffer.from('once '))).status).toBe(202);
      expect((await j.binary(0, Buffer.from('once '))).status).toBe(202);
      expect((await j.json(0, Buffer.from('once '))).status).toBe(202);
      expect((await j.binary(1, Buffer.from('twice'))).status).toBe(202);
      expect((await chunks(j.stepId)).map((c) => Buffer.from(c).toString())).toEqual(['once ', 'twice']);
    });
  });
}
