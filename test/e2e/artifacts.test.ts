/**
 * Issue #10 item 3 end to end: artifacts uploaded by one job and downloaded by a later one, on
 * the host engine with the filesystem store and with S3 (s3rver, or MinIO with
 * SHITHUB_TEST_S3_ENDPOINT), and in Docker / Podman containers (SHITHUB_TEST_ENGINES).
 */
import { describe } from 'vitest';
import { defineArtifactsE2e } from '../support/agent/artifacts-e2e.js';
import { describeEngine, engineSkipNote } from '../support/agent/docker.js';

describe('artifacts end to end on the host engine, filesystem store', () => {
  defineArtifactsE2e('host', 'fs');
});

describe('artifacts end to end on the host engine, S3 store', () => {
  defineArtifactsE2e('host', 's3');
});

describeEngine('docker')(`artifacts end to end on Docker${engineSkipNote('docker')}`, () => {
  defineArtifactsE2e('docker', 'fs');
});

describeEngine('podman')(`artifacts end to end on Podman${engineSkipNote('podman')}`, () => {
  defineArtifactsE2e('podman', 's3');
});
