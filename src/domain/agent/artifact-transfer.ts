/**
 * Moving an artifact's archive through the job's token chain (SPEC §7.2 extension): an upload
 * in chunks that resumes where the server stands (after a lost answer, a restarted call or a
 * refused offset it asks again), and a download checked against the size and SHA-256 the
 * server recorded. Every call goes through the job's channel, which already retries transport
 * failures and recovers refused tokens; a refusal here is final.
 */
import type { ArtifactApi, RunArtifact, UploadStart, UploadState } from '../../ports/artifact-api.js';
import type { ArchiveDigest, ArtifactFiles } from '../../ports/artifact-files.js';
import type { Clock } from '../../ports/clock.js';
import type { ChannelResult, JobChannel } from './job-channel.js';

export type TransferDeps = { artifacts: ArtifactApi; artifactFiles: ArtifactFiles; clock: Clock };

export interface TransferScope {
  jobId: number;
  channel: JobChannel;
  cancel: AbortSignal;
  deadline: Date;
}

export type TransferResult<T> =
  | { kind: 'ok'; value: T }
  | { kind: 'failed'; message: string }
  | { kind: 'stopped'; conclusion: 'cancelled' | 'timed_out' };

/** The largest chunk the runner sends, whatever the server allows. */
export const MAX_UPLOAD_CHUNK_BYTES = 8 * 1024 * 1024;
/** Times an upload asks where the server stands after a refused offset. */
const MAX_RESYNCS = 3;
/** Times a download starts over after its stream broke. */
const MAX_DOWNLOAD_ATTEMPTS = 5;

/** Uploads the archive at `archive` (already packed) as the artifact `start.name`. */
export async function uploadArchive(
  deps: TransferDeps,
  scope: TransferScope,
  input: { archive: string; start: UploadStart },
): Promise<TransferResult<RunArtifact>> {
  let state = await beginUpload(deps, scope, input.start);
  let resyncs = 0;
  while ('artifactId' in state && state.receivedBytes < input.start.size) {
    const stop = stopped(deps, scope);
    if (stop) return stop;
    const { artifactId, receivedBytes: offset } = state;
    const length = Math.min(state.chunkBytes, MAX_UPLOAD_CHUNK_BYTES, input.start.size - offset);
    const bytes = await deps.artifactFiles.readChunk(input.archive, offset, length);
    const answer = await scope.channel.call('artifact chunk', (t) =>
      deps.artifacts.uploadChunk(scope.jobId, t, { artifactId, offset, bytes }),
    );
    if (answer.kind === 'ok') state = { ...state, receivedBytes: answer.value.receivedBytes };
    else if (answer.kind === 'refused' && answer.status === 409 && resyncs < MAX_RESYNCS) {
      // The server holds a different offset (a chunk applied whose answer was lost): ask it.
      resyncs++;
      state = await beginUpload(deps, scope, input.start);
    } else return failure(answer);
  }
  if (!('artifactId' in state)) return state;
  const { artifactId } = state;
  const finished = await scope.channel.call('artifact finish', (t) =>
    deps.artifacts.finishUpload(scope.jobId, t, artifactId),
  );
  return finished.kind === 'ok' ? finished : failure(finished);
}

/** The artifacts the job may download. */
export async function listArtifacts(
  deps: TransferDeps,
  scope: TransferScope,
): Promise<TransferResult<RunArtifact[]>> {
  const answer = await scope.channel.call('artifact list', (t) =>
    deps.artifacts.listArtifacts(scope.jobId, t),
  );
  return answer.kind === 'ok' ? answer : failure(answer);
}

/** Downloads the artifact's archive to `archive` and checks its size and SHA-256. */
export async function downloadArchive(
  deps: TransferDeps,
  scope: TransferScope,
  input: { artifact: RunArtifact; archive: string },
): Promise<TransferResult<ArchiveDigest>> {
  const { artifact } = input;
  for (let attempt = 1; ; attempt++) {
    const stop = stopped(deps, scope);
    if (stop) return stop;
    const answer = await scope.channel.call('artifact download', (t) =>
      deps.artifacts.download(scope.jobId, t, artifact.id, 0),
    );
    if (answer.kind !== 'ok') return failure(answer);
    try {
      await deps.artifactFiles.writeDownload(input.archive, 0, answer.value);
      break;
    } catch (err) {
      if (attempt >= MAX_DOWNLOAD_ATTEMPTS)
        return { kind: 'failed', message: `downloading ${artifact.name} failed: ${describe(err)}` };
    }
  }
  const digest = await deps.artifactFiles.digest(input.archive);
  if (digest.size !== artifact.size || digest.sha256 !== artifact.sha256) {
    const message = `artifact ${artifact.name} arrived damaged: ${digest.size} bytes with SHA-256 ${digest.sha256}, expected ${artifact.size} bytes with ${artifact.sha256}`;
    return { kind: 'failed', message };
  }
  return { kind: 'ok', value: digest };
}

async function beginUpload(
  deps: TransferDeps,
  scope: TransferScope,
  start: UploadStart,
): Promise<UploadState | TransferResult<never>> {
  const answer = await scope.channel.call('artifact upload', (t) =>
    deps.artifacts.beginUpload(scope.jobId, t, start),
  );
  return answer.kind === 'ok' ? answer.value : failure(answer);
}

function stopped(deps: TransferDeps, scope: TransferScope): TransferResult<never> | null {
  if (scope.cancel.aborted) return { kind: 'stopped', conclusion: 'cancelled' };
  if (deps.clock.now() >= scope.deadline) return { kind: 'stopped', conclusion: 'timed_out' };
  return null;
}

function failure(answer: Exclude<ChannelResult<unknown>, { kind: 'ok' }>): TransferResult<never> {
  if (answer.kind === 'gone')
    return { kind: 'failed', message: 'the job is no longer assigned to this runner' };
  return { kind: 'failed', message: `the server refused: ${answer.message} (HTTP ${answer.status})` };
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
