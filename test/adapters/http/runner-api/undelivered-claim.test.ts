/**
 * A claim whose answer never reaches the runner (issue #12 fix 2, SPEC §9.1): a secret
 * that cannot be opened, a token that cannot be minted, a client gone before or while the
 * 200 is written. The job goes back to the queue — the same job, for the next heartbeat —
 * instead of staying assigned until lost-runner recovery ends it `runner_lost`. On the
 * memory stores, PGlite, and PostgreSQL when configured.
 */
import { request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../../../../src/adapters/postgres/database.js';
import { MAX_UNDELIVERED_CLAIMS } from '../../../../src/domain/runner-api/return-undelivered-claim.js';
import type { SecretBox } from '../../../../src/ports/secret-box.js';
import { settle } from '../../../support/agent/fake-timer.js';
import {
  describePostgres,
  openTestPglite,
  openTestPostgres,
  POSTGRES_SKIP_NOTE,
  resetDatabase,
} from '../../../support/databases.js';
import {
  type ClaimJson,
  makeRunnerApiWorld,
  memoryStores,
  pgStores,
  type RunnerApiStores,
  type RunnerApiWorld,
} from './runner-api-world.js';

/** A secret box whose `open` throws the next `failures` times. */
function failingOpen(box: SecretBox, failures: number): SecretBox {
  let left = failures;
  return {
    seal: (plain) => box.seal(plain),
    open: (sealed) => {
      if (left-- > 0) throw new Error('secret box: authentication tag mismatch');
      return box.open(sealed);
    },
  };
}

function describeUndelivered(name: string, stores: () => Promise<RunnerApiStores>) {
  describe(`an undelivered claim on ${name}`, () => {
    const setUp = async () => {
      const w = makeRunnerApiWorld(await stores());
      const runner = await w.runner();
      const repo = await w.repo();
      await w.secret(repo.id, 'TOKEN', 's3cret-value');
      const { jobs } = await w.enqueue(repo.id);
      return { w, runner, repo, jobId: jobs[0]!.id };
    };
    const expectQueuedAgain = async (w: RunnerApiWorld, jobId: number) => {
      expect(await w.deps.runs.getJob(jobId)).toMatchObject({
        status: 'queued',
        runnerId: null,
        statusReason: null,
      });
    };
    const claimsAgain = async (w: RunnerApiWorld, token: string, jobId: number) => {
      const res = await w.heartbeat(token);
      expect(res.status).toBe(200);
      const claim = (await res.json()) as ClaimJson;
      expect(claim.job.id).toBe(jobId);
      expect(claim.job.secrets).toEqual({ TOKEN: 's3cret-value' });
    };
    const heartbeatWith = (w: RunnerApiWorld, token: string, signal: AbortSignal) =>
      w.app.request('/api/v1/runners/heartbeat', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: '{}',
        signal,
      });

    it('queues the job again when a secret cannot be opened, and the next heartbeat claims it', async () => {
      const { w, runner, jobId } = await setUp();
      w.deps.keys!.secretBox = failingOpen(w.deps.keys!.secretBox, 1);
      expect((await w.heartbeat(runner.token)).status).toBe(500);
      await expectQueuedAgain(w, jobId);
      await claimsAgain(w, runner.token, jobId);
    });

    it('queues the job again when a token cannot be minted, and the next heartbeat claims it', async () => {
      const { w, runner, jobId } = await setUp();
      const tokens = w.deps.keys!.jobTokens;
      const mint = tokens.mint.bind(tokens);
      let failures = 1;
      tokens.mint = async (claims, now) => {
        if (failures-- > 0) throw new Error('signing key unavailable');
        return mint(claims, now);
      };
      expect((await w.heartbeat(runner.token)).status).toBe(500);
      await expectQueuedAgain(w, jobId);
      await claimsAgain(w, runner.token, jobId);
    });

    it('queues the job again when the client went away during the claim', async () => {
      const { w, runner, jobId } = await setUp();
      const gone = new AbortController();
      const claim = w.deps.queue.claim.bind(w.deps.queue);
      w.deps.queue.claim = async (request) => {
        const outcome = await claim(request);
        gone.abort();
        return outcome;
      };
      await heartbeatWith(w, runner.token, gone.signal);
      w.deps.queue.claim = claim;
      await expectQueuedAgain(w, jobId);
      await claimsAgain(w, runner.token, jobId);
    });

    it('queues the job again when the connection closed before the 200 was written', async () => {
      const { w, runner, jobId } = await setUp();
      const closed = new AbortController();
      expect((await heartbeatWith(w, runner.token, closed.signal)).status).toBe(200);
      closed.abort(); // what @hono/node-server does when the response closes unfinished
      for (let i = 0; i < 50 && (await w.deps.runs.getJob(jobId))?.status !== 'queued'; i++) await settle();
      await expectQueuedAgain(w, jobId);
      await claimsAgain(w, runner.token, jobId);
    });

    it(`ends a job whose claim failed ${MAX_UNDELIVERED_CLAIMS + 1} times claim_undelivered, and the queue moves on`, async () => {
      const { w, runner, jobId } = await setUp();
      w.deps.keys!.secretBox = failingOpen(w.deps.keys!.secretBox, MAX_UNDELIVERED_CLAIMS + 1);
      for (let i = 0; i <= MAX_UNDELIVERED_CLAIMS; i++) {
        expect((await w.heartbeat(runner.token)).status).toBe(500);
      }
      expect(await w.deps.runs.getJob(jobId)).toMatchObject({
        status: 'completed',
        conclusion: 'failure',
        statusReason: 'claim_undelivered',
      });
      const { jobs } = await w.enqueue((await w.repo()).id);
      const res = await w.heartbeat(runner.token);
      expect(res.status).toBe(200);
      expect(((await res.json()) as ClaimJson).job.id).toBe(jobs[0]!.id);
    });
  });
}

describeUndelivered('the memory stores', async () => memoryStores());

describe('an undelivered claim over a real socket', () => {
  // The signal the route relies on comes from @hono/node-server: it aborts the request
  // when the response closes unfinished. Only a real connection shows it does.
  it('queues the job again when the client hangs up while the claim is made', async () => {
    const w = makeRunnerApiWorld();
    const runner = await w.runner();
    const { jobs } = await w.enqueue((await w.repo()).id);
    const server = createAdaptorServer({ fetch: w.app.fetch }) as Server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const req = request({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/v1/runners/heartbeat',
        headers: { authorization: `Bearer ${runner.token}`, 'content-type': 'application/json' },
      });
      req.on('error', () => {});
      const claim = w.deps.queue.claim.bind(w.deps.queue);
      let hungUp: () => void = () => {};
      const claimed = new Promise<void>((resolve) => {
        hungUp = resolve;
      });
      w.deps.queue.claim = async (claimRequest) => {
        const outcome = await claim(claimRequest);
        req.destroy();
        await settle(20); // the server sees the connection close
        hungUp();
        return outcome;
      };
      req.end('{}');
      await claimed;
      w.deps.queue.claim = claim;
      for (let i = 0; i < 100 && (await w.deps.runs.getJob(jobs[0]!.id))?.status !== 'queued'; i++)
        await settle();
      expect(await w.deps.runs.getJob(jobs[0]!.id)).toMatchObject({ status: 'queued', runnerId: null });
      const res = await w.heartbeat(runner.token);
      expect(((await res.json()) as ClaimJson).job.id).toBe(jobs[0]!.id);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('on databases', () => {
  let lite: OpenDatabase;
  beforeAll(async () => {
    lite = await openTestPglite();
  });
  afterAll(async () => {
    await lite?.close();
  });
  describeUndelivered('PGlite', async () => {
    await resetDatabase(lite);
    return pgStores(lite.db);
  });
});

describePostgres(`undelivered claims on PostgreSQL${POSTGRES_SKIP_NOTE}`, () => {
  let pg: OpenDatabase;
  beforeAll(async () => {
    pg = await openTestPostgres();
  });
  afterAll(async () => {
    await pg?.close();
  });
  describeUndelivered('PostgreSQL', async () => {
    await resetDatabase(pg);
    return pgStores(pg.db);
  });
});
