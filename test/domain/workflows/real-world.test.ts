/**
 * The compatibility corpus (issue #11): real workflow files of well-known projects, each adapted
 * only by replacing marketplace `uses:` with `run: "true"` and dropping calls to remote reusable
 * workflows (each file's header says what). Every file must check clean, except the two listed
 * in REFUSED, whose errors are deliberate (see there).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkWorkflowFile } from '../../../src/domain/workflows/check-workflow-file.js';
import { expandJobs } from '../../../src/domain/workflows/expand-jobs.js';
import { parseWorkflow } from '../../../src/domain/workflows/parse-workflow.js';

const DIR = join(import.meta.dirname, 'real-world');
const read = (file: string) => readFileSync(join(DIR, file), 'utf8');

/** File → jobs under `jobs:` → how many jobs each expands to; and the paths that warn. */
const CORPUS: [string, Record<string, number>, string[]][] = [
  ['cli-go.yml', { build: 3, 'integration-tests': 3 }, []],
  ['cli-govulncheck.yml', { govulncheck: 1 }, []],
  ['curl-checksrc.yml', { checksrc: 1, linters: 1, pytype: 1, complexity: 1, xmllint: 1, miscchecks: 1 }, []],
  ['curl-linux-old.yml', { 'cmake-autotools': 1 }, []],
  ['django-docs.yml', { docs: 1, 'docs-win': 1 }, []],
  ['django-linters.yml', { flake8: 1, isort: 1, black: 1 }, []],
  [
    'django-schedule-tests.yml',
    {
      windows: 3,
      'pyc-only': 1,
      'javascript-tests': 1,
      'selenium-sqlite': 1,
      'selenium-postgresql': 1,
      postgresql: 4,
    },
    [],
  ],
  ['flask-lock.yml', { lock: 1 }, []],
  ['flask-publish.yml', { build: 1, 'create-release': 1, 'publish-pypi': 1 }, []],
  ['flask-tests.yml', { tests: 11 }, []],
  ['fzf-linux.yml', { build: 1 }, []],
  ['git-check-whitespace.yml', { 'check-whitespace': 1 }, []],
  ['git-l10n.yml', { 'git-po-helper': 1 }, ['on[1]']],
  // env: ORG_GRADLE_PROJECT_org.gradle.… (a dotted name Gradle reads from its environment).
  ['junit5-reproducible-build.yml', { check_build_reproducibility: 1 }, []],
  [
    'libuv-ci-unix.yml',
    { 'build-linux': 1, 'build-android': 1, 'build-macos': 2, 'build-ios': 2, 'build-cross-qemu': 16 },
    [],
  ],
  ['libuv-sanitizer.yml', { 'sanitizers-linux': 4, 'sanitizers-macos': 3, 'sanitizers-windows': 1 }, []],
  ['neovim-lintcommit.yml', { 'lint-commits': 1 }, []],
  ['neovim-news.yml', { check: 1 }, []],
  ['node-commit-lint.yml', { 'lint-commit-message': 1 }, []],
  ['numpy-mypy.yml', { mypy: 3 }, []],
  ['pip-lock-threads.yml', { action: 1 }, []],
  ['prettier-lint.yml', { lint: 1 }, []],
  ['rails-lint.yml', { misspell: 1 }, []],
  [
    'redis-ci.yml',
    {
      'test-ubuntu-latest': 1,
      'test-sanitizer-address': 1,
      'build-debian-old': 1,
      'build-macos-latest': 1,
      'build-32bit': 1,
      'build-libc-malloc': 1,
      'build-centos7-jemalloc': 1,
    },
    [],
  ],
  ['redis-codecov.yml', { 'code-coverage': 1 }, []],
  // timeout-minutes: 14400 is capped at the 3-day limit, with a warning per job.
  [
    'redis-external.yml',
    { 'test-external-standalone': 1, 'test-external-cluster': 1, 'test-external-nodebug': 1 },
    [
      'jobs.test-external-standalone.timeout-minutes',
      'jobs.test-external-cluster.timeout-minutes',
      'jobs.test-external-nodebug.timeout-minutes',
    ],
  ],
  ['requests-codeql.yml', { analyze: 1 }, []],
  ['requests-lint.yml', { lint: 1 }, []],
  ['requests-run-tests.yml', { build: 26, no_chardet: 1, urllib3: 1 }, []],
  ['ripgrep-ci.yml', { test: 15, wasm: 1, rustfmt: 1, docs: 1 }, []],
  [
    'rubocop-ci.yml',
    { 'spec-ubuntu': 8, 'spec-jruby': 1, 'spec-windows': 2, ascii_spec: 4, documentation_check: 1, prism: 1 },
    [],
  ],
  ['ruff-daily-property-tests.yml', { property_tests: 1, 'create-issue-on-failure': 1 }, []],
  [
    'rust-analyzer-ci.yml',
    {
      changes: 1,
      'proc-macro-srv': 2,
      rust: 3,
      'analysis-stats': 1,
      rustfmt: 1,
      clippy: 1,
      miri: 1,
      'rust-cross': 3,
      typescript: 2,
      'typo-check': 1,
      conclusion: 1,
      'cancel-if-matrix-failed': 1,
    },
    ['on.merge_group'],
  ],
  ['spring-boot-build-pull-request.yml', { build: 1 }, []],
  ['spring-boot-verify.yml', { verify: 1 }, []],
  ['tokio-audit.yml', { 'security-audit': 1 }, []],
  ['tokio-loom.yml', { loom: 6 }, []],
  ['vite-semantic-pull-request.yml', { main: 1 }, ['on.pull_request_target']],
  ['zstd-android-ndk.yml', { build: 1 }, []],
];

describe('the real-world corpus', () => {
  it('lists every file of the folder once, 30 or more of them', () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.yml'));
    const listed = CORPUS.map(([f]) => f);
    expect([...listed].sort()).toEqual([...files].sort());
    expect(files.length).toBeGreaterThanOrEqual(30);
  });

  it.each(CORPUS)('%s parses with no error and expands to the expected jobs', (file, jobs, warnings) => {
    const { workflow, diagnostics } = parseWorkflow(read(file), `.github/workflows/${file}`);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(diagnostics.map((d) => d.path)).toEqual(warnings);
    const counts: Record<string, number> = {};
    for (const job of expandJobs(workflow!)) counts[job.baseKey] = (counts[job.baseKey] ?? 0) + 1;
    expect(counts).toEqual(jobs);
  });

  it('checks clean (no error, warnings allowed) for every file', () => {
    const all = CORPUS.map(([f]) => f);
    const unclean = all.filter((f) => checkWorkflowFile(f, read(f)).some((d) => d.severity === 'error'));
    expect(unclean).toEqual([]);
  });
});
