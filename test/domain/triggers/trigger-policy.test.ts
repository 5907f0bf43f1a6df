import { describe, expect, it } from 'vitest';
import { setActionsPolicy } from '../../../src/domain/forge/actions-policy.js';
import { addCollaborator } from '../../../src/domain/forge/collaborator.js';
import { enqueueRun } from '../../../src/domain/jobs/enqueue-run.js';
import { checkTriggerPolicy } from '../../../src/domain/triggers/trigger-policy.js';
import type { RunEvent } from '../../../src/ports/model/run.js';
import { plannedRun } from '../../support/job-seed.js';
import { makeTriggerWorld } from '../../support/trigger-world.js';

async function world() {
  const w = makeTriggerWorld();
  const ada = await w.user('ada');
  const bob = await w.user('bob');
  const repo = await w.repo('ada');
  const check = (event: RunEvent, actorUserId: number | null = ada.id) =>
    checkTriggerPolicy(w.deps, { repo, event, actorUserId });
  return { w, ada, bob, repo, check };
}

describe('checkTriggerPolicy', () => {
  it('allows a push by a writer without approval', async () => {
    const { check } = await world();
    expect(await check('push')).toEqual({ allowed: true, needApproval: false });
  });

  it.each([
    ['site', 'site' as const],
    ['repository', { repoPath: 'ada/scratch' }],
  ])('refuses every event while Actions are disabled at %s scope', async (_name, scope) => {
    const { w, check } = await world();
    await setActionsPolicy(w.deps, { scope, state: 'disabled' });
    for (const event of ['push', 'schedule', 'workflow_dispatch', 'pull_request'] as const) {
      const verdict = await check(event);
      expect(verdict).toMatchObject({
        allowed: false,
        refusal: { kind: 'conflict', code: 'actions.disabled' },
      });
    }
  });

  it('refuses once the repository has its cap of queued runs', async () => {
    const { w, repo, check } = await world();
    await w.deps.policies.updateRepoPolicy(repo.id, { maxRepoQueuedRuns: 2 }, w.deps.clock.now());
    await enqueueRun(w.deps, plannedRun(repo.id));
    expect((await check('push')).allowed).toBe(true);
    await enqueueRun(w.deps, plannedRun(repo.id));
    const verdict = await check('schedule', null);
    expect(verdict).toMatchObject({
      allowed: false,
      refusal: { kind: 'rate_limited', code: 'actions.queue_full' },
    });
    if (!verdict.allowed)
      expect(verdict.refusal.message).toBe('ada/scratch already has 2 queued runs (limit 2)');
  });

  it('holds an actor to the hourly trigger limit, which an hour later lets them in again', async () => {
    const { w, ada, repo, check } = await world();
    await w.deps.policies.updateRepoPolicy(repo.id, { actorTriggerLimitPerHour: 1 }, w.deps.clock.now());
    await enqueueRun(w.deps, plannedRun(repo.id, { actorUserId: ada.id, jobs: [], diagnostics: [] }));
    expect(await check('push')).toMatchObject({
      allowed: false,
      refusal: {
        kind: 'rate_limited',
        code: 'actions.actor_rate_limited',
        message: 'trigger limit reached: 1 runs per hour',
      },
    });
    expect((await check('schedule', null)).allowed).toBe(true);
    w.deps.clock.advance(60 * 60 * 1000 + 1);
    expect((await check('push')).allowed).toBe(true);
  });

  it('needs an actor for every event but schedule', async () => {
    const { check } = await world();
    expect(await check('push', null)).toMatchObject({
      allowed: false,
      refusal: { kind: 'forbidden', code: 'actions.actor_required' },
    });
    expect(await check('schedule', null)).toEqual({ allowed: true, needApproval: false });
  });

  it.each([
    ['an outside contributor', null, true],
    ['a reader', 'read', true],
    ['a writer', 'write', false],
  ] as const)('makes a pull request by %s wait for approval: %s', async (_name, role, needApproval) => {
    const { w, bob, check } = await world();
    if (role) await addCollaborator(w.deps, { repoPath: 'ada/scratch', userName: 'bob', role });
    expect(await check('pull_request', bob.id)).toEqual({ allowed: true, needApproval });
  });

  it('queues untrusted pull requests normally when approval is switched off', async () => {
    const { w, bob, repo, check } = await world();
    await w.deps.policies.updateRepoPolicy(repo.id, { requirePrApproval: false }, w.deps.clock.now());
    expect(await check('pull_request', bob.id)).toEqual({ allowed: true, needApproval: false });
  });
});
