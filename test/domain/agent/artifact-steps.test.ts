// biome-ignore-all lint/suspicious/noTemplateCurlyInString: workflow expressions are ${{ }} text
/**
 * The artifact actions on the runner (issue #10 item 3), on fakes: job A uploads from its
 * workspace, job B of the same run downloads into its own, through the token chain; a lost
 * chunk answer resumes; `if-no-files-found`; links leading out of the workspace and paths
 * outside it are refused; downloads of one, all, or a missing name.
 */
import { describe, expect, it } from 'vitest';
import type { AssignedJob } from '../../../src/ports/model/assignment.js';
import {
  type AgentWorld,
  job,
  makeAgentWorld,
  runOneJob,
  step,
  stepResults,
} from '../../support/agent/agent-world.js';
import { yml } from '../workflows/workflow-text.js';

const RUN = 5000;
const upload = (w: Record<string, string>, id = 'up') =>
  step({ uses: 'actions/upload-artifact@v4', with: w, stepKey: id });
const download = (w: Record<string, string> = {}) => step({ uses: 'actions/download-artifact@v4', with: w });
const workspaceOf = (j: AssignedJob) => `/ws/${j.runId}/${j.id}`;

async function uploaded(w: AgentWorld, files: Record<string, string>, inputs: Record<string, string>) {
  const a = job([upload(inputs)], { runId: RUN, outputs: { id: '${{ steps.up.outputs.artifact-id }}' } });
  for (const [path, text] of Object.entries(files)) w.artifactFiles.put(workspaceOf(a), path, text);
  await runOneJob(w, a);
  return a;
}

describe('the artifact actions on the runner', () => {
  it('uploads in one job and downloads in a later job of the same run, byte for byte', async () => {
    const w = makeAgentWorld();
    const a = await uploaded(
      w,
      { 'dist/app.js': 'console.log(1)\n', 'dist/css/site.css': 'body{}' },
      {
        name: 'build-${{ github.job }}',
        path: 'dist/',
      },
    );
    expect(stepResults(w, a)).toEqual(['completed/success']);
    expect(w.controlPlane.logText(a.id, a.steps[0]!.id)).toContain(
      'Artifact build-build has been successfully uploaded! Artifact ID is 1',
    );
    expect(w.controlPlane.job(a.id).jobReports.at(-1)?.outputs).toEqual({ id: '1' });

    const b = job([download({ name: 'build-build', path: 'got' })], { runId: RUN });
    await runOneJob(w, b);
    expect(stepResults(w, b)).toEqual(['completed/success']);
    expect(w.artifactFiles.text(workspaceOf(b), 'got/app.js')).toBe('console.log(1)\n');
    expect(w.artifactFiles.text(workspaceOf(b), 'got/css/site.css')).toBe('body{}');
    // Every call was a link of the chain; the archives left the runner folder.
    expect(w.controlPlane.job(b.id).calls).toEqual(
      expect.arrayContaining(['artifact list', 'artifact download 1']),
    );
    expect(w.artifactFiles.archives.size).toBe(0);
  });

  it('resumes an upload whose chunk answer was lost, without sending the archive twice', async () => {
    const w = makeAgentWorld();
    w.artifacts.loseChunkAnswers = 2;
    const a = await uploaded(w, { 'out.txt': 'x'.repeat(30) }, { path: 'out.txt' });
    expect(stepResults(w, a)).toEqual(['completed/success']);
    const stored = w.artifacts.artifacts[0]!;
    expect(stored.receivedBytes).toBe(stored.size);
    const chunkCalls = w.controlPlane.job(a.id).calls.filter((c) => c.startsWith('artifact chunk'));
    // Each lost answer's chunk arrives once more (accepted again), then the upload goes on.
    expect(chunkCalls.length).toBe(Math.ceil(stored.size / w.artifacts.chunkBytes) + 2);
  });

  it.each([
    [
      'warn',
      'completed/success',
      '##[warning]No files were found with the provided path: nothing/*. No artifacts will be uploaded.',
    ],
    ['error', 'completed/failure', '##[error]No files were found with the provided path: nothing/*.'],
    ['ignore', 'completed/success', 'No files were found with the provided path: nothing/*.'],
  ])('with if-no-files-found: %s and no file, ends %s', async (mode, result, line) => {
    const w = makeAgentWorld();
    const a = await uploaded(w, { 'other.txt': '1' }, { path: 'nothing/*', 'if-no-files-found': mode });
    expect(stepResults(w, a)).toEqual([result]);
    expect(w.controlPlane.logText(a.id, a.steps[0]!.id)).toContain(line);
    expect(w.artifacts.artifacts).toEqual([]);
  });

  it('refuses a path outside the workspace and a link leading out of it', async () => {
    const w = makeAgentWorld();
    const outside = await uploaded(w, {}, { path: '/etc/passwd' });
    expect(stepResults(w, outside)).toEqual(['completed/failure']);
    expect(w.controlPlane.logText(outside.id, outside.steps[0]!.id)).toContain(
      'error: path "/etc/passwd" is outside the workspace',
    );

    const a = job([upload({ path: 'dist' })], { runId: RUN });
    w.artifactFiles.put(workspaceOf(a), 'dist/ok.txt', 'ok');
    w.artifactFiles.escapingLinks.set(workspaceOf(a), new Set(['dist/secrets']));
    await runOneJob(w, a);
    expect(stepResults(w, a)).toEqual(['completed/failure']);
    expect(w.controlPlane.logText(a.id, a.steps[0]!.id)).toContain(
      'error: dist/secrets is a symbolic link leading out of the workspace: refusing to upload it',
    );
    expect(w.artifacts.artifacts).toEqual([]);
  });

  it('downloads every artifact into a folder each, or merged, and fails for a missing name', async () => {
    const w = makeAgentWorld();
    const a = job(
      [upload({ name: 'one', path: 'a.txt' }, 'u1'), upload({ name: 'two', path: 'b.txt' }, 'u2')],
      {
        runId: RUN,
      },
    );
    w.artifactFiles.put(workspaceOf(a), 'a.txt', 'A');
    w.artifactFiles.put(workspaceOf(a), 'b.txt', 'B');
    await runOneJob(w, a);

    const b = job(
      [download(), download({ path: 'merged', 'merge-multiple': 'true' }), download({ name: 'three' })],
      {
        runId: RUN,
      },
    );
    await runOneJob(w, b);
    expect(stepResults(w, b)).toEqual(['completed/success', 'completed/success', 'completed/failure']);
    const ws = workspaceOf(b);
    expect([w.artifactFiles.text(ws, 'one/a.txt'), w.artifactFiles.text(ws, 'two/b.txt')]).toEqual([
      'A',
      'B',
    ]);
    expect([w.artifactFiles.text(ws, 'merged/a.txt'), w.artifactFiles.text(ws, 'merged/b.txt')]).toEqual([
      'A',
      'B',
    ]);
    expect(w.controlPlane.logText(b.id, b.steps[2]!.id)).toContain(
      'error: Unable to download artifact(s): Artifact not found for name: three',
    );
  });

  it('fails a second upload of the same name in the run, and refuses a download path outside the workspace', async () => {
    const w = makeAgentWorld();
    await uploaded(w, { 'a.txt': 'A' }, { name: 'same', path: 'a.txt' });
    const again = await uploaded(w, { 'a.txt': 'B' }, { name: 'same', path: 'a.txt' });
    expect(stepResults(w, again)).toEqual(['completed/failure']);
    expect(w.controlPlane.logText(again.id, again.steps[0]!.id)).toContain(
      'error: the server refused: artifact.name_taken (HTTP 409)',
    );
    const b = job([download({ name: 'same', path: '../up' })], { runId: RUN });
    await runOneJob(w, b);
    expect(stepResults(w, b)).toEqual(['completed/failure']);
    expect(w.controlPlane.logText(b.id, b.steps[0]!.id)).toContain(
      'error: path "../up" is outside the workspace',
    );
  });

  it('runs as a sub-step of a local composite action, with the action inputs in its expressions', async () => {
    const w = makeAgentWorld();
    const a = job([step({ uses: './.shithub/actions/pack', with: { what: 'x.txt' } })], { runId: RUN });
    w.files.putWorkspaceFile(
      workspaceOf(a),
      '.shithub/actions/pack/action.yml',
      yml`
        name: Pack
        inputs:
          what: {required: true}
        runs:
          using: composite
          steps:
            - uses: actions/upload-artifact@v4
              with:
                name: packed-\${{ inputs.what }}
                path: \${{ inputs.what }}
      `,
    );
    w.artifactFiles.put(workspaceOf(a), 'x.txt', 'X');
    await runOneJob(w, a);
    expect(stepResults(w, a)).toEqual(['completed/success']);
    expect(w.artifacts.artifacts.map((x) => [x.name, x.ready])).toEqual([['packed-x.txt', true]]);
  });
});
