// biome-ignore-all lint/suspicious/noTemplateCurlyInString: workflow expressions are ${{ }} text
/** What a pushed workflow stores for the runner and for later (issue #11): vars at plan time, outputs, needs templates. */
import { describe, expect, it } from 'vitest';
import { setVariable } from '../../../src/domain/forge/variables.js';
import { makeTriggerWorld } from '../../support/trigger-world.js';

const WORKFLOW = `on: { push: { branches: [trunk] } }
jobs:
  a:
    runs-on: \${{ vars.RUNNER }}
    outputs:
      os: \${{ steps.pick.outputs.os }}
    steps:
      - id: pick
        run: echo "os=big-box" >> "$GITHUB_OUTPUT"
        continue-on-error: \${{ env.LAX == 'yes' }}
  b:
    needs: a
    runs-on: \${{ needs.a.outputs.os }}
    timeout-minutes: \${{ vars.MINUTES }}
    steps:
      - run: echo on \${{ needs.a.outputs.os }}
`;

describe('workflow parity when a run is planned', () => {
  it('resolves vars at plan time, keeps outputs and step templates for the runner and needs templates for later', async () => {
    const w = makeTriggerWorld();
    const ada = await w.user('ada');
    const repo = await w.repo('ada');
    await setVariable(w.deps, { repoPath: 'ada/scratch', name: 'RUNNER', value: 'linux-xl' });
    await setVariable(w.deps, { repoPath: 'ada/scratch', name: 'MINUTES', value: '42' });
    await w.push(repo, ada, 'trunk', { '.shithub/workflows/ci.yml': WORKFLOW });
    const [run] = w.runs();
    expect(run!.diagnostics).toBeNull();
    const [a, b] = w.jobsOf(run!.id).sort((x, y) => x.jobIndex - y.jobIndex);
    expect(a).toMatchObject({
      runsOn: ['linux-xl'],
      outputTemplates: { os: '${{ steps.pick.outputs.os }}' },
    });
    expect(w.stepsOf(a!.id)[0]).toMatchObject({
      stepId: 'pick',
      continueOnErrorExpr: "${{ env.LAX == 'yes' }}",
    });
    expect(b).toMatchObject({
      runsOn: ['${{ needs.a.outputs.os }}'],
      timeoutMinutes: 42,
      timeoutMinutesExpr: '',
    });
  });
});
