/**
 * `npm run screenshots` (issue #9): starts `shithubd dev` in a temporary data folder, pushes a
 * showcase workflow (colours, a folded group, a warning, jobs that need others) next to the
 * demo's smoke workflow, waits for both runs, signs in as the dev admin and has Debian's
 * Chromium (`SHITHUB_TEST_BROWSER`, else /usr/bin/chromium; never a downloaded browser)
 * write PNGs of the repository page, a run page, a job view and /admin/runners to
 * docs/screenshots/. Steps run on the host engine (SHITHUB_RUNNER_ENGINE__KIND overrides).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { loadServerConfig } from '../src/apps/shithubd/config.js';
import { runDev } from '../src/apps/shithubd/dev.js';
import { createRunnerLog } from '../src/apps/shithubd-runner/pino-log.js';
import { launchChromium } from '../test/support/chromium.js';

const OUT = resolve(import.meta.dirname, '../docs/screenshots');
const BROWSER = process.env.SHITHUB_TEST_BROWSER || '/usr/bin/chromium';
const SHOWCASE = `name: Showcase
on:
  push:
    branches: [trunk]
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - name: Install dependencies
        run: |
          echo "::group::Resolve 3 packages"
          echo "left-pad 1.3.0"; echo "is-even 1.0.0"; echo "is-odd 3.0.1"
          echo "::endgroup::"
          printf '\\033[32mok\\033[0m installed 3 packages in 0.4s\\n'
      - name: Compile
        run: |
          printf '\\033[1;34minfo\\033[0m compiling 42 modules\\n'
          printf '\\033[33mwarning\\033[0m: unused variable \\033[1mtmp\\033[0m in src/util.ts:7\\n'
          echo "::warning file=src/util.ts,line=7,title=Unused variable::tmp is never read"
          printf '\\033[32m✓\\033[0m compiled in 1.2s\\n'
      - name: Summarise
        run: |
          echo "### Build: 42 modules, 1 warning" >> "$GITHUB_STEP_SUMMARY"
  test:
    runs-on: ubuntu-latest
    steps:
      - name: Unit tests
        run: |
          for t in parser scheduler logs; do printf '\\033[32mPASS\\033[0m %s\\n' "$t"; done
          printf '\\033[1m3 passed\\033[0m, 0 failed\\n'
  deploy:
    runs-on: ubuntu-latest
    needs: [build, test]
    steps:
      - run: echo "deployed to staging"
`;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  await new Promise<void>((done) => server.close(() => done()));
  return typeof address === 'object' && address ? address.port : 0;
}

async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 180_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 250));
  }
}

/** Commits the showcase workflow on trunk of admin/demo over HTTP (the PAT in a header, never in argv). */
async function pushShowcase(base: string, pat: string, dir: string): Promise<void> {
  const work = join(dir, 'showcase');
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: dir,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    GIT_AUTHOR_NAME: 'shithub screenshots',
    GIT_AUTHOR_EMAIL: 'screenshots@shithub.invalid',
    GIT_COMMITTER_NAME: 'shithub screenshots',
    GIT_COMMITTER_EMAIL: 'screenshots@shithub.invalid',
    GIT_CONFIG_COUNT: '1',
    GIT_CONFIG_KEY_0: 'http.extraHeader',
    GIT_CONFIG_VALUE_0: `Authorization: Basic ${Buffer.from(`admin:${pat}`).toString('base64')}`,
  };
  const git = (args: string[], cwd = dir) => execa('git', args, { cwd, env, extendEnv: false });
  await git(['clone', '-q', `${base}/admin/demo.git`, work]);
  mkdirSync(join(work, '.shithub/workflows'), { recursive: true });
  writeFileSync(join(work, '.shithub/workflows/showcase.yml'), SHOWCASE);
  await git(['add', '.'], work);
  await git(['commit', '-q', '-m', 'Showcase workflow'], work);
  await git(['push', '-q', 'origin', 'trunk'], work);
}

const dir = mkdtempSync(join(tmpdir(), 'shithub-screenshots-'));
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
let output = '';
let stop: () => void = () => undefined;
const stopped = new Promise<void>((done) => {
  stop = done;
});
const config = loadServerConfig({ env: {}, cwd: dir, dataDirFlag: dir, listenFlag: `127.0.0.1:${port}` });
const dev = runDev(config, {
  stdout: (text) => {
    output += text;
  },
  env: { ...process.env, SHITHUB_RUNNER_ENGINE__KIND: process.env.SHITHUB_RUNNER_ENGINE__KIND ?? 'host' },
  stopped,
  runnerLog: createRunnerLog({ level: 'warn', format: 'pretty' }),
});
try {
  const pat = await until('the dev PAT', async () => /PAT \(shown once[^)]*\): (\S+)/.exec(output)?.[1]);
  const password = /password \(shown once[^)]*\): (\S+)/.exec(output)![1]!;
  const api = async (path: string) =>
    (await (await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${pat}` } })).json()) as {
      workflow_runs: { id: number; run_number: number; name: string; status: string }[];
      jobs: { id: number; name: string }[];
    };
  await pushShowcase(base, pat, dir);
  // The push runs the demo's smoke workflow again, beside the showcase.
  const runs = await until(
    'the runs to complete',
    async () => {
      const { workflow_runs } = await api('/api/v1/repos/admin/demo/actions/runs');
      return workflow_runs.length === 3 && workflow_runs.every((r) => r.status === 'completed')
        ? workflow_runs
        : undefined;
    },
    600_000,
  );
  const showcase = runs.find((r) => r.name === 'Showcase')!;
  const build = (await api(`/api/v1/repos/admin/demo/actions/runs/${showcase.id}/jobs`)).jobs.find(
    (j) => j.name === 'build',
  )!;

  mkdirSync(OUT, { recursive: true });
  const b = await launchChromium(BROWSER, { viewport: { width: 1200, height: 820 }, colorScheme: 'light' });
  try {
    const { page } = b;
    await page.goto(`${base}/login`);
    await page.getByLabel('User name').fill('admin');
    await page.getByLabel('Password').fill(password);
    await Promise.all([page.waitForURL(`${base}/`), page.getByRole('button', { name: 'Sign in' }).click()]);
    const shoot = async (path: string, file: string, fullPage = false) => {
      await page.goto(`${base}${path}`);
      await page.waitForLoadState('networkidle');
      await page.screenshot({ path: join(OUT, file), fullPage });
      console.log(`wrote docs/screenshots/${file}`);
    };
    await shoot('/admin/demo', 'repository.png');
    const runPath = `/admin/demo/actions/runs/${showcase.run_number}`;
    await shoot(runPath, 'run.png', true);
    await shoot(`${runPath}/jobs/${build.id}`, 'job.png', true);
    await shoot('/admin/runners', 'admin-runners.png');
  } finally {
    await b.close();
  }
} finally {
  stop();
  await dev;
  rmSync(dir, { recursive: true, force: true });
}
