import { describe, expect, it } from 'vitest';
import { setActionsPolicy } from '../../../src/domain/forge/actions-policy.js';
import { fireDueSchedules } from '../../../src/domain/triggers/fire-due-schedules.js';
import { newScheduleMemory, type ScheduleMemory } from '../../../src/domain/triggers/scheduled-workflows.js';
import type { Repo } from '../../../src/ports/model/forge.js';
import { makeTriggerWorld, SMOKE } from '../../support/trigger-world.js';

const DIR = '.shithub/workflows';
const MINUTE = 60_000;

function scheduled(...crons: string[]): string {
  return `name: Nightly
on:
  schedule:
${crons.map((c) => `    - cron: '${c}'`).join('\n')}
jobs:
  sweep:
    runs-on: ubuntu-latest
    steps:
      - run: echo sweeping
`;
}

async function world(files: Record<string, string> = { [`${DIR}/nightly.yml`]: scheduled('*/15 * * * *') }) {
  const w = makeTriggerWorld();
  const ada = await w.user('ada');
  const repo = await w.repo('ada');
  const sha = w.git.commit(repo, 'trunk', files);
  w.deps.clock.set(new Date('2026-03-02T10:00:30Z'));
  const memory = newScheduleMemory();
  const fire = (opts: { memory?: ScheduleMemory; maxRepos?: number; lookbackMs?: number } = {}) =>
    fireDueSchedules(w.deps, {
      now: w.deps.clock.now(),
      lookbackMs: opts.lookbackMs ?? 15 * MINUTE,
      maxRepos: opts.maxRepos ?? 100,
      memory: opts.memory ?? memory,
    });
  return { w, ada, repo, sha, memory, fire };
}

const unix = (iso: string) => Date.parse(iso) / 1000;

describe('fireDueSchedules', () => {
  it('enqueues a schedule run on the default branch head for a cron that fired in the window', async () => {
    const { w, repo, sha, fire } = await world({
      [`${DIR}/nightly.yml`]: scheduled('*/15 * * * *'),
      [`${DIR}/smoke.yml`]: SMOKE,
    });
    const round = await fire();
    expect(round).toMatchObject({ reposChecked: 1, refused: [], failed: [] });
    expect(round.fired).toMatchObject([{ repoId: repo.id, file: `${DIR}/nightly.yml`, created: true }]);
    expect(round.fired[0]!.fireAt).toEqual(new Date('2026-03-02T10:00:00Z'));
    expect(w.runs()).toMatchObject([
      {
        event: 'schedule',
        headSha: sha,
        headRef: 'refs/heads/trunk',
        workflowFile: `${DIR}/nightly.yml`,
        eventPayload: { schedule: '*/15 * * * *' },
        actorUserId: null,
        triggerEventId: `schedule:nightly.yml:${unix('2026-03-02T10:00:00Z')}`,
        status: 'queued',
      },
    ]);
    expect(w.jobsOf(w.runs()[0]!.id)).toMatchObject([{ jobKey: 'sweep', status: 'queued' }]);
    expect(w.wakeUps()).toBe(1);
  });

  it('fires each fire time once across rounds, in the round whose window holds it', async () => {
    const { w, fire } = await world();
    await fire();
    for (let i = 0; i < 14; i++) {
      w.deps.clock.advance(MINUTE);
      expect((await fire()).fired).toEqual([]);
    }
    w.deps.clock.advance(MINUTE);
    expect((await fire()).fired.map((f) => f.fireAt)).toEqual([new Date('2026-03-02T10:15:00Z')]);
    expect(w.runs()).toHaveLength(2);
  });

  it('after a restart fires only the latest missed fire time within the lookback, not a burst', async () => {
    const { w, fire } = await world({ [`${DIR}/nightly.yml`]: scheduled('* * * * *') });
    w.deps.clock.advance(3 * 60 * MINUTE);
    const round = await fire({ memory: newScheduleMemory() });
    expect(round.fired.map((f) => f.fireAt)).toEqual([new Date('2026-03-02T13:00:00Z')]);
    w.deps.clock.advance(10 * MINUTE);
    expect((await fire()).fired.map((f) => f.fireAt)).toEqual([new Date('2026-03-02T13:10:00Z')]);
    expect(w.runs()).toHaveLength(2);
  });

  it('lets a fire time older than the lookback pass unfired', async () => {
    const { w, fire } = await world({ [`${DIR}/nightly.yml`]: scheduled('0 * * * *') });
    w.deps.clock.set(new Date('2026-03-02T10:20:00Z'));
    expect((await fire()).fired).toEqual([]);
    w.deps.clock.set(new Date('2026-03-02T11:05:00Z'));
    expect((await fire()).fired.map((f) => f.fireAt)).toEqual([new Date('2026-03-02T11:00:00Z')]);
  });

  it('creates one run when two replicas fire the same window', async () => {
    const { w, fire } = await world();
    const [a, b] = await Promise.all([
      fire({ memory: newScheduleMemory() }),
      fire({ memory: newScheduleMemory() }),
    ]);
    expect([...a.fired, ...b.fired].map((f) => f.created).sort()).toEqual([false, true]);
    expect(w.runs()).toHaveLength(1);
  });

  it('fires each workflow for its own crons, once per fire time even when two crons coincide', async () => {
    const { w, fire } = await world({
      [`${DIR}/a.yml`]: scheduled('0 10 * * *', '0 * * * *'),
      [`${DIR}/b.yml`]: scheduled('50 9 * * *'),
      [`${DIR}/c.yml`]: scheduled('0 11 * * *'),
    });
    await fire();
    expect(w.runs().map((r) => [r.workflowFile, r.triggerEventId])).toEqual([
      [`${DIR}/b.yml`, `schedule:b.yml:${unix('2026-03-02T09:50:00Z')}`],
      [`${DIR}/a.yml`, `schedule:a.yml:${unix('2026-03-02T10:00:00Z')}`],
    ]);
  });

  it('reads the workflows again when the default branch moves, and only then', async () => {
    const { w, repo, fire } = await world();
    let reads = 0;
    const readFile = w.git.readFile.bind(w.git);
    w.git.readFile = (...args) => {
      reads += 1;
      return readFile(...args);
    };
    await fire();
    const afterFirst = reads;
    w.deps.clock.advance(MINUTE);
    await fire();
    expect(reads).toBe(afterFirst);
    w.git.commit(repo, 'trunk', { [`${DIR}/nightly.yml`]: scheduled('2 * * * *') });
    w.deps.clock.advance(MINUTE);
    expect((await fire()).fired.map((f) => f.fireAt)).toEqual([new Date('2026-03-02T10:02:00Z')]);
    expect(reads).toBeGreaterThan(afterFirst);
  });

  it('skips a repository with Actions disabled and does not replay its fire times once enabled', async () => {
    const { w, fire } = await world();
    await setActionsPolicy(w.deps, { scope: { repoPath: 'ada/scratch' }, state: 'disabled' });
    expect(await fire()).toMatchObject({ reposChecked: 1, fired: [], refused: [], failed: [] });
    await setActionsPolicy(w.deps, { scope: { repoPath: 'ada/scratch' }, state: 'enabled' });
    w.deps.clock.advance(MINUTE);
    expect((await fire()).fired).toEqual([]);
    expect(w.runs()).toEqual([]);
  });

  it('reports a full queue as a refusal and stores nothing', async () => {
    const { w, repo, fire } = await world();
    await w.deps.policies.updateRepoPolicy(repo.id, { maxRepoQueuedRuns: 0 }, w.deps.clock.now());
    const round = await fire();
    expect(round.refused).toEqual([
      { repoId: repo.id, file: `${DIR}/nightly.yml`, code: 'actions.queue_full' },
    ]);
    expect(w.runs()).toEqual([]);
  });

  it('ignores a repository without a default branch and a file that does not parse', async () => {
    const { w, fire } = await world({ [`${DIR}/bad.yml`]: 'on: [' });
    await w.repo('ada', 'empty');
    expect(await fire()).toMatchObject({ reposChecked: 2, fired: [], refused: [], failed: [] });
    expect(w.runs()).toEqual([]);
  });

  it('visits at most maxRepos repositories per call and goes on where it stopped', async () => {
    const { w, fire } = await world();
    const more: Repo[] = [await w.repo('ada', 'two'), await w.repo('ada', 'three')];
    for (const repo of more)
      w.git.commit(repo, 'trunk', { [`${DIR}/nightly.yml`]: scheduled('*/15 * * * *') });
    const ids = async () => (await fire({ maxRepos: 2 })).fired.map((f) => f.repoId);
    const first = await ids();
    const second = await ids();
    expect(first).toHaveLength(2);
    expect(second).toEqual([more[1]!.id]);
    expect(await ids()).toEqual([]);
    expect(w.runs()).toHaveLength(3);
  });

  it('keeps a failed repository’s window open for the next round, and goes on with the others', async () => {
    const { w, repo, fire } = await world();
    const other = await w.repo('ada', 'other');
    w.git.commit(other, 'trunk', { [`${DIR}/nightly.yml`]: scheduled('*/15 * * * *') });
    const resolve = w.git.resolveCommit.bind(w.git);
    w.git.resolveCommit = async (r, rev) => {
      if (r.name === repo.name) throw new Error('git is down');
      return resolve(r, rev);
    };
    const round = await fire();
    expect(round.failed).toEqual([{ repoId: repo.id, error: 'git is down' }]);
    expect(round.fired.map((f) => f.repoId)).toEqual([other.id]);
    w.git.resolveCommit = resolve;
    w.deps.clock.advance(5 * MINUTE);
    expect((await fire()).fired.map((f) => [f.repoId, f.fireAt])).toEqual([
      [repo.id, new Date('2026-03-02T10:00:00Z')],
    ]);
  });
});
