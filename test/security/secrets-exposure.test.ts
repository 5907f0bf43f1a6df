/**
 * Secrets never leak (issue #12, security suite): a full end-to-end run — `serve` on PGlite,
 * a real `shithubd-runner` on the host engine (and on Docker with SHITHUB_TEST_ENGINE=docker),
 * a pushed workflow that prints two secrets plainly and in base64, URL-encoded and
 * JSON-escaped form, into the log, an annotation, the step summary, a step output and a job
 * output read by a dependent job. Afterwards none of those values, in any of those forms, is
 * in any server or runner log line, any chunk the runner sent, any file under the server's
 * data folder (database pages, finalised log objects, repositories) or the runner's
 * workspace root, or any API or web UI answer about the run.
 */
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: workflow expressions are ${{ }} text
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEngine, engineSkipNote } from '../support/agent/docker.js';
import { eventually, type Forge, startForge, startRunner } from '../support/agent/runner-e2e.js';
import { runnerFlags } from '../support/agent/runner-e2e-suite.js';

const TOKEN = 'Hunter2/Sec+ret=Va"lue & 100% \\ end';
const OTHER = 'tok_9f8e7d6c5b4a3f2e1d0c7b6a';

/** Printed exactly like the secrets but no secret: the search must find it (a control). */
const CANARY = 'Canary/Va+lue=x"y & 50% \\ z';

/** A value plainly and in base64, URL-encoded and JSON-escaped form. */
const formsOf = (value: string) => [
  value,
  Buffer.from(value).toString('base64'),
  encodeURIComponent(value),
  JSON.stringify(value).slice(1, -1),
];

/** Every form of every secret the suite searches for. */
const FORMS = [TOKEN, OTHER].flatMap(formsOf);

const WORKFLOW = `on: push
jobs:
  leak:
    runs-on: ubuntu-latest
    outputs:
      out: \${{ steps.s.outputs.out }}
    steps:
      - id: s
        env:
          TOKEN: \${{ secrets.TOKEN }}
          OTHER: \${{ secrets.OTHER }}
          CANARY: '${CANARY}'
        run: |
          urlencode() { local s="$1" i c; for ((i = 0; i < \${#s}; i++)); do c=\${s:i:1}; case "$c" in [a-zA-Z0-9.~_-]) printf '%s' "$c" ;; *) printf '%%%02X' "'$c" ;; esac; done; }
          for v in "$TOKEN" "$OTHER" "$CANARY"; do
            echo "plain: $v"
            echo "base64: $(printf '%s' "$v" | base64 | tr -d '\\n')"
            echo "url: $(urlencode "$v")"
            echo "json: {\\"v\\":\\"$(printf '%s' "$v" | sed 's/\\\\/\\\\\\\\/g; s/"/\\\\"/g')\\"}"
          done
          env | grep -e TOKEN -e OTHER
          echo "::warning title=$OTHER::annotated $TOKEN"
          echo "summary $TOKEN $OTHER" >> "$GITHUB_STEP_SUMMARY"
          echo "out=$OTHER" >> "$GITHUB_OUTPUT"
          echo "done printing"
  after:
    needs: leak
    runs-on: ubuntu-latest
    steps:
      - run: echo "from needs \${{ needs.leak.outputs.out }} and \${{ secrets.TOKEN }}"
`;

/** The forms of `forms` (the secrets' by default) found in `text`, with where. */
function hits(where: string, text: string, forms = FORMS): string[] {
  return forms.filter((form) => text.includes(form)).map((form) => `${where}: ${JSON.stringify(form)}`);
}

/** Every regular file under `dir`, read as bytes (latin1, so any byte sequence matches). */
function filesUnder(dir: string): { path: string; text: string }[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((entry) => join(dir, entry))
    .filter((path) => {
      try {
        return statSync(path).isFile();
      } catch {
        return false;
      }
    })
    .map((path) => ({ path, text: readFileSync(path).toString('latin1') }));
}

function defineSecretsExposure(engine: 'host' | 'docker') {
  let forge: Forge;
  let runner: Awaited<ReturnType<typeof startRunner>>;
  const serverLog = new PassThrough();
  let serverLines = '';
  serverLog.on('data', (chunk: Buffer) => {
    serverLines += chunk.toString('utf8');
  });

  beforeAll(async () => {
    forge = await startForge({
      repos: [{ name: 'app' }],
      runners: ['runner-1'],
      secrets: [
        { repo: 'app', name: 'TOKEN', value: TOKEN },
        { repo: 'app', name: 'OTHER', value: OTHER },
      ],
      serverLog,
    });
    runner = await startRunner(forge, forge.runners['runner-1']!.token, runnerFlags(engine));
  }, 120_000);

  afterAll(async () => {
    await runner?.stop();
    await forge?.close();
  });

  it('prints the secrets, every form masked, and leaks none of them anywhere', async () => {
    await forge.push('app', { '.shithub/workflows/leak.yml': WORKFLOW });
    const jobs = await eventually(async () => {
      const all = await forge.latestJobs('app');
      const ended = (j: (typeof all)[number]) =>
        ['completed', 'skipped', 'cancelled'].includes(String(j.job_status));
      return all.length === 2 && all.every(ended) ? all : undefined;
    }, 150_000);
    const leakLog = await forge.jobLog('app', Number(jobs[0]!.id));
    expect(
      jobs.map((j) => j.conclusion),
      leakLog,
    ).toEqual(['success', 'success']);
    // The step did print: the values are there, masked.
    expect(leakLog).toContain('plain: ***');
    expect(leakLog).toContain('base64: ***');
    expect(leakLog).toContain('url: ***');
    expect(leakLog).toContain('json: {"v":"***"}');
    expect(leakLog).toContain('done printing');

    // Let the server archive the finished steps' logs into objects.
    await eventually(
      async () =>
        readdirSync(forge.dir, { recursive: true }).some((f) => String(f).endsWith('.log'))
          ? true
          : undefined,
      30_000,
    );
    const found: string[] = [];
    const run = (
      (await forge.json('/api/v1/repos/ada/app/actions/runs')).workflow_runs as {
        id: number;
        run_number: number;
      }[]
    )[0]!;
    const api = [
      '/api/v1/repos/ada/app/actions/runs',
      `/api/v1/repos/ada/app/actions/runs/${run.id}`,
      `/api/v1/repos/ada/app/actions/runs/${run.id}/jobs`,
      ...jobs.flatMap((j) => [
        `/api/v1/repos/ada/app/actions/jobs/${j.id}`,
        `/api/v1/repos/ada/app/actions/jobs/${j.id}/logs`,
        `/api/v1/repos/ada/app/actions/jobs/${j.id}/annotations`,
      ]),
      '/metrics',
    ];
    for (const path of api) found.push(...hits(path, (await forge.api(path)).text));
    const ui = [
      '/',
      '/ada/app',
      '/ada/app/actions',
      `/ada/app/actions/runs/${run.run_number}`,
      ...jobs.flatMap((j) => [
        `/ada/app/actions/runs/${run.run_number}/jobs/${j.id}`,
        `/ada/app/actions/runs/${run.run_number}/jobs/${j.id}/logs`,
      ]),
    ];
    for (const path of ui) {
      const res = await fetch(`${forge.server.url}${path}`, { headers: { accept: 'text/html' } });
      expect(res.status, path).toBe(200);
      found.push(...hits(`UI ${path}`, await res.text()));
    }
    found.push(...hits('server log', serverLines));
    found.push(...hits('runner log', runner.log.text()));
    for (const chunk of runner.sent) found.push(...hits(`chunk ${chunk.stepId}#${chunk.seq}`, chunk.text));
    for (const file of filesUnder(forge.dir)) found.push(...hits(file.path, file.text));
    expect(found).toEqual([]);
    // The control: the canary, printed the same way, is found where the secrets are searched.
    const canary = formsOf(CANARY);
    const logObjects = filesUnder(forge.dir).filter((f) => f.path.endsWith('.log'));
    expect(hits('log', leakLog, canary)).toHaveLength(4);
    expect(logObjects.flatMap((f) => hits(f.path, f.text, canary)).length).toBeGreaterThanOrEqual(4);
    expect(runner.sent.flatMap((c) => hits('chunk', c.text, canary))).toHaveLength(4);
    expect(serverLines).toContain('shithubd listening');
    expect(runner.sent.length).toBeGreaterThan(0);
  }, 240_000);
}

describe('secrets never leak: end to end on the host engine', () => {
  defineSecretsExposure('host');
});

describeEngine('docker')(`secrets never leak: end to end on Docker${engineSkipNote('docker')}`, () => {
  defineSecretsExposure('docker');
});
