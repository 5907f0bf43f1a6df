// biome-ignore-all lint/suspicious/noTemplateCurlyInString: workflow expressions are ${{ }} text
/** `action.yml` of a local composite action (issue #11 item 8): what is read, what is refused where. */
import { describe, expect, it } from 'vitest';
import { parseActionFile } from '../../../src/domain/workflows/parse-action.js';
import { yml } from './workflow-text.js';

const FILE = '.shithub/actions/greet/action.yml';

describe('parseActionFile', () => {
  it('reads inputs, outputs and steps as a job’s steps are read', () => {
    const { action, diagnostics } = parseActionFile(
      yml`
        name: Greet
        description: says hello
        branding: {icon: sun, color: yellow}
        inputs:
          who: {required: true}
          greeting: {default: hello}
          bare:
        outputs:
          said: {description: what, value: '\${{ steps.say.outputs.said }}'}
        runs:
          using: composite
          steps:
            - {id: say, run: echo hi, shell: bash, env: {A: '1'}}
            - uses: ./.shithub/actions/other
              with: {x: 1}
      `,
      FILE,
    );
    expect(diagnostics).toEqual([]);
    expect(action).toMatchObject({
      name: 'Greet',
      inputs: {
        who: { required: true, default: null },
        greeting: { required: false, default: 'hello' },
        bare: { required: false, default: null },
      },
      outputs: { said: '${{ steps.say.outputs.said }}' },
    });
    expect(action?.steps.map((s) => [s.id, s.run, s.uses, s.shell, s.with])).toEqual([
      ['say', 'echo hi', null, 'bash', {}],
      [null, null, './.shithub/actions/other', null, { x: '1' }],
    ]);
  });

  it.each([
    [
      'runs: {using: node20, main: index.js}\n',
      'runs.using',
      "only composite actions run here (runs.using: composite), not 'node20'",
    ],
    ['runs: {using: composite}\n', 'runs.steps', "required key 'steps' is missing"],
    [
      'outputs: {x: {description: y}}\nruns: {using: composite, steps: []}\n',
      'outputs.x.value',
      "required key 'value' is missing",
    ],
    [
      'runs: {using: composite, steps: [{uses: octo/act@v1}]}\n',
      'runs.steps[0].uses',
      "unsupported action 'octo/act@v1'",
    ],
    ['runz: {}\n', 'runz', "unknown key 'runz'"],
    ['- a list\n', '', 'expected a mapping'],
  ])('refuses %j at %s', (text, path, message) => {
    const { action, diagnostics } = parseActionFile(text, FILE);
    expect(action).toBeNull();
    expect(diagnostics).toContainEqual(expect.objectContaining({ path, message, severity: 'error' }));
  });
});
