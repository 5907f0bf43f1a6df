/** The emergency cancel of the runbook, on the memory world: scope, dry run, counts. */
import { describe, expect, it } from 'vitest';
import { createOrganization } from '../../../src/domain/forge/organization.js';
import { createRepo } from '../../../src/domain/forge/repository.js';
import { createUser } from '../../../src/domain/forge/user.js';
import { cancelOpenJobs } from '../../../src/domain/jobs/cancel-open-jobs.js';
import { claimJob } from '../../../src/domain/jobs/claim-job.js';
import { enqueueRun } from '../../../src/domain/jobs/enqueue-run.js';
import { registerRunner } from '../../../src/domain/runners/register-runner.js';
import { plannedJob, plannedRun } from '../../support/job-seed.js';
import { makeMemoryDeps } from '../../support/memory-deps.js';

/** ada/one: a run with a running and a queued job; ada/two: one queued; acme/three: one queued. */
async function world() {
  const deps = makeMemoryDeps();
  await createUser(deps, { name: 'ada' });
  await createOrganization(deps, { name: 'acme' });
  const repo = async (ownerName: string, name: string) => (await createRepo(deps, { ownerName, name })).id;
  const [one, two, three] = [await repo('ada', 'one'), await repo('ada', 'two'), await repo('acme', 'three')];
  const { runner } = await registerRunner(deps, { name: 'r1', labels: ['linux'] });
  await enqueueRun(
    deps,
    plannedRun(one, { jobs: [plannedJob('a', { runsOn: ['linux'] }), plannedJob('b', { runsOn: ['gpu'] })] }),
  );
  await claimJob(deps, { runnerId: runner.id });
  await enqueueRun(deps, plannedRun(two, { jobs: [plannedJob('c')] }));
  await enqueueRun(deps, plannedRun(three, { jobs: [plannedJob('d')] }));
  const statuses = async () =>
    (await Promise.all([1, 2, 3].map((runId) => deps.runs.listJobs(runId))))
      .flat()
      .map((j) => [j.jobKey, j.status, j.cancelRequested]);
  return { deps, statuses };
}

const cancel = (
  deps: ReturnType<typeof makeMemoryDeps>,
  scope: Parameters<typeof cancelOpenJobs>[1]['scope'],
  dryRun = false,
) => cancelOpenJobs(deps, { scope, dryRun, reason: 'admin' });

describe('cancelOpenJobs', () => {
  it('cancels the queued jobs of one repository and asks its running job to cancel', async () => {
    const { deps, statuses } = await world();
    const report = await cancel(deps, { repoPath: 'ada/one' });
    expect(report).toEqual({
      dryRun: false,
      repositories: 1,
      runIds: [1],
      queuedJobs: 1,
      runningJobs: 1,
      changedJobs: 2,
    });
    expect(await statuses()).toEqual([
      ['a', 'running', true],
      ['b', 'cancelled', false],
      ['c', 'queued', false],
      ['d', 'queued', false],
    ]);
    expect((await deps.runs.listJobs(1))[1]?.statusReason).toBe('admin');
  });

  it('changes nothing on a dry run and reports what it would do', async () => {
    const { deps, statuses } = await world();
    const before = await statuses();
    const report = await cancel(deps, 'all', true);
    expect(report).toEqual({
      dryRun: true,
      repositories: 3,
      runIds: [1, 2, 3],
      queuedJobs: 3,
      runningJobs: 1,
      changedJobs: 0,
    });
    expect(await statuses()).toEqual(before);
  });

  it('covers every repository of an owner, user or organisation, and only those', async () => {
    const { deps, statuses } = await world();
    expect(await cancel(deps, { ownerName: 'ACME' })).toMatchObject({
      repositories: 1,
      runIds: [3],
      changedJobs: 1,
    });
    expect(await cancel(deps, { ownerName: 'ada' })).toMatchObject({
      repositories: 2,
      runIds: [1, 2],
      changedJobs: 3,
    });
    expect((await statuses()).map(([key, status]) => `${key}:${status}`)).toEqual([
      'a:running',
      'b:cancelled',
      'c:cancelled',
      'd:cancelled',
    ]);
  });

  it('changes nothing more when repeated', async () => {
    const { deps } = await world();
    await cancel(deps, 'all');
    expect(await cancel(deps, 'all')).toMatchObject({
      runIds: [1],
      queuedJobs: 0,
      runningJobs: 1,
      changedJobs: 0,
    });
  });

  it.each([
    ['an unknown repository', { repoPath: 'ada/none' }, 'repo.not_found'],
    ['a malformed repository path', { repoPath: 'ada' }, 'repo.path_invalid'],
    ['an unknown owner', { ownerName: 'nobody' }, 'owner.not_found'],
  ])('refuses %s', async (_name, scope, code) => {
    const { deps } = await world();
    await expect(cancel(deps, scope)).rejects.toMatchObject({ code });
  });
});
