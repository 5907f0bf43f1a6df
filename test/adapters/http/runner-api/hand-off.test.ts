/**
 * The hand-off (issue #13 item 4): a wake-up wakes as many waiting heartbeats as jobs
 * arrived, never loses one to an attempt in flight, and passes it on when the woken
 * runner claimed (more may be waiting) or was turned away for its own reasons.
 */
import { describe, expect, it } from 'vitest';
import {
  HandOff,
  type Parked,
  type WakeReaction,
} from '../../../../src/adapters/http/runner-api/hand-off.js';
import { InProcessWakeBus } from '../../../../src/adapters/memory/wake-bus.js';
import { notifyJobsEnqueued, notifyJobsFinished } from '../../../../src/domain/runner-api/wake-runners.js';
import { settle } from '../../../support/agent/fake-timer.js';
import { makeRunnerApiWorld } from './runner-api-world.js';

function parkedWorld() {
  const wake = new InProcessWakeBus();
  const handOff = new HandOff(wake);
  const woken: string[] = [];
  const park = (name: string, labels: string[], id = 1) => {
    const parked: Parked = handOff.park({ id, labels }, (reaction: WakeReaction) =>
      woken.push(`${name}:${reaction}`),
    );
    parked.attempted('empty'); // its first attempt found nothing: it sleeps
    return parked;
  };
  return { wake, handOff, woken, park };
}

describe('the hand-off', () => {
  it('wakes as many matching waiters as jobs arrived, oldest parked first', async () => {
    const { wake, woken, park } = parkedWorld();
    park('a', ['linux']);
    park('win', ['windows']);
    park('b', ['linux', 'gpu']);
    park('c', ['linux']);
    await notifyJobsEnqueued({ wake }, [{ runsOn: ['linux'] }, { runsOn: ['linux'] }]);
    expect(woken).toEqual(['a:retry', 'b:retry']);
  });

  it('counts a waiter in the middle of an attempt: it retries right after, nothing is lost', async () => {
    const { wake, woken, park } = parkedWorld();
    const a = park('a', ['linux']);
    park('b', ['linux']);
    a.attempting();
    await notifyJobsEnqueued({ wake }, [{ runsOn: ['linux'] }]);
    expect(woken).toEqual(['a:retry']);
  });

  it('wakes the oldest waiter of each label set when a job ended', async () => {
    const { wake, woken, park } = parkedWorld();
    park('a', ['linux']);
    park('b', ['linux']);
    park('w', ['windows']);
    await notifyJobsFinished({ wake });
    expect(woken).toEqual(['a:retry', 'w:retry']);
  });

  it('passes the wake-up on after a claim, unless another of the same set is still trying', async () => {
    const { wake, woken, park } = parkedWorld();
    const a = park('a', ['linux']);
    const b = park('b', ['linux']);
    park('c', ['linux']);
    await notifyJobsEnqueued({ wake }, [{ runsOn: ['linux'] }, { runsOn: ['linux'] }]);
    a.attempting();
    b.attempting();
    a.attempted('claimed');
    a.leave();
    expect(woken).toEqual(['a:retry', 'b:retry']);
    b.attempted('claimed');
    expect(woken).toEqual(['a:retry', 'b:retry', 'c:retry']);
  });

  it('passes the wake-up on to the next matching waiter when the woken one was turned away', async () => {
    const { wake, woken, park } = parkedWorld();
    const busy = park('busy', ['linux', 'gpu']);
    park('w', ['windows']);
    park('next', ['linux']);
    await notifyJobsEnqueued({ wake }, [{ runsOn: ['linux'] }]);
    busy.attempting();
    busy.attempted('declined');
    expect(woken).toEqual(['busy:retry', 'next:retry']);
  });

  it('ends the chain when the woken waiter found nothing', async () => {
    const { wake, woken, park } = parkedWorld();
    const a = park('a', ['linux']);
    park('b', ['linux']);
    await notifyJobsEnqueued({ wake }, [{ runsOn: ['linux'] }]);
    a.attempting();
    a.attempted('empty');
    expect(woken).toEqual(['a:retry']);
  });

  it("reaches a changed runner's waiters, and everyone at shutdown", async () => {
    const { wake, woken, park } = parkedWorld();
    park('seven', ['linux'], 7);
    park('eight', ['linux'], 8);
    await wake.publish({ kind: 'runner', runnerId: 7, change: 'rotated' });
    expect(woken).toEqual(['seven:release']);
    await wake.close();
    expect(woken).toEqual(['seven:release', 'seven:stop', 'eight:stop']);
  });

  it('forgets a waiter that left', async () => {
    const { wake, woken, park, handOff } = parkedWorld();
    park('a', ['linux']).leave();
    expect(handOff.size).toBe(0);
    await notifyJobsEnqueued({ wake }, [{ runsOn: ['linux'] }]);
    expect(woken).toEqual([]);
  });
});

describe('pickup through the heartbeat route', () => {
  it('sets off one claim (and one hand-on) for one job among 8 waiting runners, not 8', async () => {
    const w = makeRunnerApiWorld();
    const runners = await Promise.all(Array.from({ length: 8 }, () => w.runner()));
    const repo = await w.repo();
    const waiting = runners.map((r) => w.heartbeat(r.token, { wait_seconds: 5 }));
    for (let i = 0; i < 100 && w.timer.pending() < 8; i++) await settle();
    expect(w.timer.pending()).toBe(8);
    const claim = w.deps.queue.claim.bind(w.deps.queue);
    let claims = 0;
    w.deps.queue.claim = (request) => {
      claims += 1;
      return claim(request);
    };
    await w.enqueue(repo.id);
    await w.timer.until(() => claims >= 2, { stepMs: 1, maxMs: 100 });
    await settle(20);
    expect(claims).toBe(2);
    await w.timer.until(() => w.timer.pending() === 0, { stepMs: 500, maxMs: 10_000 });
    const statuses = (await Promise.all(waiting)).map((res) => res.status).sort();
    expect(statuses).toEqual([200, 204, 204, 204, 204, 204, 204, 204]);
  });
});
