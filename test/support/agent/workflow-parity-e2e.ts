// biome-ignore-all lint/suspicious/noTemplateCurlyInString: workflow expressions are ${{ }} text
/**
 * Issue #11's first "done when", end to end on a real server, real git and the real runner
 * (run by test/e2e/runner-host.test.ts and, on Docker, runner-docker.test.ts): job A writes
 * two outputs (one multi-line) and a masked one, job B (`needs: a`) reads them in `if`, `env`
 * and `run`; `$GITHUB_ENV` and `$GITHUB_PATH` carry to the next step; `::add-mask::` hides
 * the value in every later line and in the stored outputs; an `::error file=…,line=…::`
 * annotation is listed by the API; plus `vars`, the step summary and `hashFiles()`.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { eventually, type Forge, startForge, startRunner } from './runner-e2e.js';
import { runnerFlags } from './runner-e2e-suite.js';

type Json = Record<string, unknown>;
/** What step `out` masks; computed there, so the workflow text (and its step names) never holds it. */
const MASKED = 'hidden-token-4711';
const E2E_TIMEOUT_MS = 150_000;
const README = '# parity\n';

const WORKFLOW = `on: { push: { branches: [trunk] } }
jobs:
  a:
    runs-on: ubuntu-latest
    outputs:
      greeting: \${{ steps.out.outputs.greeting }}
      multi: \${{ steps.out.outputs.multi }}
      token: \${{ steps.out.outputs.token }}
    steps:
      - id: out
        run: |
          token="hidden-token-$((4700 + 11))"
          echo "::add-mask::$token"
          echo "greeting=hello world" >> "$GITHUB_OUTPUT"
          { echo "multi<<EOF"; echo "line one"; echo "line two"; echo "EOF"; } >> "$GITHUB_OUTPUT"
          echo "token=$token" >> "$GITHUB_OUTPUT"
          echo "the token is $token"
          echo "::error file=src/app.ts,line=12,col=3,title=Bad thing::something broke"
      - name: Environment files
        run: |
          echo "FROM_ENV=carried" >> "$GITHUB_ENV"
          mkdir -p "$RUNNER_TEMP/bin"
          printf '#!/bin/sh\\necho tool-ran\\n' > "$RUNNER_TEMP/bin/mytool"
          chmod +x "$RUNNER_TEMP/bin/mytool"
          echo "$RUNNER_TEMP/bin" >> "$GITHUB_PATH"
          echo "## Parity summary" >> "$GITHUB_STEP_SUMMARY"
      - if: steps.out.outcome == 'success' && steps.out.outputs.greeting == 'hello world'
        run: |
          echo "env is $FROM_ENV"
          mytool
          echo "again hidden-token-$((4700 + 11))"
  b:
    needs: a
    if: needs.a.outputs.greeting == 'hello world'
    runs-on: ubuntu-latest
    env:
      GREETING: \${{ needs.a.outputs.greeting }} \${{ vars.SUFFIX }}
    steps:
      - uses: actions/checkout@v4
      - run: |
          echo "greeting: $GREETING"
          echo "multi: \${{ needs.a.outputs.multi }}"
          echo "result: \${{ needs.a.result }}"
          echo "token: \${{ needs.a.outputs.token }}"
          echo "hash: \${{ hashFiles('README.md') }}"
`;

export function defineWorkflowParity(engine: 'host' | 'docker'): void {
  let forge: Forge;
  let runner: Awaited<ReturnType<typeof startRunner>>;

  beforeAll(async () => {
    forge = await startForge({ repos: [{ name: 'parity' }], runners: ['runner-1'] });
    runner = await startRunner(forge, forge.runners['runner-1']!.token, runnerFlags(engine));
  }, 120_000);
  afterAll(async () => {
    await runner?.stop();
    await forge?.close();
  }, E2E_TIMEOUT_MS);

  it(
    'passes outputs, environment files, masks, annotations, vars and hashFiles() between steps and jobs',
    async () => {
      const put = await forge.api('/api/v1/repos/ada/parity/actions/variables/SUFFIX', {
        method: 'PUT',
        body: JSON.stringify({ value: 'from-vars' }),
      });
      expect(put.status).toBe(201);
      await forge.push('parity', { 'README.md': README, '.shithub/workflows/parity.yml': WORKFLOW });
      const jobs = await eventually(async () => {
        const listed = await forge.latestJobs('parity');
        const done =
          listed.length === 2 && listed.every((j) => ['completed', 'skipped'].includes(String(j.job_status)));
        return done ? listed : undefined;
      }, 120_000);
      const [a, b] = jobs as [Json, Json];
      expect([a.conclusion, b.conclusion]).toEqual(['success', 'success']);

      const logA = await forge.jobLog('parity', Number(a.id));
      expect(logA).toContain('::add-mask::***');
      expect(logA).toContain('the token is ***');
      expect(logA).toContain('##[error]something broke');
      expect(logA).toContain('env is carried');
      expect(logA).toContain('tool-ran');
      expect(logA).toContain('again ***');

      const logB = await forge.jobLog('parity', Number(b.id));
      expect(logB).toContain('greeting: hello world from-vars');
      expect(logB).toContain('multi: line one\nline two');
      expect(logB).toContain('result: success');
      // The stored output was masked by the runner: B reads `***`, never the value.
      expect(logB).toContain('token: ***');
      const digest = createHash('sha256').update(createHash('sha256').update(README).digest()).digest('hex');
      expect(logB).toContain(`hash: ${digest}`);

      const sent = runner.sent.map((c) => c.text).join('');
      for (const text of [sent, logA, logB]) expect(text).not.toContain(MASKED);

      const annotations = await forge.json(`/api/v1/repos/ada/parity/actions/jobs/${a.id}/annotations`);
      expect(annotations).toEqual([
        expect.objectContaining({
          path: 'src/app.ts',
          start_line: 12,
          start_column: 3,
          annotation_level: 'failure',
          title: 'Bad thing',
          message: 'something broke',
        }),
      ]);
      const steps = (await forge.json(`/api/v1/repos/ada/parity/actions/jobs/${a.id}`)).steps as Json[];
      expect(steps.map((s) => s.summary)).toEqual([null, '## Parity summary\n', null]);
    },
    E2E_TIMEOUT_MS,
  );
}
