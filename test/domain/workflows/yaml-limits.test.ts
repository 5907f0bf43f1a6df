/** Size and alias limits, and the line numbers diagnostics carry. */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../../src/domain/workflows/diagnostics.js';
import { MAX_WORKFLOW_BYTES } from '../../../src/domain/workflows/load-yaml.js';
import { parseWorkflow } from '../../../src/domain/workflows/parse-workflow.js';
import { ONE_JOB, parseErrors, yml } from './workflow-text.js';

/** Ten levels of ten aliases each: 10^10 nodes if expanded, 90 aliases in the text. */
function billionLaughs(): string {
  let text = 'a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n';
  for (let i = 1; i < 10; i += 1)
    text += `a${i}: &a${i} [${Array(10)
      .fill(`*a${i - 1}`)
      .join(', ')}]\n`;
  return text;
}

describe('workflow size and alias limits', () => {
  it('refuses a 10 MB file with one diagnostic, without parsing it', () => {
    const started = performance.now();
    const diagnostics = parseErrors(`on: push\n${'#'.repeat(10 * 1024 * 1024)}\n`);
    expect(performance.now() - started).toBeLessThan(200);
    expect(diagnostics).toEqual([
      { path: '', line: null, message: expect.stringContaining('larger than 64 KiB'), severity: 'error' },
    ]);
  });

  it('counts bytes, not characters: 40 000 three-byte characters are over the limit', () => {
    expect(parseErrors(`name: ${'€'.repeat(40_000)}\non: push\n${ONE_JOB}`)[0]?.message).toContain(
      'larger than 64 KiB',
    );
  });

  it('accepts a file of exactly the limit', () => {
    const base = `on: push\n${ONE_JOB}#`;
    const text = base + 'x'.repeat(MAX_WORKFLOW_BYTES - base.length - 1) + '\n';
    expect(parseWorkflow(text, 'ci.yml').workflow).not.toBeNull();
  });

  it('refuses an alias bomb quickly, before expanding it', () => {
    const started = performance.now();
    expect(parseErrors(billionLaughs())).toEqual([
      expect.objectContaining({
        message: expect.stringContaining('aliases expand to more than'),
        severity: 'error',
      }),
    ]);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('refuses more than 100 aliases, naming the first one over', () => {
    const text = `x: &x 1\nenv: [${Array(101).fill('*x').join(', ')}]\n`;
    expect(parseErrors(text)).toEqual([
      { path: 'env[100]', line: 2, message: 'more than 100 YAML aliases', severity: 'error' },
    ]);
  });

  it('refuses an alias to an anchor that does not exist', () => {
    expect(parseErrors('on: *nowhere\n')[0]?.message).toContain('unidentified alias');
  });

  it('refuses nesting deeper than 64 levels', () => {
    expect(parseErrors(`on: ${'['.repeat(80)}${']'.repeat(80)}\n`)[0]?.message).toContain('invalid YAML');
  });
});

describe('diagnostic line numbers', () => {
  const text = yml`
    name: CI
    on:
      push:
        branches: ['[z-a]']
    jobs:
      build:
        runs-on: ubuntu-latest
        stepz: []
        steps:
          - uses: actions/checkout@v4
          - run: make
          - uses: foo/bar@v1
  `;

  it('points each diagnostic at the line of its key or list item, in line order', () => {
    const { diagnostics } = parseWorkflow(text, 'ci.yml');
    expect(diagnostics.map((d) => [d.line, d.path])).toEqual([[8, 'jobs.build.stepz']]);
  });

  it('reports semantic errors at their lines once the shape is valid', () => {
    const { diagnostics } = parseWorkflow(text.replace('    stepz: []\n', ''), 'ci.yml');
    expect(diagnostics.map((d) => [d.line, d.path, d.message])).toEqual([
      [4, 'on.push.branches[0]', "bad pattern '[z-a]': bad range 'z-a' at offset 0"],
      [11, 'jobs.build.steps[2].uses', "unsupported action 'foo/bar@v1'"],
    ]);
  });

  it('uses the line of the enclosing mapping for a missing key', () => {
    const { diagnostics } = parseWorkflow('on: push\njobs:\n  build:\n    steps: [{run: a}]\n', 'ci.yml');
    expect(diagnostics).toEqual([
      {
        path: 'jobs.build.runs-on',
        line: 3,
        message: "required key 'runs-on' is missing",
        severity: 'error',
      },
    ]);
  });

  it('reports a YAML syntax error at its line', () => {
    expect(parseErrors('on: push\njobs:\n  build:\n    runs-on: [x\n    steps: []\n')[0]?.line).toBe(5);
  });

  it('formats a diagnostic as file:line: path: message', () => {
    const d = {
      path: 'jobs.build.steps[2].uses',
      line: 12,
      message: "unsupported action 'foo/bar@v1'",
      severity: 'error',
    } as const;
    expect(formatDiagnostic(d, '.shithub/workflows/ci.yml')).toBe(
      ".shithub/workflows/ci.yml:12: jobs.build.steps[2].uses: unsupported action 'foo/bar@v1'",
    );
    expect(formatDiagnostic({ ...d, path: '', line: null, severity: 'warning' }, 'ci.yml')).toBe(
      "ci.yml: warning: unsupported action 'foo/bar@v1'",
    );
  });
});
