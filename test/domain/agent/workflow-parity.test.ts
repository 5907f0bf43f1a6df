// biome-ignore-all lint/suspicious/noTemplateCurlyInString: workflow expressions are ${{ }} text
/**
 * Workflow parity on the runner (issue #11), on fakes: environment files, outputs, workflow
 * commands, masks, annotations, summaries, the needs and vars contexts, hashFiles() and shells.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  job,
  jobResult,
  makeAgentWorld,
  runOneJob,
  step,
  stepResults,
} from '../../support/agent/agent-world.js';

const output = (text: string) => `append GITHUB_OUTPUT ${text}\\n`;

describe('environment files and outputs', () => {
  it('gives later steps the outputs, outcome and conclusion of an earlier step', async () => {
    const w = makeAgentWorld();
    const j = job([
      step({
        id: 1,
        stepKey: 'out',
        run: `${output('v=hello')}\n${output('multi<<EOF\\nline one\\nline two\\nEOF')}`,
      }),
      step({ id: 2, stepKey: 'bad', run: 'exit 1', continueOnError: true }),
      step({
        id: 3,
        ifExpr:
          "steps.out.outputs.v == 'hello' && steps.bad.outcome == 'failure' && steps.bad.conclusion == 'success'",
        run: 'print ${{ steps.out.outputs.multi }}',
        env: { V: '${{ steps.out.outputs.v }}' },
      }),
    ]);
    await runOneJob(w, j);
    expect(stepResults(w, j)).toEqual(['completed/success', 'completed/failure', 'completed/success']);
    const third = w.engine.started[2]!;
    expect(third.script).toBe('print ${SHITHUB_INPUT_0}');
    expect(third.env).toMatchObject({ SHITHUB_INPUT_0: 'line one\nline two', V: 'hello' });
  });

  it('carries $GITHUB_ENV to later steps (not the writing one) and $GITHUB_PATH to the front of PATH', async () => {
    const w = makeAgentWorld();
    const j = job([
      step({ id: 1, run: 'append GITHUB_ENV FROM_ENV=carried\\n\nappend GITHUB_PATH /opt/tool/bin\\n' }),
      step({
        id: 2,
        ifExpr: "env.FROM_ENV == 'carried'",
        run: 'print ok',
        env: { OWN: '${{ env.FROM_ENV }}-x' },
      }),
    ]);
    await runOneJob(w, j);
    expect(stepResults(w, j)).toEqual(['completed/success', 'completed/success']);
    const [first, second] = w.engine.started;
    expect(first!.env.FROM_ENV).toBeUndefined();
    expect(second!.env).toMatchObject({
      FROM_ENV: 'carried',
      OWN: 'carried-x',
      SHITHUB_PATH_PREFIX: '/opt/tool/bin',
    });
    expect(second!.script.startsWith('PATH="$SHITHUB_PATH_PREFIX:$PATH"; export PATH\n')).toBe(true);
    expect(second!.env.GITHUB_OUTPUT).toBe(`/__shithub/steps/2/output`);
    expect(second!.env.RUNNER_TEMP).toBe('/__shithub/temp');
    expect(second!.shared).toBe(`/ws/${j.runId}/${j.id}-runner`);
    expect(second!.env.GITHUB_EVENT_PATH).toBe('/__shithub/event.json');
    expect(w.files.files.get(`/ws/${j.runId}/${j.id}-runner/event.json`)).toBe(
      JSON.stringify(j.eventPayload),
    );
  });

  it('fails a step whose $GITHUB_ENV smuggles a variable past a heredoc delimiter, and applies nothing of it', async () => {
    const w = makeAgentWorld();
    const injected = 'append GITHUB_ENV A<<EOF\\nx\\nEOF\\nLD_PRELOAD=/evil.so\\nEOF\\n';
    const j = job([step({ id: 1, run: injected }), step({ id: 2, run: 'print next', ifExpr: 'always()' })]);
    await runOneJob(w, j);
    expect(stepResults(w, j)).toEqual(['completed/failure', 'completed/success']);
    expect(w.controlPlane.logText(j.id, 1)).toContain('error: $GITHUB_ENV: line 5: expected name=value');
    expect(w.engine.started[1]!.env.A).toBeUndefined();
    expect(w.engine.started[1]!.env.LD_PRELOAD).toBeUndefined();
  });

  it.each([
    ['PATH', 'PATH=/x', /PATH cannot be set this way \(use \$GITHUB_PATH\)/],
    ['NODE_OPTIONS', 'NODE_OPTIONS=--require=x', /NODE_OPTIONS cannot be set/],
    ['a bad name', '1A=1', /'1A' is not a valid variable name/],
  ])('refuses $GITHUB_ENV setting %s', async (_name, line, message) => {
    const w = makeAgentWorld();
    const j = job([step({ id: 1, run: `append GITHUB_ENV ${line}\\n` })]);
    await runOneJob(w, j);
    expect(stepResults(w, j)).toEqual(['completed/failure']);
    expect(w.controlPlane.logText(j.id, 1)).toMatch(message);
  });

  it('reports the step summary, scrubbed, with the step’s end', async () => {
    const w = makeAgentWorld();
    const j = job([step({ id: 1, run: 'append GITHUB_STEP_SUMMARY ## Done with sekrit-value\\n' })], {
      secrets: { S: 'sekrit-value' },
    });
    await runOneJob(w, j);
    const reports = w.controlPlane.job(j.id).stepReports.get(1)!;
    expect(reports.at(-1)).toMatchObject({ status: 'completed', summary: '## Done with ***\n' });
    expect(reports[0]!.summary).toBeUndefined();
  });
});

describe('workflow commands', () => {
  it('masks an ::add-mask:: value from its line on, in every later line and step, and tells the server', async () => {
    const w = makeAgentWorld();
    const j = job([
      step({
        id: 1,
        run: 'print before hush-4711\nprint ::add-mask::hush-4711\nwrite split hush-\nprint 4711 end',
      }),
      step({ id: 2, run: 'print next hush-4711' }),
    ]);
    await runOneJob(w, j);
    // A line printed before the mask command is out already (as on GitHub).
    expect(w.controlPlane.logText(j.id, 1)).toBe('before hush-4711\n::add-mask::***\nsplit *** end\n');
    expect(w.controlPlane.logText(j.id, 2)).toBe('next ***\n');
    expect(w.controlPlane.job(j.id).addedMasks).toEqual(['hush-4711']);
  });

  it('reports annotations with the step’s end, scrubbed, at most ten of a level', async () => {
    const w = makeAgentWorld();
    const errors = Array.from({ length: 12 }, (_, i) => `print ::error::e${i}`).join('\n');
    const j = job(
      [
        step({
          id: 1,
          run: `print ::warning file=src/a.ts,line=3,endLine=4,col=2,title=Heads up::uses sekrit-value\n${errors}`,
        }),
      ],
      { maskValues: ['sekrit-value'] },
    );
    await runOneJob(w, j);
    const annotations = w.controlPlane.job(j.id).stepReports.get(1)!.at(-1)!.annotations!;
    expect(annotations[0]).toEqual({
      level: 'warning',
      message: 'uses ***',
      title: 'Heads up',
      file: 'src/a.ts',
      line: 3,
      endLine: 4,
      column: 2,
      endColumn: null,
    });
    expect(annotations.filter((a) => a.level === 'error')).toHaveLength(10);
    expect(w.controlPlane.logText(j.id, 1)).toContain('##[warning]uses ***\n##[error]e0\n');
  });

  it('shows ::debug:: lines only with ACTIONS_STEP_DEBUG, and fails a step that uses set-env', async () => {
    const w = makeAgentWorld();
    const quiet = job([step({ id: 1, run: 'print ::debug::detail\nprint ::set-env name=A::b' })]);
    await runOneJob(w, quiet);
    expect(w.controlPlane.logText(quiet.id, 1)).not.toContain('detail');
    expect(stepResults(w, quiet)).toEqual(['completed/failure']);
    const loud = job([step({ id: 2, run: 'print ::debug::detail' })], {
      secrets: { ACTIONS_STEP_DEBUG: 'true' },
    });
    await runOneJob(w, loud);
    expect(w.controlPlane.logText(loud.id, 2)).toBe('##[debug]detail\n');
  });

  it('takes ::set-output:: values as step outputs, with a deprecation warning', async () => {
    const w = makeAgentWorld();
    const j = job([
      step({ id: 1, stepKey: 'old', run: 'print ::set-output name=v::legacy' }),
      step({ id: 2, ifExpr: "steps.old.outputs.v == 'legacy'", run: 'print ok' }),
    ]);
    await runOneJob(w, j);
    expect(stepResults(w, j)).toEqual(['completed/success', 'completed/success']);
    expect(w.controlPlane.logText(j.id, 1)).toContain('The `set-output` command is deprecated');
  });
});

describe('job outputs and contexts', () => {
  it('reports the job’s outputs, a masked value masked, with the job’s end', async () => {
    const w = makeAgentWorld();
    const j = job(
      [
        step({
          id: 1,
          stepKey: 's',
          run: `print ::add-mask::hush-4711\n${output('v=1')}\n${output('t=hush-4711')}`,
        }),
      ],
      { outputs: { version: 'v${{ steps.s.outputs.v }}', token: '${{ steps.s.outputs.t }}' } },
    );
    await runOneJob(w, j);
    expect(jobResult(w, j)).toBe('completed/success');
    expect(w.controlPlane.job(j.id).jobReports.at(-1)).toMatchObject({
      outputs: { version: 'v1', token: '***' },
    });
  });

  it('fails the job with an annotation when its outputs hold more than 1 MiB', async () => {
    const w = makeAgentWorld();
    const big = 'x'.repeat(600 * 1024);
    const j = job([step({ id: 1, stepKey: 's', run: output(`v=${big}`) })], {
      outputs: { a: '${{ steps.s.outputs.v }}', b: '${{ steps.s.outputs.v }}' },
    });
    await runOneJob(w, j);
    expect(jobResult(w, j)).toBe('completed/failure');
    const last = w.controlPlane.job(j.id).jobReports.at(-1)!;
    expect(last.outputs).toBeUndefined();
    expect(last.annotations?.[0]?.message).toMatch(/more than the 1 MiB a job may pass on; none were kept/);
  });

  it('gives run scripts, env and if: the needs and vars contexts of the claim', async () => {
    const w = makeAgentWorld();
    const j = job(
      [
        step({
          id: 1,
          ifExpr: "needs.build.result == 'success' && vars.REGION == 'eu'",
          run: 'print ${{ needs.build.result }} ${{ vars.REGION }} ${{ needs.build.outputs.v }}',
          env: { V: '${{ needs.build.outputs.v }}' },
        }),
      ],
      {
        ifExpr: "needs.build.outputs.v == '1.2'",
        needs: { build: { result: 'success', outputs: { v: '1.2' } } },
        vars: { REGION: 'eu' },
      },
    );
    await runOneJob(w, j);
    expect(stepResults(w, j)).toEqual(['completed/success']);
    expect(w.engine.started[0]).toMatchObject({
      script: 'print success eu ${SHITHUB_INPUT_0}',
      env: { V: '1.2', SHITHUB_INPUT_0: '1.2' },
    });
  });

  it('evaluates hashFiles() over the workspace as GitHub does', async () => {
    const w = makeAgentWorld();
    const j = job([
      step({ id: 1, run: "print ${{ hashFiles('**/go.sum', '!vendor/**') }}|${{ hashFiles('none') }}|" }),
    ]);
    w.files.workspaceFiles.set(
      `/ws/${j.runId}/${j.id}`,
      new Map([
        ['go.sum', 'a'],
        ['cmd/go.sum', 'b'],
        ['vendor/go.sum', 'c'],
      ]),
    );
    await runOneJob(w, j);
    const sha = (data: string | Buffer) => createHash('sha256').update(data).digest();
    const expected = createHash('sha256')
      .update(Buffer.concat([sha('b'), sha('a')]))
      .digest('hex');
    expect(w.engine.started[0]!.script).toBe(`print ${expected}||`);
  });

  it('evaluates a step’s templated timeout-minutes and continue-on-error before it runs', async () => {
    const w = makeAgentWorld();
    const j = job(
      [
        step({ id: 1, run: 'exit 2', continueOnErrorExpr: "${{ vars.LAX == 'yes' }}" }),
        step({ id: 2, run: 'sleep 120000', timeoutMinutesExpr: '${{ vars.MINUTES }}' }),
        step({ id: 3, run: 'print x', ifExpr: 'always()', timeoutMinutesExpr: '${{ vars.BAD }}' }),
      ],
      { vars: { LAX: 'yes', MINUTES: '1', BAD: 'soon' } },
    );
    await runOneJob(w, j);
    expect(stepResults(w, j)).toEqual(['completed/failure', 'completed/timed_out', 'completed/failure']);
    expect(w.controlPlane.logText(j.id, 3)).toMatch(/timeout-minutes resolves to 'soon'/);
  });
});

describe('shells', () => {
  it('runs a python step from a script file in the job’s runner folder', async () => {
    const w = makeAgentWorld();
    const j = job([step({ id: 1, shell: 'python', run: 'print("hi")' })]);
    await runOneJob(w, j);
    const started = w.engine.started[0]!;
    expect(started.shell).toBe('sh');
    expect(started.script).toContain("exec python '/__shithub/steps/1/script'");
    expect(w.files.files.get(`/ws/${j.runId}/${j.id}-runner/steps/1/script`)).toBe('print("hi")');
  });

  it('fails a pwsh step with a clear message and starts nothing', async () => {
    const w = makeAgentWorld();
    const j = job([step({ id: 1, shell: 'pwsh', run: 'Write-Host hi' })]);
    await runOneJob(w, j);
    expect(stepResults(w, j)).toEqual(['completed/failure']);
    expect(w.engine.started).toEqual([]);
    expect(w.controlPlane.logText(j.id, 1)).toMatch(/shell 'pwsh' is not supported: steps run on Linux/);
  });
});
