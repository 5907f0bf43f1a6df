/**
 * The `actions/upload-artifact` step (any supported ref runs as `shithub/upload-artifact@v1`):
 * the runner finds the files in the job's workspace on its host (the container engines bind
 * that folder, so it holds what the steps wrote), packs them into one archive in the job's
 * runner folder and sends it through the token chain. Its outputs are GitHub's:
 * `artifact-id`, `artifact-url`, `artifact-digest`.
 */
import { readUploadInputs } from '../artifacts/artifact-inputs.js';
import { planUpload, uploadPatterns } from '../artifacts/upload-plan.js';
import { artifactInputs, artifactScope, transferEnd } from './artifact-step-scope.js';
import { uploadArchive } from './artifact-transfer.js';
import type { ExecuteStepDeps, ExecuteStepInput, StepResult } from './execute-step.js';
import { compileFilePatterns, matchesFilePatterns } from './file-patterns.js';
import { repositoryName, serverUrl } from './step-context.js';

/** Uploads the step's files as one artifact; never throws for the workflow's own mistakes. */
export async function runUploadArtifact(deps: ExecuteStepDeps, input: ExecuteStepInput): Promise<StepResult> {
  const { stepLog } = input;
  const failed: StepResult = { conclusion: 'failure', outputs: {}, summary: null };
  const inputs = readUploadInputs(artifactInputs(deps, input));
  const upload = uploadPatterns(inputs.paths, deps.engine.stepWorkspace(input.workspace));
  const found = await deps.artifactFiles.findFiles(input.workspace, upload.searchPaths);
  const compiled = compileFilePatterns(upload.patterns);
  const escaping = found.escaping.filter((path) => matchesFilePatterns(compiled, path));
  if (escaping.length > 0) {
    stepLog.line(
      `error: ${escaping[0]} is a symbolic link leading out of the workspace: refusing to upload it`,
    );
    return failed;
  }
  const plan = planUpload(found.files, upload, inputs);
  for (const path of plan.caseDuplicates)
    stepLog.line(`##[warning]${path} differs from another file only in case; it is left out`);
  if (plan.entries.length === 0) return noFiles(input, inputs.paths, inputs.ifNoFilesFound);
  stepLog.line(`With the provided path, there will be ${plan.entries.length} file(s) uploaded`);
  const archive = `${input.shared}/artifacts/upload-${input.step.id}.shar`;
  try {
    const digest = await deps.artifactFiles.pack(input.workspace, plan.entries, archive);
    stepLog.line(`Uploading artifact ${inputs.name}: ${digest.size} bytes, SHA-256 ${digest.sha256}`);
    const start = { name: inputs.name, ...digest, retentionDays: inputs.retentionDays };
    const sent = await uploadArchive(deps, artifactScope(input), { archive, start });
    const artifact = transferEnd(sent, stepLog);
    if (typeof artifact === 'string') return { ...failed, conclusion: artifact };
    stepLog.line(`Artifact ${artifact.name} has been successfully uploaded! Artifact ID is ${artifact.id}`);
    const server = serverUrl(input.job.checkoutUrl);
    const repo = repositoryName(input.job.checkoutUrl);
    const outputs = {
      'artifact-id': String(artifact.id),
      'artifact-url': `${server}/api/v1/repos/${repo}/actions/artifacts/${artifact.id}/zip`,
      'artifact-digest': artifact.sha256,
    };
    return { conclusion: 'success', outputs, summary: null };
  } finally {
    await deps.artifactFiles.remove(archive);
  }
}

/** `if-no-files-found`: GitHub's words, and a failure only for `error`. */
function noFiles(
  input: ExecuteStepInput,
  paths: readonly string[],
  mode: 'warn' | 'error' | 'ignore',
): StepResult {
  const message = `No files were found with the provided path: ${paths.join(', ')}. No artifacts will be uploaded.`;
  if (mode === 'error') input.stepLog.line(`##[error]${message}`);
  else input.stepLog.line(mode === 'warn' ? `##[warning]${message}` : message);
  return { conclusion: mode === 'error' ? 'failure' : 'success', outputs: {}, summary: null };
}
