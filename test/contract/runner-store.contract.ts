import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { authenticateRunner } from '../../src/domain/runners/authenticate-runner.js';
import { mintRegistrationToken } from '../../src/domain/tokens/registration-token.js';
import type { NewRunner } from '../../src/ports/runner-store.js';
import { FakeClock } from '../support/fake-clock.js';
import type { RunnerStoreBackend, RunnerStoreHarness } from '../support/runner-world.js';
import { SeqRandom } from '../support/seq-random.js';

const MINUTE = 60_000;

/** Runs the RunnerStore contract against one backend. */
export function describeRunnerStoreContract(
  name: string,
  openBackend: () => Promise<RunnerStoreBackend>,
): void {
  describe(`RunnerStore contract: ${name}`, () => {
    let backend: RunnerStoreBackend;
    let h: RunnerStoreHarness;
    let clock: FakeClock;
    let random: SeqRandom;

    beforeAll(async () => {
      backend = await openBackend();
    });
    afterAll(async () => {
      await backend?.close();
    });
    beforeEach(async () => {
      h = await backend.fresh();
      clock = new FakeClock();
      random = new SeqRandom();
    });

    const newRunner = (runnerName: string, extra: Partial<NewRunner> = {}): NewRunner => ({
      name: runnerName,
      labels: ['linux', 'x64'],
      capacity: 2,
      registeredByUserId: null,
      ...extra,
    });
    const register = async (runnerName: string, expiresAt: Date | null = null) => {
      const minted = mintRegistrationToken(random);
      const runner = await h.store.register(
        newRunner(runnerName),
        { tokenHash: minted.tokenHash, expiresAt },
        clock.now(),
      );
      if (runner === 'name_taken') throw new Error(`fixture name ${runnerName} taken`);
      return { runner, ...minted };
    };
    const rotate = async (id: number, expiresAt: Date | null = null) => {
      const minted = mintRegistrationToken(random);
      const result = await h.store.rotateToken(id, { tokenHash: minted.tokenHash, expiresAt }, clock.now());
      return { result, ...minted };
    };
    const drain = (id: number, reason: string | null) =>
      h.store.setDrain(id, reason === null ? null : { reason, at: clock.now() }, clock.now());
    const auth = (token: string) => authenticateRunner({ runners: h.store, clock }, `Bearer ${token}`);
    const isValid = (token: string) => auth(token).then(Boolean, () => false);
    const tokenInvalid = { kind: 'unauthenticated', code: 'runner.token_invalid' };

    describe('register', () => {
      it('stores an offline runner with its fields and only the hash of its token', async () => {
        const { runner, tokenHash } = await register('alpha');
        expect(runner).toMatchObject({
          name: 'alpha',
          labels: ['linux', 'x64'],
          capacity: 2,
          status: 'offline',
        });
        expect(runner).toMatchObject({
          lastHeartbeatAt: null,
          drainingAt: null,
          revokedAt: null,
          hostName: '',
        });
        expect(runner.createdAt).toEqual(clock.now());
        const found = await h.store.findByTokenHash(tokenHash);
        expect(found?.runner.id).toBe(runner.id);
        expect(found?.token).toMatchObject({ runnerId: runner.id, expiresAt: null, revokedAt: null });
        expect(Buffer.from(found?.token.tokenHash ?? []).equals(Buffer.from(tokenHash))).toBe(true);
      });

      it('refuses a name already registered and stores neither runner nor token', async () => {
        await register('alpha');
        const before = await h.store.listWithLoad();
        const minted = mintRegistrationToken(random);
        const result = await h.store.register(
          newRunner('alpha'),
          { tokenHash: minted.tokenHash, expiresAt: null },
          clock.now(),
        );
        expect(result).toBe('name_taken');
        expect(await h.store.listWithLoad()).toEqual(before);
        expect(await h.store.findByTokenHash(minted.tokenHash)).toBeUndefined();
      });

      it('keeps exactly one runner when the same name is registered concurrently', async () => {
        const tokens = [
          mintRegistrationToken(random),
          mintRegistrationToken(random),
          mintRegistrationToken(random),
        ];
        const results = await Promise.all(
          tokens.map((t) =>
            h.store.register(newRunner('same'), { tokenHash: t.tokenHash, expiresAt: null }, clock.now()),
          ),
        );
        expect(results.filter((r) => r === 'name_taken')).toHaveLength(2);
        expect(await h.store.listWithLoad()).toHaveLength(1);
      });
    });

    describe('read', () => {
      it('answers undefined for an unknown id or token hash', async () => {
        expect(await h.store.findById(999)).toBeUndefined();
        expect(await h.store.findByTokenHash(mintRegistrationToken(random).tokenHash)).toBeUndefined();
      });

      it('lists every runner by name in code-point order with its running-job count', async () => {
        const b = await register('b_runner');
        const upper = await register('Zed');
        const a = await register('a-runner');
        await h.addJob(a.runner.id, 'running');
        await h.addJob(a.runner.id, 'running');
        await h.addJob(a.runner.id, 'completed');
        await h.addJob(b.runner.id, 'queued');
        await h.store.revoke(upper.runner.id, 'gone', clock.now());
        const rows = await h.store.listWithLoad();
        expect(rows.map((r) => [r.runner.name, r.activeJobCount])).toEqual([
          ['Zed', 0],
          ['a-runner', 2],
          ['b_runner', 0],
        ]);
      });

      it('lists when each runner’s live registration token expires (issue #12 fix 8)', async () => {
        const at = (days: number) => new Date(clock.now().getTime() + days * 86_400_000);
        await register('never');
        await register('soon', at(3));
        const rotated = await register('rotated', at(1));
        await rotate(rotated.runner.id, at(30));
        const gone = await register('gone', at(2));
        await h.store.revoke(gone.runner.id, 'x', clock.now());
        const rows = await h.store.listWithLoad();
        expect(rows.map((r) => [r.runner.name, r.tokenExpiresAt])).toEqual([
          ['gone', null],
          ['never', null],
          ['rotated', at(30)],
          ['soon', at(3)],
        ]);
      });
    });

    describe('drain', () => {
      it('sets a drain, keeps its first time when drained again, and replaces the reason', async () => {
        const { runner } = await register('alpha');
        const first = clock.now();
        expect(await drain(runner.id, 'patching')).toMatchObject({
          drainingAt: first,
          drainReason: 'patching',
        });
        clock.advance(MINUTE);
        const again = await drain(runner.id, 'still patching');
        expect(again).toMatchObject({
          drainingAt: first,
          drainReason: 'still patching',
          updatedAt: clock.now(),
        });
      });

      it('clears both drain fields on undrain', async () => {
        const { runner } = await register('alpha');
        await drain(runner.id, 'x');
        expect(await drain(runner.id, null)).toMatchObject({ drainingAt: null, drainReason: null });
        expect(await h.store.findById(runner.id)).toMatchObject({ drainingAt: null, drainReason: null });
      });

      it('refuses unknown and revoked runners and changes nothing', async () => {
        const { runner } = await register('alpha');
        await h.store.revoke(runner.id, 'gone', clock.now());
        const before = await h.store.listWithLoad();
        clock.advance(MINUTE);
        expect(await drain(999, 'x')).toBe('not_found');
        expect(await drain(runner.id, 'x')).toBe('revoked');
        expect(await drain(runner.id, null)).toBe('revoked');
        expect(await h.store.listWithLoad()).toEqual(before);
      });
    });

    describe('rotate token', () => {
      it('revokes every earlier token: the old ones stop authenticating and the new one works', async () => {
        const first = await register('alpha');
        const second = await rotate(first.runner.id);
        clock.advance(MINUTE);
        const third = await rotate(first.runner.id);
        expect(third.result).toMatchObject({ id: first.runner.id });
        await expect(auth(first.token)).rejects.toMatchObject(tokenInvalid);
        await expect(auth(second.token)).rejects.toMatchObject(tokenInvalid);
        expect((await auth(third.token)).id).toBe(first.runner.id);
        expect((await h.store.findByTokenHash(first.tokenHash))?.token.revokedAt).toEqual(
          new Date(clock.now().getTime() - MINUTE),
        );
      });

      it('refuses unknown and revoked runners without storing the new token', async () => {
        const { runner } = await register('alpha');
        await h.store.revoke(runner.id, 'gone', clock.now());
        const missing = await rotate(999);
        const refused = await rotate(runner.id);
        expect(missing.result).toBe('not_found');
        expect(refused.result).toBe('revoked');
        expect(await h.store.findByTokenHash(missing.tokenHash)).toBeUndefined();
        expect(await h.store.findByTokenHash(refused.tokenHash)).toBeUndefined();
      });

      it('leaves exactly one valid token after concurrent rotations', async () => {
        const { runner } = await register('alpha');
        // Several rounds of several callers: the race without the row lock shows up often, not always.
        for (let round = 0; round < 5; round++) {
          const rotations = await Promise.all(Array.from({ length: 6 }, () => rotate(runner.id)));
          const valid = await Promise.all(rotations.map((r) => isValid(r.token)));
          expect(valid.filter(Boolean)).toHaveLength(1);
        }
      });

      it('stores the expiry: the token fails from its expiry instant on', async () => {
        const { runner } = await register('alpha');
        const { token } = await rotate(runner.id, new Date(clock.now().getTime() + 10 * MINUTE));
        clock.advance(10 * MINUTE - 1);
        expect((await auth(token)).id).toBe(runner.id);
        clock.advance(1);
        await expect(auth(token)).rejects.toMatchObject(tokenInvalid);
      });
    });

    describe('revoke', () => {
      it('revokes the runner and every token, drains it and marks it offline', async () => {
        const first = await register('alpha');
        const second = await rotate(first.runner.id);
        await h.heartbeat(first.runner.id, clock.now(), 'busy');
        clock.advance(MINUTE);
        const result = await h.store.revoke(first.runner.id, 'compromised', clock.now());
        expect(result).toMatchObject({ tokensRevoked: 1 });
        expect(result !== 'not_found' && result.runner).toMatchObject({
          revokedAt: clock.now(),
          revokedReason: 'compromised',
          drainingAt: clock.now(),
          drainReason: 'compromised',
          status: 'offline',
        });
        await expect(auth(first.token)).rejects.toMatchObject(tokenInvalid);
        await expect(auth(second.token)).rejects.toMatchObject(tokenInvalid);
      });

      it('keeps an earlier drain, and a repeat revoke changes nothing and revokes no token', async () => {
        const { runner } = await register('alpha');
        const drainedAt = clock.now();
        await drain(runner.id, 'patching');
        clock.advance(MINUTE);
        const revokedAt = clock.now();
        await h.store.revoke(runner.id, 'first', revokedAt);
        const before = await h.store.listWithLoad();
        clock.advance(MINUTE);
        const again = await h.store.revoke(runner.id, 'second', clock.now());
        expect(again).toMatchObject({ tokensRevoked: 0 });
        expect(again !== 'not_found' && again.runner).toMatchObject({
          revokedAt,
          revokedReason: 'first',
          drainingAt: drainedAt,
          drainReason: 'patching',
        });
        expect(await h.store.listWithLoad()).toEqual(before);
      });

      it('answers not_found for an unknown id', async () => {
        expect(await h.store.revoke(999, 'x', clock.now())).toBe('not_found');
      });
    });

    describe('stale runners', () => {
      it('marks offline the silent and never-heard non-revoked runners, and only those', async () => {
        const silent = await register('silent');
        const fresh = await register('fresh');
        const never = await register('never');
        const revoked = await register('revoked');
        const offline = await register('offline');
        await h.heartbeat(silent.runner.id, clock.now(), 'busy');
        await h.heartbeat(revoked.runner.id, clock.now(), 'idle');
        await h.heartbeat(offline.runner.id, clock.now(), 'offline');
        await h.addJob(silent.runner.id, 'running');
        clock.advance(5 * MINUTE);
        await h.heartbeat(fresh.runner.id, clock.now(), 'idle');
        await h.store.revoke(revoked.runner.id, 'gone', clock.now());
        await h.heartbeat(never.runner.id, null, 'busy');

        const cutoff = new Date(clock.now().getTime() - 2 * MINUTE);
        const marked = await h.store.markStaleOffline(cutoff, clock.now());
        expect(marked.map((r) => r.name).sort()).toEqual(['never', 'silent']);
        expect(marked.every((r) => r.status === 'offline')).toBe(true);
        expect((await h.store.findById(fresh.runner.id))?.status).toBe('idle');
        const silentRow = (await h.store.listWithLoad()).find((r) => r.runner.name === 'silent');
        expect(silentRow?.activeJobCount).toBe(1);
        expect(await h.store.markStaleOffline(cutoff, clock.now())).toEqual([]);
      });

      it('keeps a runner whose heartbeat is exactly at the cutoff', async () => {
        const { runner } = await register('edge');
        await h.heartbeat(runner.id, clock.now(), 'idle');
        expect(await h.store.markStaleOffline(clock.now(), clock.now())).toEqual([]);
      });
    });
  });
}
