// biome-ignore-all lint/suspicious/noTemplateCurlyInString: workflow expressions are ${{ }} text
/**
 * Local composite actions on the runner (issue #11 item 8), on fakes: `action.yml` read from the
 * workspace, inputs (given, default, required), sub-steps in one log with a group each, their
 * outputs and `if:`, the action's outputs as the step's, one level of nesting, and clear errors.
 */
import { describe, expect, it } from 'vitest';
import type { AssignedJob } from '../../../src/ports/model/assignment.js';
import {
  type AgentWorld,
  job,
  makeAgentWorld,
  runOneJob,
  step,
  stepResults,
} from '../../support/agent/agent-world.js';
import { yml } from '../workflows/workflow-text.js';

const GREET = yml`
  name: Greet
  inputs:
    who: {description: whom, required: true}
    greeting: {default: hello}
    shout: {required: true}
  outputs:
    said: {value: '\${{ steps.say.outputs.said }}'}
  runs:
    using: composite
    steps:
      - id: say
        run: append GITHUB_OUTPUT said=done\\n
        shell: bash
        env:
          WHO: \${{ inputs.who }}
          GREETING: \${{ inputs.greeting }}
      - name: Skipped unless something failed
        if: failure()
        run: print never
`;

/** A job whose workspace holds `files` (as a checkout would have put them). */
function withWorkspace(w: AgentWorld, j: AssignedJob, files: Record<string, string>): AssignedJob {
  for (const [path, text] of Object.entries(files))
    w.files.putWorkspaceFile(`/ws/${j.runId}/${j.id}`, path, text);
  return j;
}

describe('a local composite action', () => {
  it('runs its steps with the inputs, in one log with a group each, and passes its outputs on', async () => {
    const w = makeAgentWorld();
    const j = withWorkspace(
      w,
      job(
        [
          step({
            id: 1,
            stepKey: 'greet',
            uses: './.shithub/actions/greet',
            with: { who: '${{ github.actor }}', extra: 'x' },
            env: { FROM_STEP: 'outer' },
          }),
          step({ id: 2, run: 'print after', env: { SAID: '${{ steps.greet.outputs.said }}' } }),
        ],
        { actor: 'ada' },
      ),
      { '.shithub/actions/greet/action.yml': GREET },
    );
    await runOneJob(w, j);
    expect(stepResults(w, j)).toEqual(['completed/success', 'completed/success']);
    const [say, after] = w.engine.started;
    expect(say).toMatchObject({ stepId: 1, part: 1 });
    expect(say!.env).toMatchObject({
      WHO: 'ada',
      GREETING: 'hello',
      FROM_STEP: 'outer',
      GITHUB_ACTION_PATH: '/workspace/.shithub/actions/greet',
      GITHUB_OUTPUT: '/__shithub/steps/1-1/output',
    });
    expect(after!.env.SAID).toBe('done');
    expect(w.engine.started).toHaveLength(2);
    const log = w.controlPlane.logText(j.id, 1);
    expect(log).toContain("##[warning]Unexpected input(s) 'extra', valid inputs are [who, greeting, shout]");
    expect(log).toContain('##[warning]Input required and not supplied: shout');
    expect(log).toContain('##[group]Run append GITHUB_OUTPUT said=done\\n\n##[endgroup]\n');
    expect(log).toContain('##[group]Skipped unless something failed\n##[endgroup]\n');
  });

  it('fails the step when a sub-step fails, running later ones only when their if: asks', async () => {
    const w = makeAgentWorld();
    const action = yml`
      runs:
        using: composite
        steps:
          - {id: bad, run: exit 3, shell: sh}
          - {run: print skipped, shell: bash}
          - {if: "failure() && steps.bad.outcome == 'failure'", run: print cleanup, shell: bash}
    `;
    const j = withWorkspace(w, job([step({ id: 1, uses: './.github/actions/fail' })]), {
      '.github/actions/fail/action.yaml': action,
    });
    await runOneJob(w, j);
    expect(stepResults(w, j)).toEqual(['completed/failure']);
    expect(w.engine.started.map((s) => s.script)).toEqual(['exit 3', 'print cleanup']);
    expect(w.controlPlane.logText(j.id, 1)).toContain('exit code 3');
  });

  it('may use one more local composite action, but not a third level', async () => {
    const w = makeAgentWorld();
    const outer = yml`
      outputs: {inner: {value: '\${{ steps.in.outputs.said }}'}}
      runs:
        using: composite
        steps:
          - {id: in, uses: ./actions/inner, with: {who: nested}}
    `;
    const inner = yml`
      inputs: {who: {}}
      outputs: {said: {value: 'hi \${{ inputs.who }}'}}
      runs: {using: composite, steps: [{run: print inner, shell: bash}]}
    `;
    const deep = yml`
      runs: {using: composite, steps: [{uses: ./actions/deep2}]}
    `;
    const j = withWorkspace(
      w,
      job([
        step({ id: 1, stepKey: 'o', uses: './actions/outer' }),
        step({ id: 2, run: 'print x', env: { R: '${{ steps.o.outputs.inner }}' } }),
        step({ id: 3, uses: './actions/deep0' }),
      ]),
      {
        'actions/outer/action.yml': outer,
        'actions/inner/action.yml': inner,
        'actions/deep0/action.yml': deep.replace('deep2', 'deep1'),
        'actions/deep1/action.yml': deep,
      },
    );
    await runOneJob(w, j);
    expect(stepResults(w, j)).toEqual(['completed/success', 'completed/success', 'completed/failure']);
    expect(w.engine.started.map((s) => [s.stepId, s.part])).toEqual([
      [1, 2],
      [2, undefined],
    ]);
    expect(w.engine.started[1]!.env.R).toBe('hi nested');
    expect(w.controlPlane.logText(j.id, 3)).toContain(
      'error: ./actions/deep2: a composite action may use one more local action, no deeper',
    );
  });

  it.each([
    [
      'a missing action file',
      {},
      'error: no action.yml or action.yaml in .shithub/actions/greet (a local action is read from the workspace: check the repository out first)',
    ],
    [
      'a JavaScript action',
      { '.shithub/actions/greet/action.yml': 'runs: {using: node20, main: index.js}\n' },
      "error: .shithub/actions/greet/action.yml:1: runs.using: only composite actions run here (runs.using: composite), not 'node20'",
    ],
    [
      'an unknown key',
      { '.shithub/actions/greet/action.yml': 'runs: {using: composite, steps: [{run: a, shel: sh}]}\n' },
      "error: .shithub/actions/greet/action.yml:1: runs.steps[0].shel: unknown key 'shel'",
    ],
  ])('fails the step with a clear message for %s', async (_, files, message) => {
    const w = makeAgentWorld();
    const j = withWorkspace(w, job([step({ id: 1, uses: './.shithub/actions/greet' })]), files);
    await runOneJob(w, j);
    expect(stepResults(w, j)).toEqual(['completed/failure']);
    expect(w.controlPlane.logText(j.id, 1)).toContain(message);
  });
});
