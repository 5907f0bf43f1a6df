/**
 * The `actions/download-artifact` step (any supported ref runs as
 * `shithub/download-artifact@v1`): with `name`, that artifact into `path`; without, every
 * artifact of the run (those whose name matches `pattern`, when given), each into
 * `path/<name>/`, or all into `path` with `merge-multiple`. The archive is checked against
 * the server's size and SHA-256 before anything is written into the workspace. Output:
 * `download-path`.
 */
import type { RunArtifact } from '../../ports/artifact-api.js';
import { readDownloadInputs } from '../artifacts/artifact-inputs.js';
import { workspacePath } from '../artifacts/workspace-paths.js';
import { artifactInputs, artifactScope, transferEnd } from './artifact-step-scope.js';
import { downloadArchive, listArtifacts } from './artifact-transfer.js';
import type { ExecuteStepDeps, ExecuteStepInput, StepResult } from './execute-step.js';
import { compileFilePatterns, matchesFilePatterns } from './file-patterns.js';

/** Downloads the artifacts the inputs name; never throws for the workflow's own mistakes. */
export async function runDownloadArtifact(
  deps: ExecuteStepDeps,
  input: ExecuteStepInput,
): Promise<StepResult> {
  const { stepLog } = input;
  const failed: StepResult = { conclusion: 'failure', outputs: {}, summary: null };
  const inputs = readDownloadInputs(artifactInputs(deps, input));
  const stepWorkspace = deps.engine.stepWorkspace(input.workspace);
  const destination = workspacePath(inputs.path, stepWorkspace);
  const scope = artifactScope(input);
  const listed = transferEnd(await listArtifacts(deps, scope), stepLog);
  if (typeof listed === 'string') return { ...failed, conclusion: listed };
  const chosen = choose(listed, inputs);
  if (inputs.name !== '' && chosen.length === 0) {
    stepLog.line(`error: Unable to download artifact(s): Artifact not found for name: ${inputs.name}`);
    return failed;
  }
  if (chosen.length === 0) stepLog.line('No artifacts to download');
  for (const artifact of chosen) {
    const folder =
      inputs.name !== '' || inputs.mergeMultiple ? destination : join(destination, artifact.name);
    const archive = `${input.shared}/artifacts/download-${artifact.id}.shar`;
    try {
      const fetched = transferEnd(await downloadArchive(deps, scope, { artifact, archive }), stepLog);
      if (typeof fetched === 'string') return { ...failed, conclusion: fetched };
      const unpacked = await deps.artifactFiles.unpack(archive, input.workspace, folder);
      stepLog.line(
        `Artifact ${artifact.name} (${unpacked.files} file(s), ${unpacked.bytes} bytes) was downloaded to ${join(stepWorkspace, folder)}`,
      );
    } finally {
      await deps.artifactFiles.remove(archive);
    }
  }
  return {
    conclusion: 'success',
    outputs: { 'download-path': join(stepWorkspace, destination) },
    summary: null,
  };
}

function choose(listed: readonly RunArtifact[], inputs: { name: string; pattern: string }): RunArtifact[] {
  if (inputs.name !== '') return listed.filter((a) => a.name === inputs.name);
  if (inputs.pattern === '') return [...listed];
  const patterns = compileFilePatterns([inputs.pattern]);
  return listed.filter((a) => matchesFilePatterns(patterns, a.name));
}

function join(folder: string, name: string): string {
  if (name === '') return folder;
  return folder === '' ? name : `${folder}/${name}`;
}
