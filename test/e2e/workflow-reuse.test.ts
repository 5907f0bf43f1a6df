// biome-ignore-all lint/suspicious/noTemplateCurlyInString: workflow expressions are ${{ }} text
/**
 * Issue #11's last "done when", end to end on the host engine (a real server on PGlite, real
 * git, the real runner): a local composite action (nesting one more) and a local reusable
 * workflow run with inputs, outputs and a mapped secret; and a job with `services:` is refused
 * on the host engine with a clear message.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type Forge, startForge, startRunner } from '../support/agent/runner-e2e.js';
import { finishedJob } from '../support/agent/runner-e2e-suite.js';

type Json = Record<string, unknown>;
const TOKEN = 'deploy-token-5e1f';
const E2E_TIMEOUT_MS = 120_000;

const FILES: Record<string, string> = {
  '.shithub/actions/greet/action.yml': `name: Greet
inputs:
  who: { required: true }
  greeting: { default: Hello }
outputs:
  sentence: { value: '\${{ steps.say.outputs.sentence }}' }
runs:
  using: composite
  steps:
    - id: say
      shell: bash
      env: { WHO: '\${{ inputs.who }}', GREETING: '\${{ inputs.greeting }}' }
      run: |
        echo "sentence=$GREETING, $WHO!" >> "$GITHUB_OUTPUT"
        echo "composite ran in $GITHUB_ACTION_PATH"
    - uses: ./.github/actions/shout
      with: { text: '\${{ inputs.who }}' }
`,
  '.github/actions/shout/action.yaml': `inputs: { text: {} }
runs:
  using: composite
  steps:
    - shell: sh
      run: echo "nested says $(echo "\${{ inputs.text }}" | tr a-z A-Z)"
`,
  '.shithub/workflows/build.yml': `on:
  workflow_call:
    inputs:
      version: { type: string, required: true }
      flavour: { type: string, default: plain }
    secrets:
      TOKEN: { required: true }
    outputs:
      artifact: { value: '\${{ jobs.compile.outputs.file }}' }
jobs:
  compile:
    runs-on: ubuntu-latest
    outputs: { file: '\${{ steps.c.outputs.file }}' }
    steps:
      - id: c
        env: { TOKEN: '\${{ secrets.TOKEN }}' }
        run: |
          echo "file=app-\${{ inputs.version }}-\${{ inputs.flavour }}.tgz" >> "$GITHUB_OUTPUT"
          test "$TOKEN" = "${TOKEN}" && echo "the called job got its token: $TOKEN"
`,
  '.shithub/workflows/ci.yml': `on: { push: { branches: [trunk] } }
jobs:
  greet:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - id: hello
        uses: ./.shithub/actions/greet
        with: { who: shithub }
      - run: echo "the action said \${{ steps.hello.outputs.sentence }}"
  build:
    needs: greet
    uses: ./.shithub/workflows/build.yml
    with: { version: '1-\${{ github.ref_name }}' }
    secrets: { TOKEN: '\${{ secrets.DEPLOY_TOKEN }}' }
  ship:
    needs: build
    runs-on: ubuntu-latest
    steps:
      - run: echo "shipping \${{ needs.build.outputs.artifact }} after \${{ needs.build.result }}"
`,
};

const SERVICES = `on: push
jobs:
  db:
    runs-on: ubuntu-latest
    services:
      redis: { image: redis:7 }
    steps: [{ run: echo never }]
`;

describe('composite actions and reusable workflows (issue #11) end to end on the host engine', () => {
  let forge: Forge;
  let runner: Awaited<ReturnType<typeof startRunner>>;

  beforeAll(async () => {
    forge = await startForge({
      repos: [{ name: 'reuse' }, { name: 'services' }],
      runners: ['runner-1'],
      secrets: [{ repo: 'reuse', name: 'DEPLOY_TOKEN', value: TOKEN }],
    });
    runner = await startRunner(forge, forge.runners['runner-1']!.token);
  }, 120_000);
  afterAll(async () => {
    await runner?.stop();
    await forge?.close();
  }, E2E_TIMEOUT_MS);

  it(
    'runs a composite action and a called workflow with their inputs, outputs and secret',
    async () => {
      await forge.push('reuse', FILES);
      const jobs = await eventually(async () => {
        const listed = await forge.latestJobs('reuse');
        const done = listed.length === 3 && listed.every((j) => j.job_status === 'completed');
        return done ? listed : undefined;
      }, 100_000);
      expect(jobs.map((j) => [j.name, j.conclusion])).toEqual([
        ['greet', 'success'],
        ['build / compile', 'success'],
        ['ship', 'success'],
      ]);
      const [greet, compile, ship] = jobs as [Json, Json, Json];
      const greetLog = await forge.jobLog('reuse', Number(greet.id));
      expect(greetLog).toMatch(/composite ran in \/.+\/\.shithub\/actions\/greet/);
      expect(greetLog).toContain('nested says SHITHUB');
      expect(greetLog).toContain('##[group]Run echo "sentence=$GREETING, $WHO!"');
      expect(greetLog).toContain('the action said Hello, shithub!');
      const compileLog = await forge.jobLog('reuse', Number(compile.id));
      expect(compileLog).toContain('the called job got its token: ***');
      expect(compileLog).not.toContain(TOKEN);
      expect(await forge.jobLog('reuse', Number(ship.id))).toContain(
        'shipping app-1-trunk-plain.tgz after success',
      );
    },
    E2E_TIMEOUT_MS,
  );

  it(
    'fails a job with services on the host engine, saying why',
    async () => {
      await forge.push('services', { '.shithub/workflows/db.yml': SERVICES });
      const job = await finishedJob(forge, 'services');
      expect(job.conclusion).toBe('failure');
      expect(await forge.jobLog('services', Number(job.id))).toContain(
        'this runner uses the host engine, which runs no containers',
      );
    },
    E2E_TIMEOUT_MS,
  );
});
