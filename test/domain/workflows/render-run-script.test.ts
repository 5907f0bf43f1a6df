/** Injection safety: tainted values reach the shell only through SHITHUB_INPUT_<n> variables. */
import { describe, expect, it } from 'vitest';
import { parseExpression } from '../../../src/domain/workflows/expressions/parser.js';
import { readsTaintedData } from '../../../src/domain/workflows/expressions/taint.js';
import { renderRunScript, resolveEnv } from '../../../src/domain/workflows/render-run-script.js';
import { CONTEXT } from './expressions/context.js';

const TAINT: [string, boolean][] = [
  ['github.event.pull_request.title', true],
  ['shithub.event.number', true],
  ["github['event'].number", true],
  ['github[matrix.os]', true],
  ['github.*', true],
  ['toJSON(github)', true],
  ['inputs.who', true],
  ['inputs', true],
  ['secrets.TOKEN', true],
  ["format('{0}', github.event.pull_request.title)", true],
  ["contains(github.event.pull_request.labels.*.name, 'bug')", true],
  ['matrix[github.event.number]', true],
  ['github.sha', false],
  ['github.event_name', false],
  ['github.ref_name', false],
  ['matrix.os', false],
  ['vars.REGION', false],
  ['needs.build.result', false],
  ['needs.build.outputs.version', true],
  ["needs.build['outputs'].version", true],
  ['needs.build', true],
  ['toJSON(needs)', true],
  ['steps.out.outputs.v', true],
  ['steps.out.outcome', false],
  ['steps.out.conclusion', false],
  ['steps[matrix.id].outcome', true],
  ["format('{0}-{1}', github.sha, runner.os)", false],
  ['env.NAME', false],
  ['env.TITLE', true],
  ['env.title', true],
  ['env', true],
];

describe('readsTaintedData', () => {
  it.each(TAINT)('%s → %s', (expr, want) => {
    expect(readsTaintedData(parseExpression(expr), new Set(['TITLE']))).toBe(want);
  });

  it('treats the whole env as clean when no env value is tainted', () => {
    expect(readsTaintedData(parseExpression('toJSON(env)'))).toBe(false);
  });
});

const RENDER: [string, string, string, Record<string, string>][] = [
  ['a clean value is spliced', 'echo ${{ github.sha }}', 'echo abc123', {}],
  [
    'a PR title becomes a variable',
    'echo "${{ github.event.pull_request.title }}"',
    'echo "${SHITHUB_INPUT_0}"',
    { SHITHUB_INPUT_0: 'Fix "quotes"; rm -rf /' },
  ],
  [
    'an input becomes a variable',
    'echo ${{ inputs.who }}',
    'echo ${SHITHUB_INPUT_0}',
    { SHITHUB_INPUT_0: '$(id)' },
  ],
  [
    'variables are numbered in order of appearance',
    'a=${{ inputs.count }} b=${{ matrix.os }} c=${{ shithub.event.number }}',
    'a=${SHITHUB_INPUT_0} b=ubuntu c=${SHITHUB_INPUT_1}',
    { SHITHUB_INPUT_0: '3', SHITHUB_INPUT_1: '5' },
  ],
  [
    'a secret never lands in the script',
    'curl -H "t: ${{ secrets.TOKEN }}"',
    'curl -H "t: ${SHITHUB_INPUT_0}"',
    { SHITHUB_INPUT_0: 's3cr3t' },
  ],
  [
    'a tainted env value becomes a variable',
    'echo ${{ env.TITLE }} ${{ env.NAME }}',
    'echo ${SHITHUB_INPUT_0} World',
    { SHITHUB_INPUT_0: '' },
  ],
  ['shell text is left alone', 'echo "$HOME" ${NAME}', 'echo "$HOME" ${NAME}', {}],
  [
    'null and booleans render as text',
    '${{ github.nope }}|${{ inputs.flag }}|${{ 1 == 1 }}',
    '|${SHITHUB_INPUT_0}|true',
    { SHITHUB_INPUT_0: 'false' },
  ],
];

describe('renderRunScript', () => {
  it.each(RENDER)('%s', (_name, run, script, env) => {
    expect(renderRunScript(run, { ...CONTEXT, taintedEnv: new Set(['TITLE']) })).toEqual({ script, env });
  });

  it('throws a DomainError for a bad expression', () => {
    expect(() => renderRunScript('echo ${{ github.sha == }}', CONTEXT)).toThrow(
      expect.objectContaining({ kind: 'invalid', code: 'workflow.expression_syntax' }),
    );
  });
});

describe('resolveEnv', () => {
  it('carries taint from event data through env to the script', () => {
    const resolved = resolveEnv(
      [
        { TITLE: '${{ github.event.pull_request.title }}', REF: '${{ github.ref_name }}' },
        { MSG: 'pr: ${{ env.TITLE }}' },
      ],
      CONTEXT,
    );
    expect(resolved.env).toEqual({
      TITLE: 'Fix "quotes"; rm -rf /',
      REF: 'main',
      MSG: 'pr: Fix "quotes"; rm -rf /',
    });
    expect([...resolved.taintedEnv].sort()).toEqual(['MSG', 'TITLE']);
    const ctx = {
      ...CONTEXT,
      contexts: { ...CONTEXT.contexts, env: resolved.env },
      taintedEnv: resolved.taintedEnv,
    };
    expect(renderRunScript('echo ${{ env.MSG }} on ${{ env.REF }}', ctx)).toEqual({
      script: 'echo ${SHITHUB_INPUT_0} on main',
      env: { SHITHUB_INPUT_0: 'pr: Fix "quotes"; rm -rf /' },
    });
  });

  it('clears the mark when a later layer sets a clean value, and marks secrets', () => {
    const resolved = resolveEnv(
      [{ A: '${{ inputs.who }}', B: '${{ secrets.TOKEN }}' }, { A: 'fixed' }],
      CONTEXT,
    );
    expect(resolved.env).toEqual({ A: 'fixed', B: 's3cr3t' });
    expect([...resolved.taintedEnv]).toEqual(['B']);
  });
});
