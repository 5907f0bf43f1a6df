/**
 * The runner routes on the Drizzle stores: the chain, the scrub carry and the claim run on
 * PGlite with the real migrations, and on PostgreSQL when it is configured.
 */
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../../../../src/adapters/postgres/database.js';
import { workflowStepLogChunks } from '../../../../src/adapters/postgres/schema.js';
import { drainRunner, undrainRunner } from '../../../../src/domain/runners/drain-runner.js';
import {
  describePostgres,
  openTestPglite,
  openTestPostgres,
  POSTGRES_SKIP_NOTE,
  resetDatabase,
} from '../../../support/databases.js';
import {
  b64,
  type ClaimJson,
  makeRunnerApiWorld,
  pgStores,
  type RunnerApiWorld,
} from './runner-api-world.js';

const SECRET = 'correct-horse-battery';

function describeRoutesOn(name: string, open: () => Promise<OpenDatabase>) {
  describe(`runner routes on ${name}`, () => {
    let db: OpenDatabase;
    let w: RunnerApiWorld;
    beforeAll(async () => {
      db = await open();
    });
    afterAll(async () => {
      await db?.close();
    });
    beforeEach(async () => {
      await resetDatabase(db);
      w = makeRunnerApiWorld(pgStores(db.db));
    });

    const stored = async (stepId: number) => {
      const c = workflowStepLogChunks;
      const rows = await db.db
        .select()
        .from(c)
        .where(and(eq(c.stepId, stepId)))
        .orderBy(asc(c.seq));
      return rows.map((r) => Buffer.from(r.chunk).toString('utf8'));
    };

    it('claims, logs across a split secret, completes the step and the job', async () => {
      const runner = await w.runner();
      const repo = await w.repo();
      await w.secret(repo.id, 'HORSE', SECRET);
      await w.enqueue(repo.id);
      const claim = (await (await w.heartbeat(runner.token)).json()) as ClaimJson;
      expect(claim.job.mask_values).toEqual([SECRET]);
      const jobId = claim.job.id;
      const stepId = claim.job.steps[0]!.id;
      let token = claim.token;
      const call = async (route: string, body: unknown) => {
        const res = await w.post(`/api/v1/jobs/${jobId}/${route}`, body, token);
        const json = await res.json();
        if (json.next_token) token = json.next_token;
        return { status: res.status, json };
      };
      expect((await call('logs', { seq: 0, chunk: b64('pw=correct-ho') })).status).toBe(202);
      expect((await call('logs', { seq: 1, chunk: '@@' })).status).toBe(400);
      expect((await call('logs', { seq: 1, chunk: b64('rse-battery; tail corr') })).status).toBe(202);
      expect((await call('logs', { seq: 1, chunk: b64('ignored resend') })).status).toBe(202);
      expect(await stored(stepId)).toEqual(['pw=', '***; tail ']);
      const done = await call(`steps/${stepId}/status`, { status: 'completed', conclusion: 'success' });
      expect(done.status).toBe(200);
      expect(await stored(stepId)).toEqual(['pw=', '***; tail corr']);
      const end = await call('status', { status: 'completed', conclusion: 'success' });
      expect(end.json).toMatchObject({ run_status: 'completed', run_conclusion: 'success' });
      const replay = await w.post(`/api/v1/jobs/${jobId}/cancel-check`, {}, token);
      expect(replay.status).toBe(401);
      expect(w.errors).toEqual([]);
    });

    it.each([
      ['host_name', { host_name: 'box\u0000' }],
      ['version', { version: '\u0000' }],
    ])(
      'answers 400 to a heartbeat whose %s holds NUL, which no text column can store',
      async (field, body) => {
        const runner = await w.runner();
        const before = await w.deps.runners.findById(runner.id);
        const res = await w.heartbeat(runner.token, body);
        expect(res.status).toBe(400);
        expect(await res.json()).toEqual({
          error: `field "${field}" must not contain NUL characters`,
          code: 'request.invalid_body',
        });
        expect(await w.deps.runners.findById(runner.id)).toEqual(before);
        expect(w.errors).toEqual([]);
      },
    );

    it('answers the heartbeat 204 for a drained runner and claims after undrain', async () => {
      const runner = await w.runner();
      // Through the domain, as the admin commands do: it tells waiting and idle heartbeats.
      await drainRunner(w.deps, { id: runner.id, reason: 'maintenance' });
      await w.enqueue((await w.repo()).id);
      expect((await w.heartbeat(runner.token)).status).toBe(204);
      await undrainRunner(w.deps, { id: runner.id });
      expect((await w.heartbeat(runner.token)).status).toBe(200);
    });
  });
}

describeRoutesOn('PGlite', openTestPglite);

describePostgres(`runner routes on PostgreSQL${POSTGRES_SKIP_NOTE}`, () => {
  describeRoutesOn('PostgreSQL', () => openTestPostgres(8));
});
