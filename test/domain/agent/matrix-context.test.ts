// biome-ignore-all lint/suspicious/noTemplateCurlyInString: workflow expressions are ${{ }} text
import { describe, expect, it } from 'vitest';
import { prepareRunStep } from '../../../src/domain/agent/step-context.js';
import {
  job,
  jobResult,
  makeAgentWorld,
  runOneJob,
  step,
  stepResults,
} from '../../support/agent/agent-world.js';

describe('the matrix context on the runner', () => {
  it('renders ${{ matrix.* }} of the claimed combination into the run script the engine gets', async () => {
    const w = makeAgentWorld();
    const j = job([step({ id: 1, run: 'print node ${{ matrix.node }} on ${{ matrix.os }}' })], {
      matrix: { node: 20, os: 'linux' },
    });
    await runOneJob(w, j);
    expect(w.engine.started.map((p) => p.script)).toEqual(['print node 20 on linux']);
    expect(w.controlPlane.logText(j.id, 1)).toContain('node 20 on linux');
    expect(jobResult(w, j)).toBe('completed/success');
  });

  it('lets a step if: read the matrix', async () => {
    const w = makeAgentWorld();
    const j = job(
      [
        step({ id: 1, ifExpr: 'matrix.experimental == true', run: 'print experimental' }),
        step({ id: 2, ifExpr: "matrix.node == '20'", run: 'print node 20' }),
      ],
      { matrix: { node: 20 } },
    );
    await runOneJob(w, j);
    expect(stepResults(w, j)).toEqual(['skipped/skipped', 'completed/success']);
  });

  it.each([
    ['a nested value', { opts: { flags: ['-x', '-y'] } }, "${{ join(matrix.opts.flags, ' ') }}", '-x -y'],
    ['an object as JSON', { opts: { a: 1 } }, '${{ toJSON(matrix.opts) }}', '{\n  "a": 1\n}'],
    ['no matrix (empty)', undefined, '[${{ matrix.node }}]', '[]'],
  ])('renders %s', (_name, matrix, run, script) => {
    const j = job([], matrix ? { matrix } : {});
    const prepared = prepareRunStep(j, step({ run }), { status: 'success', workspace: '/workspace' });
    expect(prepared.script).toBe(script);
  });

  it('resolves job env from the matrix', () => {
    const j = job([], { env: { NODE: 'node-${{ matrix.node }}' }, matrix: { node: 18 } });
    const prepared = prepareRunStep(j, step({ run: 'echo $NODE' }), { status: 'success', workspace: '/w' });
    expect(prepared.env.NODE).toBe('node-18');
  });
});
