// biome-ignore-all lint/suspicious/noTemplateCurlyInString: workflow expressions are ${{ }} text
import { describe, expect, it } from 'vitest';
import { parseErrors, parseOk } from './workflow-text.js';

const SHA = '0123456789abcdef0123456789abcdef01234567';
const steps = (list: string) => `on: push\njobs:\n  build: {runs-on: x, steps: [${list}]}\n`;

describe('the artifact actions in a workflow', () => {
  it.each([
    ['actions/upload-artifact@v4', 'shithub/upload-artifact@v1'],
    ['actions/upload-artifact@v3', 'shithub/upload-artifact@v1'],
    ['actions/upload-artifact@v4.6.2', 'shithub/upload-artifact@v1'],
    [`actions/upload-artifact@${SHA}`, 'shithub/upload-artifact@v1'],
    ['shithub/upload-artifact@v1', 'shithub/upload-artifact@v1'],
    ['actions/download-artifact@v4', 'shithub/download-artifact@v1'],
    [`actions/download-artifact@${SHA}`, 'shithub/download-artifact@v1'],
    ['shithub/download-artifact@v1', 'shithub/download-artifact@v1'],
  ])('runs %s as %s, keeping what was written', (uses, runs) => {
    const wf = parseOk(steps(`{uses: '${uses}', with: {name: 'dist-\${{ matrix.os }}', path: out}}`));
    expect(wf.jobs[0]?.steps[0]).toMatchObject({ uses: runs, usesSource: uses });
  });

  it('accepts every upload input GitHub documents that the runner honours', () => {
    const wf = parseOk(
      steps(
        `{uses: actions/upload-artifact@v4, with: {name: n, path: "a\\n!b", retention-days: 5, if-no-files-found: error, include-hidden-files: true, compression-level: 0}}`,
      ),
    );
    expect(wf.jobs[0]?.steps[0]?.with).toMatchObject({ 'retention-days': '5', 'if-no-files-found': 'error' });
    parseOk(
      steps(`{uses: actions/download-artifact@v4, with: {pattern: 'dist-*', merge-multiple: true, path: x}}`),
    );
  });

  it.each([
    ['actions/upload-artifact@v2', 'uses', 'the artifact actions run at @v3, @v4 or a 40-hex commit'],
    ['actions/upload-artifact@main', 'uses', "unsupported action 'actions/upload-artifact@main'"],
    ['actions/upload-artifact@v4, with: {overwrite: true}', 'with.overwrite', "unknown input 'overwrite'"],
    ['actions/download-artifact@v4, with: {run-id: 7}', 'with.run-id', "unknown input 'run-id'"],
    [
      'actions/upload-artifact@v4, with: {retention-days: soon}',
      'with.retention-days',
      'whole number of days',
    ],
    [
      'actions/upload-artifact@v4, with: {if-no-files-found: fail}',
      'with.if-no-files-found',
      'warn, error or ignore',
    ],
  ])('refuses uses: %s', (body, path, message) => {
    const diagnostics = parseErrors(steps(`{uses: ${body}}`));
    expect(diagnostics).toEqual([
      expect.objectContaining({
        path: `jobs.build.steps[0].${path}`,
        message: expect.stringContaining(message),
      }),
    ]);
  });

  it('leaves a templated input to the runner', () => {
    parseOk(
      steps(`{uses: actions/upload-artifact@v4, with: {path: x, retention-days: '\${{ vars.DAYS }}'}}`),
    );
  });
});
