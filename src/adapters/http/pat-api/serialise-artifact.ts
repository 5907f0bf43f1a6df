/** Artifacts in GitHub's REST shape (`GET …/actions/runs/{id}/artifacts`, `…/actions/artifacts/{id}`). */
import { isExpired } from '../../../domain/api/run-artifacts.js';
import type { Artifact } from '../../../ports/model/artifact.js';
import type { Repo } from '../../../ports/model/forge.js';
import type { Run } from '../../../ports/model/run.js';
import { branchOf, repoPath } from './serialise-run.js';

export function artifactJson(artifact: Artifact, ctx: { run: Run; repo: Repo; baseUrl: string; now: Date }) {
  const url = `${ctx.baseUrl}/api/v1/repos/${repoPath(ctx.repo)}/actions/artifacts/${artifact.id}`;
  return {
    id: artifact.id,
    node_id: Buffer.from(`Artifact:${artifact.id}`).toString('base64'),
    name: artifact.name,
    size_in_bytes: artifact.byteCount,
    url,
    archive_download_url: `${url}/zip`,
    expired: isExpired(artifact, ctx.now),
    digest: artifact.sha256 === '' ? null : `sha256:${artifact.sha256}`,
    created_at: artifact.createdAt.toISOString(),
    updated_at: artifact.updatedAt.toISOString(),
    expires_at: artifact.expiresAt.toISOString(),
    workflow_run: {
      id: ctx.run.id,
      repository_id: ctx.repo.id,
      head_repository_id: ctx.repo.id,
      head_branch: branchOf(ctx.run.headRef),
      head_sha: ctx.run.headSha,
    },
  };
}
