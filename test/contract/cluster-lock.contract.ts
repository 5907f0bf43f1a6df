import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterLock } from '../../src/ports/cluster-lock.js';

/** Two handles on one lock domain: two replicas on PostgreSQL, the one process in memory. */
export interface LockPair {
  a: ClusterLock;
  b: ClusterLock;
  close(): Promise<void>;
}

/** A promise and the function that settles it: the test decides when a holder lets go. */
function gate() {
  let open = () => {};
  const opened = new Promise<void>((done) => {
    open = done;
  });
  return { open, opened };
}

export function describeClusterLockContract(name: string, openPair: () => Promise<LockPair>): void {
  describe(`ClusterLock contract: ${name}`, () => {
    let pair: LockPair;
    beforeAll(async () => {
      pair = await openPair();
    });
    afterAll(async () => {
      await pair?.close();
    });

    it('refuses a caller that does not wait while another holds the lock, and frees it after', async () => {
      const g = gate();
      const inside = gate();
      const held = pair.a.run(101, async () => {
        inside.open();
        await g.opened;
        return 'a';
      });
      await inside.opened;
      expect(await pair.b.run(101, async () => 'b')).toEqual({ acquired: false });
      expect(await pair.b.run(102, async () => 'other id')).toEqual({ acquired: true, value: 'other id' });
      g.open();
      expect(await held).toEqual({ acquired: true, value: 'a' });
      expect(await pair.b.run(101, async () => 'b')).toEqual({ acquired: true, value: 'b' });
    });

    it('lets a waiting caller in once the holder is done, one after the other', async () => {
      const g = gate();
      const order: string[] = [];
      const inside = gate();
      const first = pair.a.run(103, async () => {
        inside.open();
        await g.opened;
        order.push('first');
      });
      await inside.opened;
      const second = pair.b.run(103, async () => void order.push('second'), { wait: true });
      g.open();
      await Promise.all([first, second]);
      expect(order).toEqual(['first', 'second']);
    });

    it('releases the lock when the function throws, passing the error on', async () => {
      await expect(
        pair.a.run(104, async () => {
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await pair.b.run(104, async () => 1)).toEqual({ acquired: true, value: 1 });
    });
  });
}
