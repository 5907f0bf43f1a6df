/**
 * `shithubd workflow check FILE…` (issue #11 item 10): the real-world corpus checks clean, the
 * malformed cases print their `file:line:col` diagnostics, `--output json` prints the same as one
 * document, the exit status follows the severities, and nothing of the database is loaded.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/apps/shithubd/cli/run-cli.js';
import { yml } from '../domain/workflows/workflow-text.js';

const ROOT = resolve(import.meta.dirname, '../..');
const CORPUS = 'test/domain/workflows/real-world';

async function check(argv: string[], cwd = ROOT) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['workflow', 'check', ...argv], {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    readStdin: async () => '',
    env: {},
    cwd,
  });
  return { code, stdout, stderr };
}

const MALFORMED = yml`
  on: push
  jobs:
    build:
      runs-on: ubuntu-latest
      container:
        image: alpine
        volumes: [/:/host]
      steps:
        - uses: actions/setup-node@v4
        - run: echo \${{ steps.nope.outputs.x }}
    call:
      uses: octo/repo/.github/workflows/x.yml@main
`;

describe('shithubd workflow check', () => {
  it('checks every file of the real-world corpus with zero errors (exit 0)', async () => {
    const files = readdirSync(join(ROOT, CORPUS)).filter((f) => f.endsWith('.yml'));
    expect(files.length).toBeGreaterThanOrEqual(30);
    const { code, stdout, stderr } = await check(files.map((f) => `${CORPUS}/${f}`));
    expect(stdout).not.toContain(': error: ');
    expect(stderr).toContain(`${files.length} file(s) checked: 0 error(s)`);
    expect(code).toBe(0);
  });

  it('prints a capped timeout of the corpus as a warning at file:line:col and exits 0', async () => {
    const { code, stdout } = await check([`${CORPUS}/redis-external.yml`]);
    expect(stdout).toContain(
      `${CORPUS}/redis-external.yml:15:5: warning: jobs.test-external-standalone.timeout-minutes: 14400 minutes is above the limit: capped at 4320 (3 days)`,
    );
    expect(code).toBe(0);
  });

  it('prints every diagnostic of a malformed file as file:line:col: severity: path: message', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wf-check-'));
    writeFileSync(join(dir, 'bad.yml'), MALFORMED);
    const { code, stdout } = await check(['bad.yml'], dir);
    expect(stdout.trim().split('\n')).toEqual([
      'bad.yml:7:7: warning: jobs.build.container.volumes: volumes are not supported (steps share only the workspace): the job fails when it runs',
      "bad.yml:9:9: error: jobs.build.steps[0].uses: unsupported action 'actions/setup-node@v4'",
      "bad.yml:10:9: warning: jobs.build.steps[1].run: no step of job 'build' before this point has the id 'nope'",
      "bad.yml:12:5: error: jobs.call.uses: only reusable workflows of this repository can be called (./.shithub/workflows/<file>.yml or ./.github/workflows/<file>.yml), not 'octo/repo/.github/workflows/x.yml@main'",
    ]);
    expect(code).toBe(1);
  });

  it('prints the same diagnostics as one JSON document with --output json', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wf-check-'));
    writeFileSync(join(dir, 'bad.yml'), MALFORMED);
    const { code, stdout } = await check(['bad.yml', '--output', 'json'], dir);
    const parsed = JSON.parse(stdout) as Record<string, unknown>[];
    expect(parsed).toHaveLength(4);
    expect(parsed[1]).toEqual({
      file: 'bad.yml',
      line: 9,
      column: 9,
      severity: 'error',
      path: 'jobs.build.steps[0].uses',
      message: "unsupported action 'actions/setup-node@v4'",
    });
    expect(code).toBe(1);
  });

  it('exits 0 with warnings only, and 2 for a file it cannot read or no file at all', async () => {
    expect((await check([`${CORPUS}/git-l10n.yml`])).code).toBe(0);
    const missing = await check(['no-such.yml']);
    expect(missing.stderr).toContain('cannot read no-such.yml: no such file');
    expect(missing.code).toBe(2);
    expect((await check([])).code).toBe(2);
  });

  it('runs from the shithubd binary with no configuration, data folder or database', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wf-check-bin-'));
    writeFileSync(join(dir, 'ok.yml'), readFileSync(join(ROOT, CORPUS, 'cli-go.yml')));
    const result = await execa(
      process.execPath,
      [join(ROOT, 'bin/shithubd.js'), 'workflow', 'check', 'ok.yml'],
      {
        cwd: dir,
        env: { PATH: process.env.PATH ?? '', SHITHUB_DATABASE_URL: 'postgres://nowhere.invalid/none' },
        extendEnv: false,
        reject: false,
      },
    );
    expect(result.stdout).toBe('');
    expect(result.exitCode).toBe(0);
    expect(readdirSync(dir)).toEqual(['ok.yml']);
  });

  it('loads no database driver: the static imports of the CLI reach none', () => {
    const packages = staticPackages(join(ROOT, 'src/apps/shithubd/cli/run-cli.ts'));
    for (const driver of ['@electric-sql/pglite', 'postgres', 'drizzle-orm', 'pg'])
      expect([...packages].filter((p) => p === driver || p.startsWith(`${driver}/`))).toEqual([]);
  });
});

/** Packages reached from `entry` through static (not `import()`) value imports. */
function staticPackages(entry: string): Set<string> {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const walk = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    for (const m of source.matchAll(
      /^(?:import|export)\s+(?!type\b)[^'";]*?from\s+'([^']+)'|^import\s+'([^']+)'/gm,
    )) {
      const spec = (m[1] ?? m[2]) as string;
      if (spec.startsWith('.')) walk(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
      else packages.add(spec);
    }
  };
  walk(entry);
  return packages;
}
