import { describe, expect, it } from 'vitest';
import { prepareRunner, runMaintenance } from '../../../src/domain/agent/maintenance.js';
import type { AgentState } from '../../../src/domain/agent/run-agent.js';
import { makeAgentWorld } from '../../support/agent/agent-world.js';

const DAY = 24 * 3_600_000;

describe('runner housekeeping', () => {
  it('at start-up learns the saved runner id, drops stale spooled logs, sweeps and collects containers', async () => {
    const w = makeAgentWorld();
    w.workspace.runnerId = 9;
    await w.spool.put({ jobId: 5, stepId: 1, seq: 0 }, new Uint8Array([1]));
    const state: AgentState = { runnerId: 0, active: new Map() };
    await prepareRunner(w.deps, { state, ttlMs: DAY });
    expect(state.runnerId).toBe(9);
    expect(w.spool.chunks.size).toBe(0);
    expect(w.workspace.sweeps).toEqual([new Date(w.clock.now().getTime() - DAY)]);
    expect(w.engine.gcCalls).toEqual([{ runnerId: 9, active: [] }]);
  });

  it('skips the container collection while the runner id is unknown', async () => {
    const w = makeAgentWorld();
    await prepareRunner(w.deps, { state: { runnerId: 0, active: new Map() }, ttlMs: DAY });
    expect(w.engine.gcCalls).toEqual([]);
  });

  it('collects containers every 10 minutes (sparing running jobs) and sweeps workspaces hourly', async () => {
    const w = makeAgentWorld();
    const state: AgentState = { runnerId: 3, active: new Map([[77, Promise.resolve()]]) };
    const stop = new AbortController();
    const running = runMaintenance(w.deps, { state, ttlMs: DAY, stop: stop.signal });
    await w.timer.advance(59 * 60_000);
    expect(w.engine.gcCalls).toHaveLength(5);
    expect(w.engine.gcCalls[0]).toEqual({ runnerId: 3, active: [77] });
    expect(w.workspace.sweeps).toHaveLength(0);
    await w.timer.advance(60_000);
    expect(w.engine.gcCalls).toHaveLength(6);
    expect(w.workspace.sweeps).toHaveLength(1);
    stop.abort();
    await running;
  });
});
