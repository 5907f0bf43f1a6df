import { describe, expect, it } from 'vitest';
import { MAX_CHUNK_BYTES, TRUNCATION_LINE } from '../../../src/domain/agent/step-log.js';
import { job, makeAgentWorld, runOneJob, step } from '../../support/agent/agent-world.js';

const SECRET = 'hunter2-very-secret';

describe('step logs', () => {
  it('never sends a secret unscrubbed: plain, split across writes, base64, multi-line, checkout token', async () => {
    const w = makeAgentWorld();
    const multi = 'line-one-secret\nline-two-secret';
    const base64 = Buffer.from(SECRET).toString('base64');
    const j = job(
      [
        step({
          id: 1,
          run: [
            `print plain ${SECRET}`,
            `write split ${SECRET.slice(0, 7)}`,
            `print ${SECRET.slice(7)} joined`,
            `print b64 ${base64}`,
            'print ml line-two-secret',
            'print token checkout-token-secret',
          ].join('\n'),
        }),
      ],
      { secrets: { S: SECRET, M: multi }, maskValues: [SECRET, multi] },
    );
    await runOneJob(w, j);
    const stored = [...(w.controlPlane.job(j.id).logs.get(1)?.values() ?? [])].map((b) =>
      Buffer.from(b).toString(),
    );
    const text = stored.join('');
    for (const leaked of [SECRET, base64, 'line-two-secret', 'checkout-token-secret', 'hunter2']) {
      expect(stored.some((chunk) => chunk.includes(leaked))).toBe(false);
    }
    expect(text).toContain('plain ***');
    expect(text).toContain('b64 ***');
    expect(text).toContain('token ***');
  });

  it('numbers chunks from 0 in each step, at most 64 KiB each', async () => {
    const w = makeAgentWorld();
    const big = 'x'.repeat(200 * 1024);
    const j = job([step({ id: 1, run: `print ${big}` }), step({ id: 2, run: 'print second' })]);
    await runOneJob(w, j);
    const first = w.controlPlane.job(j.id).logs.get(1)!;
    expect([...first.keys()]).toEqual([0, 1, 2, 3]);
    expect([...first.values()].every((c) => c.length <= MAX_CHUNK_BYTES)).toBe(true);
    expect(w.controlPlane.logText(j.id, 1)).toBe(`${big}\n`);
    expect([...w.controlPlane.job(j.id).logs.get(2)!.keys()]).toEqual([0]);
  });

  it('sends output within a second while the step still runs', async () => {
    const w = makeAgentWorld();
    const j = job([step({ id: 1, run: 'print early\nsleep 30000' })]);
    w.controlPlane.enqueue(j);
    const agent = w.start();
    await w.timer.until(() => w.engine.live().length === 1, { stepMs: 10 });
    await w.timer.advance(1_100);
    expect(w.controlPlane.logText(j.id, 1)).toBe('early\n');
    await w.timer.until(() => w.ended(j.id));
    agent.stopClaiming();
    await w.timer.until(agent.finished);
  });

  it('caps a step log and ends it with one truncation line', async () => {
    const w = makeAgentWorld();
    const line = `${'y'.repeat(1023)}`;
    const j = job([
      step({ id: 1, run: Array.from({ length: 11 * 1024 }, () => `print ${line}`).join('\n') }),
    ]);
    await runOneJob(w, j);
    const text = w.controlPlane.logText(j.id, 1);
    expect(Buffer.byteLength(text)).toBe(10 * 1024 * 1024 + 1 + TRUNCATION_LINE.length);
    expect(text.endsWith(`\n${TRUNCATION_LINE}`)).toBe(true);
    expect(text.split(TRUNCATION_LINE)).toHaveLength(2);
  });

  it('keeps chunks in the spool through a server outage and delivers every one after it', async () => {
    const w = makeAgentWorld();
    const j = job([step({ id: 1, run: 'print one\nsleep 10000' }), step({ id: 2, run: 'print two' })]);
    w.controlPlane.enqueue(j);
    const agent = w.start();
    await w.timer.until(() => w.engine.live().length === 1, { stepMs: 10 });
    w.controlPlane.unreachable = true;
    await w.timer.advance(40_000);
    expect(w.spool.chunks.size).toBeGreaterThan(0);
    w.controlPlane.unreachable = false;
    await w.timer.until(() => w.ended(j.id));
    expect(w.controlPlane.logText(j.id, 1)).toBe('one\n');
    expect(w.controlPlane.logText(j.id, 2)).toBe('two\n');
    expect(w.controlPlane.job(j.id).conclusion).toBe('success');
    expect(w.spool.chunks.size).toBe(0);
    agent.stopClaiming();
    await w.timer.until(agent.finished);
  });
});
