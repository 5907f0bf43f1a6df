import { describe, expect, it } from 'vitest';
import { forkRepo } from '../../../src/domain/triggers/fork-repo.js';
import { openPullRequest } from '../../../src/domain/triggers/open-pull-request.js';
import { retryPendingTriggers } from '../../../src/domain/triggers/retry-pending-triggers.js';
import { updatePullRequest } from '../../../src/domain/triggers/update-pull-request.js';
import { makeTriggerWorld, PULL, SMOKE } from '../../support/trigger-world.js';

const DIR = '.shithub/workflows';

async function world() {
  const w = makeTriggerWorld();
  const ada = await w.user('ada');
  const mallory = await w.user('mallory');
  const base = await w.repo('ada');
  await w.push(base, ada, 'trunk', { [`${DIR}/smoke.yml`]: SMOKE, 'README.md': 'hi' });
  const fork = await forkRepo(w.deps, { source: base, ownerUserId: mallory.id });
  return { w, ada, mallory, base, fork };
}

describe('pull requests', () => {
  it('runs an untrusted fork pull request only after approval, on the head commit copied into the base', async () => {
    const { w, mallory, base, fork } = await world();
    const headSha = w.git.commit(fork, 'patch', { [`${DIR}/pr.yml`]: PULL });
    const opened = await openPullRequest(w.deps, {
      base,
      authorUserId: mallory.id,
      title: 'Fix',
      head: 'mallory:patch',
      baseBranch: 'trunk',
    });
    expect(opened.pr).toMatchObject({
      number: 1,
      headRepoId: fork.id,
      headSha,
      triggeredSha: headSha,
      state: 'open',
    });
    expect(w.git.refsOf(base).get('refs/pull/1/head')).toBe(headSha);
    const run = opened.report?.runs[0]?.run;
    expect(run).toMatchObject({
      event: 'pull_request',
      headSha,
      headRef: 'refs/pull/1/head',
      needApproval: true,
      triggerEventId: `pr_opened:${opened.pr.id}:${headSha}`,
      actorUserId: mallory.id,
    });
    expect(run?.eventPayload).toMatchObject({
      action: 'opened',
      number: 1,
      pull_request: {
        title: 'Fix',
        head: { ref: 'patch', sha: headSha },
        base: { ref: 'trunk' },
        user: { login: 'mallory' },
      },
    });
    expect(w.state().runApprovals.get(run?.id ?? 0)?.requestedReason).toBe(
      'Pull request workflow requires maintainer approval before runner dispatch.',
    );
  });

  it('fires synchronize when the head branch is pushed, and nothing once closed', async () => {
    const { w, mallory, base, fork } = await world();
    w.git.commit(fork, 'patch', { [`${DIR}/pr.yml`]: PULL });
    const { pr } = await openPullRequest(w.deps, {
      base,
      authorUserId: mallory.id,
      title: 'Fix',
      head: 'mallory:patch',
      baseBranch: 'trunk',
    });
    const { sha } = await w.push(fork, mallory, 'patch', { 'more.txt': 'more' });
    const prRuns = () => w.runs().filter((r) => r.event === 'pull_request');
    expect(prRuns().map((r) => r.triggerEventId)).toEqual([
      `pr_opened:${pr.id}:${pr.headSha}`,
      `pr_synchronize:${pr.id}:${sha}`,
    ]);
    expect(w.git.refsOf(base).get('refs/pull/1/head')).toBe(sha);
    await updatePullRequest(w.deps, {
      base,
      number: 1,
      actorUserId: mallory.id,
      role: 'read',
      state: 'closed',
    });
    await w.push(fork, mallory, 'patch', { 'again.txt': 'x' });
    expect(prRuns()).toHaveLength(2);
  });

  it('queues a same-repository pull request by a writer without approval', async () => {
    const { w, ada, base } = await world();
    w.git.commit(base, 'topic', { [`${DIR}/pr.yml`]: PULL });
    const opened = await openPullRequest(w.deps, {
      base,
      authorUserId: ada.id,
      title: 'Topic',
      head: 'topic',
      baseBranch: 'trunk',
    });
    expect(opened.report?.runs[0]?.run.needApproval).toBe(false);
  });

  it('matches branch filters against the base branch', async () => {
    const { w, ada, base } = await world();
    w.git.commit(base, 'release', { 'r.txt': 'r' });
    w.git.commit(base, 'topic', { [`${DIR}/pr.yml`]: PULL });
    const opened = await openPullRequest(w.deps, {
      base,
      authorUserId: ada.id,
      title: 'Topic',
      head: 'topic',
      baseBranch: 'release',
    });
    expect(opened.report?.runs).toEqual([]);
  });

  it('keeps the trigger owed when firing fails and fires it on retry', async () => {
    const { w, mallory, base, fork } = await world();
    w.git.commit(fork, 'patch', { [`${DIR}/pr.yml`]: PULL });
    w.git.failNextCopy = true;
    const opened = await openPullRequest(w.deps, {
      base,
      authorUserId: mallory.id,
      title: 'Fix',
      head: 'mallory:patch',
      baseBranch: 'trunk',
    });
    expect(opened.triggerError).toBe('git fetch failed');
    expect(opened.pr.triggeredSha).toBeNull();
    const summary = await retryPendingTriggers(w.deps, { minAgeMs: 0, limit: 10 });
    expect(summary.pullRequests).toEqual([opened.pr.id]);
    expect(w.runs().filter((r) => r.event === 'pull_request')).toHaveLength(1);
    await retryPendingTriggers(w.deps, { minAgeMs: 0, limit: 10 });
    expect(w.runs().filter((r) => r.event === 'pull_request')).toHaveLength(1);
  });

  it.each([
    ['an empty title', { title: ' ' }, 'invalid', 'pull.title_invalid'],
    ['an unknown base branch', { baseBranch: 'nope' }, 'unprocessable', 'pull.base_invalid'],
    ['an unknown head branch', { head: 'nope' }, 'unprocessable', 'pull.head_invalid'],
    ['a head in an unrelated repository', { head: 'bob:patch' }, 'unprocessable', 'pull.head_invalid'],
    ['a head branch with a bad name', { head: 'mallory:a..b' }, 'unprocessable', 'pull.head_invalid'],
  ])('refuses %s', async (_name, input, kind, code) => {
    const { w, mallory, base } = await world();
    const bob = await w.user('bob');
    await w.repo('bob');
    void bob;
    await expect(
      openPullRequest(w.deps, {
        base,
        authorUserId: mallory.id,
        title: 'Fix',
        head: 'mallory:patch',
        baseBranch: 'trunk',
        ...input,
      }),
    ).rejects.toMatchObject({ kind, code });
    expect(await w.deps.pullRequests.getPullRequest(base.id, 1)).toBeUndefined();
  });

  it('lets only the author or a writer close a pull request', async () => {
    const { w, ada, mallory, base } = await world();
    w.git.commit(base, 'topic', { 'x.txt': 'x' });
    await openPullRequest(w.deps, {
      base,
      authorUserId: ada.id,
      title: 'Topic',
      head: 'topic',
      baseBranch: 'trunk',
    });
    await expect(
      updatePullRequest(w.deps, { base, number: 1, actorUserId: mallory.id, role: 'read', state: 'closed' }),
    ).rejects.toMatchObject({ kind: 'forbidden', code: 'pull.forbidden' });
    await expect(
      updatePullRequest(w.deps, { base, number: 9, actorUserId: ada.id, role: 'admin', state: 'closed' }),
    ).rejects.toMatchObject({ kind: 'not_found', code: 'pull.not_found' });
    const closed = await updatePullRequest(w.deps, {
      base,
      number: 1,
      actorUserId: ada.id,
      role: 'admin',
      state: 'closed',
      title: 'Done',
    });
    expect(closed).toMatchObject({ state: 'closed', title: 'Done', closedAt: w.deps.clock.now() });
  });
});

describe('forkRepo', () => {
  it('copies the repository into the caller namespace as a fork and refuses a second one', async () => {
    const { w, mallory, base, fork } = await world();
    expect(fork).toMatchObject({
      ownerName: 'mallory',
      name: 'scratch',
      forkOfRepoId: base.id,
      defaultBranch: 'trunk',
    });
    expect((await w.git.listRefs(fork)).get('refs/heads/trunk')).toBe(
      (await w.git.listRefs(base)).get('refs/heads/trunk'),
    );
    await expect(forkRepo(w.deps, { source: base, ownerUserId: mallory.id })).rejects.toMatchObject({
      kind: 'conflict',
      code: 'repo.exists',
      message: 'repository mallory/scratch already exists',
    });
  });
});
