/** `checkWorkflowFile`: every diagnostic of a file at `file:line:col`, as the CLI will print it. */
import { describe, expect, it } from 'vitest';
import {
  checkWorkflowFile,
  formatFileDiagnostic,
} from '../../../src/domain/workflows/check-workflow-file.js';
import { yml } from './workflow-text.js';

const FILE = '.shithub/workflows/ci.yml';
const check = (text: string) => checkWorkflowFile(FILE, text).map(formatFileDiagnostic);

const CASES = [
  {
    name: 'a YAML syntax error at its mark',
    text: 'on: push\njobs:\n  build:\n    runs-on: [x\n    steps: []\n',
    want: [`${FILE}:5:5: error: invalid YAML: deficient indentation`],
  },
  {
    name: 'a misspelt job key at the key',
    text: yml`
      on: push
      jobs:
        build:
          runs-on: x
          stepz: []
    `,
    want: [`${FILE}:5:5: error: jobs.build.stepz: unknown key 'stepz'`],
  },
  {
    name: 'a marketplace action at its uses key, in a block list',
    text: yml`
      on: push
      jobs:
        build:
          runs-on: x
          steps:
            - uses: actions/checkout@v6
            - uses: actions/setup-node@v4
    `,
    want: [`${FILE}:7:9: error: jobs.build.steps[1].uses: unsupported action 'actions/setup-node@v4'`],
  },
  {
    name: 'a missing key at its mapping',
    text: 'on: push\njobs:\n  build:\n    steps: [{run: a}]\n',
    want: [`${FILE}:3:3: error: jobs.build.runs-on: required key 'runs-on' is missing`],
  },
  {
    name: 'a bad expression in a flow mapping at its key',
    text: "on: push\njobs:\n  build: {runs-on: x, steps: [{run: a, if: 'github.ref =='}]}\n",
    want: [
      `${FILE}:3:40: error: jobs.build.steps[0].if: bad expression: unexpected end of expression at offset 13`,
    ],
  },
  {
    name: 'warnings and errors in source order',
    text: yml`
      on: [push, release]
      jobs:
        build:
          runs-on: x
          timeout-minutes: 0
          steps:
            - run: echo \${{ steps.gone.outputs.x }}
    `,
    want: [
      `${FILE}:1:12: warning: on[1]: shithub never fires 'release': this trigger is ignored`,
      `${FILE}:5:5: error: jobs.build.timeout-minutes: must be at least 1 (values above 4320 are capped)`,
      `${FILE}:7:9: warning: jobs.build.steps[0].run: no step of job 'build' before this point has the id 'gone'`,
    ],
  },
  {
    name: 'an empty file at 1:1 with no key path',
    text: '# nothing\n',
    want: [`${FILE}:1:1: error: the file is empty`],
  },
  {
    name: 'a file over 64 KiB at 1:1',
    text: `# ${'x'.repeat(70_000)}\n`,
    want: [`${FILE}:1:1: error: the file is larger than 64 KiB (65536 bytes), the limit for a workflow`],
  },
];

describe('checkWorkflowFile', () => {
  it.each(CASES)('reports $name', ({ text, want }) => {
    expect(check(text)).toEqual(want);
  });

  it('returns nothing for a clean file', () => {
    expect(checkWorkflowFile(FILE, 'on: push\njobs: {b: {runs-on: x, steps: [{run: a}]}}\n')).toEqual([]);
  });

  it('gives JSON-ready objects with file, line, column, severity, path and message', () => {
    expect(
      checkWorkflowFile('a.yml', 'on: push\njobs:\n  b: {runs-on: x, steps: [{run: a, shell: zsh}]}\n'),
    ).toEqual([
      {
        file: 'a.yml',
        line: 3,
        column: 36,
        severity: 'error',
        path: 'jobs.b.steps[0].shell',
        message: expect.stringContaining('supported shells are bash and sh'),
      },
    ]);
  });
});
