import { describe, expect, it } from 'vitest';
import { setActionsPolicy } from '../../../src/domain/forge/actions-policy.js';
import { processPushEvent } from '../../../src/domain/triggers/process-push-event.js';
import { diffRefs, ZERO_SHA } from '../../../src/domain/triggers/record-push.js';
import { retryPendingTriggers } from '../../../src/domain/triggers/retry-pending-triggers.js';
import { makeTriggerWorld, SMOKE } from '../../support/trigger-world.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const C = 'c'.repeat(40);

describe('diffRefs', () => {
  it.each([
    ['a new branch', {}, { 'refs/heads/x': A }, [{ ref: 'refs/heads/x', before: ZERO_SHA, after: A }]],
    [
      'a moved branch',
      { 'refs/heads/x': A },
      { 'refs/heads/x': B },
      [{ ref: 'refs/heads/x', before: A, after: B }],
    ],
    ['a deleted branch fires nothing', { 'refs/heads/x': A }, {}, []],
    ['an unchanged branch fires nothing', { 'refs/heads/x': A }, { 'refs/heads/x': A }, []],
    [
      'branches before tags, each by name',
      {},
      { 'refs/tags/v1': C, 'refs/heads/b': B, 'refs/heads/a': A },
      [
        { ref: 'refs/heads/a', before: ZERO_SHA, after: A },
        { ref: 'refs/heads/b', before: ZERO_SHA, after: B },
        { ref: 'refs/tags/v1', before: ZERO_SHA, after: C },
      ],
    ],
  ])('%s', (_name, before, after, expected) => {
    expect(diffRefs(new Map(Object.entries(before)), new Map(Object.entries(after)))).toEqual(expected);
  });
});

describe('a push to a repository', () => {
  it('records one processed event per updated ref and queues the matching workflow', async () => {
    const w = makeTriggerWorld();
    const ada = await w.user('ada');
    const repo = await w.repo('ada');
    const { sha, accepted } = await w.push(repo, ada, 'trunk', {
      '.shithub/workflows/smoke.yml': SMOKE,
      'README.md': 'hi',
    });
    expect(accepted.events).toHaveLength(1);
    expect(accepted.events[0]).toMatchObject({
      ref: 'refs/heads/trunk',
      before: ZERO_SHA,
      after: sha,
      changedPaths: null,
    });
    const [run] = w.runs();
    expect(run).toMatchObject({
      event: 'push',
      headRef: 'refs/heads/trunk',
      headSha: sha,
      status: 'queued',
      actorUserId: ada.id,
      workflowFile: '.shithub/workflows/smoke.yml',
      workflowName: 'Smoke',
      triggerEventId: `push:${accepted.events[0]?.id}`,
    });
    expect(run?.eventPayload).toMatchObject({
      ref: 'refs/heads/trunk',
      before: ZERO_SHA,
      after: sha,
      head_commit: { id: sha },
    });
    expect((await w.deps.pushEvents.getPushEvent(1))?.status).toBe('processed');
    expect(w.metrics.counter('runs_enqueued_total', { event: 'push', result: 'created' })).toBe(1);
    expect(w.wakeUps()).toBe(1);
  });

  it('stores the changed paths of a moved branch and creates nothing for an ignored branch', async () => {
    const w = makeTriggerWorld();
    const ada = await w.user('ada');
    const repo = await w.repo('ada');
    await w.push(repo, ada, 'trunk', { '.shithub/workflows/smoke.yml': SMOKE });
    w.git.commit(repo, 'feature', { '.shithub/workflows/smoke.yml': SMOKE });
    const { accepted } = await w.push(repo, ada, 'feature', { 'docs/a.md': 'x' });
    expect(accepted.events[0]?.changedPaths).toEqual(['docs/a.md']);
    expect(w.runs()).toHaveLength(1);
  });

  it('fires nothing when a branch is deleted', async () => {
    const w = makeTriggerWorld();
    const ada = await w.user('ada');
    const repo = await w.repo('ada');
    await w.push(repo, ada, 'trunk', { '.shithub/workflows/smoke.yml': SMOKE });
    const before = await w.git.listRefs(repo);
    w.git.deleteRef(repo, 'refs/heads/trunk');
    const { acceptPush } = await import('../../../src/domain/triggers/accept-push.js');
    const accepted = await acceptPush(w.deps, {
      repo,
      pusherUserId: ada.id,
      before,
      after: await w.git.listRefs(repo),
    });
    expect(accepted.events).toEqual([]);
    expect(w.runs()).toHaveLength(1);
  });

  it('creates nothing new when the same event is processed again', async () => {
    const w = makeTriggerWorld();
    const ada = await w.user('ada');
    const repo = await w.repo('ada');
    const { accepted } = await w.push(repo, ada, 'trunk', { '.shithub/workflows/smoke.yml': SMOKE });
    const again = await processPushEvent(w.deps, { eventId: accepted.events[0]?.id ?? 0 });
    expect(again.report?.runs.map((r) => r.created)).toEqual([false]);
    expect(w.runs()).toHaveLength(1);
    expect(w.state().checkRuns.size).toBe(1);
  });

  it('keeps a push whose enqueue failed pending and creates its run exactly once on retry', async () => {
    const w = makeTriggerWorld();
    const ada = await w.user('ada');
    const repo = await w.repo('ada');
    const enqueue = w.deps.runs.enqueueRun.bind(w.deps.runs);
    let failures = 1;
    w.deps.runs.enqueueRun = async (planned, now) => {
      if (failures-- > 0) throw new Error('database connection lost');
      return enqueue(planned, now);
    };
    const { accepted } = await w.push(repo, ada, 'trunk', { '.shithub/workflows/smoke.yml': SMOKE });
    expect(accepted.failed).toEqual([{ eventId: 1, error: 'database connection lost' }]);
    expect(await w.deps.pushEvents.getPushEvent(1)).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastError: 'database connection lost',
    });
    expect(w.runs()).toHaveLength(0);

    w.deps.clock.advance(60_000);
    const summary = await retryPendingTriggers(w.deps, { minAgeMs: 30_000, limit: 10 });
    expect(summary.processed).toHaveLength(1);
    expect(w.runs()).toHaveLength(1);
    expect((await w.deps.pushEvents.getPushEvent(1))?.status).toBe('processed');
    await retryPendingTriggers(w.deps, { minAgeMs: 0, limit: 10 });
    await processPushEvent(w.deps, { eventId: 1 });
    expect(w.runs()).toHaveLength(1);
  });

  it('leaves a fresh pending event to the request that is processing it', async () => {
    const w = makeTriggerWorld();
    const ada = await w.user('ada');
    const repo = await w.repo('ada');
    w.deps.runs.enqueueRun = async () => {
      throw new Error('down');
    };
    await w.push(repo, ada, 'trunk', { '.shithub/workflows/smoke.yml': SMOKE });
    const summary = await retryPendingTriggers(w.deps, { minAgeMs: 30_000, limit: 10 });
    expect(summary.processed).toEqual([]);
    expect(summary.failed).toEqual([]);
  });

  it('gives an event up as failed after ten failed attempts', async () => {
    const w = makeTriggerWorld();
    const ada = await w.user('ada');
    const repo = await w.repo('ada');
    w.deps.runs.enqueueRun = async () => {
      throw new Error('down');
    };
    await w.push(repo, ada, 'trunk', { '.shithub/workflows/smoke.yml': SMOKE });
    for (let i = 0; i < 12; i++) await retryPendingTriggers(w.deps, { minAgeMs: 0, limit: 10 });
    expect(await w.deps.pushEvents.getPushEvent(1)).toMatchObject({ status: 'failed', attempts: 10 });
  });

  it('refuses a push while Actions are disabled: counted, processed, no run', async () => {
    const w = makeTriggerWorld();
    const ada = await w.user('ada');
    const repo = await w.repo('ada');
    await setActionsPolicy(w.deps, { scope: { repoPath: 'ada/scratch' }, state: 'disabled' });
    const { accepted } = await w.push(repo, ada, 'trunk', { '.shithub/workflows/smoke.yml': SMOKE });
    expect(accepted.processed[0]?.report?.refusal).toMatchObject({
      kind: 'conflict',
      code: 'actions.disabled',
    });
    expect(w.runs()).toEqual([]);
    expect((await w.deps.pushEvents.getPushEvent(1))?.status).toBe('processed');
    expect(w.metrics.counter('runs_enqueued_total', { event: 'push', result: 'refused' })).toBe(1);
  });

  it('answers not_found for an unknown event', async () => {
    const w = makeTriggerWorld();
    await expect(processPushEvent(w.deps, { eventId: 42 })).rejects.toMatchObject({
      kind: 'not_found',
      code: 'push_event.not_found',
      message: 'push event 42 not found',
    });
  });
});
