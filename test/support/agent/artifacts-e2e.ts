// biome-ignore-all lint/suspicious/noTemplateCurlyInString: workflow expressions are ${{ }} text
/**
 * Issue #10's artifact "done when", end to end on a real server, real git and the real runner
 * (run by test/e2e/artifacts.test.ts on the host engine with the filesystem store and with S3,
 * and on Docker/Podman): job `build` uploads, job `use` (`needs: build`) downloads, and a PAT
 * downloads the zip holding the same bytes; the objects live under
 * `actions/runs/<run_id>/artifacts/` with no chunk left behind.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as Minio from 'minio';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { S3TestServer } from '../s3-server.js';
import { startS3Server } from '../s3-server.js';
import { unzip } from '../unzip.js';
import { eventually, type Forge, startForge, startRunner } from './runner-e2e.js';
import { runnerFlags } from './runner-e2e-suite.js';

type Json = Record<string, unknown>;
const E2E_TIMEOUT_MS = 180_000;
const PIN = 'fa0a91b85d4f404e444e00e005971372dc801d16';

const WORKFLOW = `on: { push: { branches: [trunk] } }
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: |
          mkdir -p out/sub
          printf 'hello artifact\\n' > out/hello.txt
          printf '\\000\\001\\002binary\\377' > out/sub/data.bin
          printf '#!/bin/sh\\necho tool ran\\n' > out/sub/tool.sh
          chmod +x out/sub/tool.sh
          echo ignored > out/skip.log
          echo hidden > out/.hidden
      - id: up
        uses: actions/upload-artifact@v4
        with:
          name: dist
          path: |
            out/
            !out/*.log
          retention-days: 3
      - uses: shithub/upload-artifact@v1
        with:
          name: notes-\${{ github.run_number }}
          path: \${{ github.workspace }}/out/hello.txt
      - uses: actions/upload-artifact@v3
        with:
          name: none
          path: nothing-here/
      - run: echo "uploaded \${{ steps.up.outputs.artifact-id }} \${{ steps.up.outputs.artifact-digest }}"
  use:
    needs: build
    runs-on: ubuntu-latest
    steps:
      - uses: actions/download-artifact@v4
        with:
          name: dist
          path: got
      - uses: actions/download-artifact@${PIN}
        with:
          path: all
      - run: |
          cat got/hello.txt
          od -An -tx1 got/sub/data.bin
          ./got/sub/tool.sh
          ls all
          cat all/notes-1/hello.txt
          test ! -e got/skip.log && echo "no log"
          test ! -e got/.hidden && echo "no hidden"
`;

export function defineArtifactsE2e(engine: 'host' | 'docker' | 'podman', storage: 'fs' | 's3'): void {
  let forge: Forge;
  let runner: Awaited<ReturnType<typeof startRunner>>;
  let s3: S3TestServer | null = null;

  beforeAll(async () => {
    const env: Record<string, string> = {};
    if (storage === 's3') {
      s3 = await startS3Server();
      const { endPoint, port, useSsl, bucket, accessKey, secretKey } = s3.settings;
      Object.assign(env, {
        SHITHUB_STORAGE__KIND: 's3',
        SHITHUB_STORAGE__ENDPOINT: `${useSsl ? 'https' : 'http'}://${endPoint}:${port}`,
        SHITHUB_STORAGE__BUCKET: bucket,
        SHITHUB_STORAGE__ACCESS_KEY: accessKey,
        SHITHUB_STORAGE__SECRET_KEY: secretKey,
      });
    }
    forge = await startForge({ repos: [{ name: 'arts' }], runners: ['runner-1'], env });
    runner = await startRunner(forge, forge.runners['runner-1']!.token, runnerFlags(engine));
  }, 120_000);
  afterAll(async () => {
    await runner?.stop();
    await forge?.close();
    await s3?.close();
  }, E2E_TIMEOUT_MS);

  it(
    'uploads in one job, downloads in a needs-dependent job, and a PAT downloads the same bytes as a zip',
    async () => {
      await forge.push('arts', { 'README.md': '# arts\n', '.shithub/workflows/arts.yml': WORKFLOW });
      const jobs = await eventually(async () => {
        const listed = await forge.latestJobs('arts');
        const done = listed.length === 2 && listed.every((j) => j.job_status === 'completed');
        return done ? listed : undefined;
      }, 150_000);
      const [build, use] = jobs as [Json, Json];
      const logBuild = await forge.jobLog('arts', Number(build.id));
      const logUse = await forge.jobLog('arts', Number(use.id));
      expect([build.conclusion, use.conclusion], `${logBuild}\n${logUse}`).toEqual(['success', 'success']);
      expect(logBuild).toContain('Artifact dist has been successfully uploaded!');
      expect(logBuild).toMatch(/uploaded \d+ [0-9a-f]{64}/);
      expect(logBuild).toContain('##[warning]No files were found with the provided path: nothing-here/.');
      for (const line of [
        'hello artifact',
        '00 01 02 62 69 6e 61 72 79 ff',
        'tool ran',
        'dist',
        'notes-1',
        'no log',
        'no hidden',
      ])
        expect(logUse).toContain(line);

      const runId = Number(build.run_id);
      const listing = await forge.json(`/api/v1/repos/ada/arts/actions/runs/${runId}/artifacts`);
      const artifacts = listing.artifacts as Json[];
      expect(listing.total_count).toBe(2);
      expect(artifacts.map((a) => a.name)).toEqual(['dist', 'notes-1']);
      const dist = artifacts[0]!;
      const days = (Date.parse(String(dist.expires_at)) - Date.parse(String(dist.created_at))) / 86_400_000;
      expect(Math.round(days)).toBe(3);

      const res = await fetch(String(dist.archive_download_url), {
        headers: { authorization: `token ${forge.pat}` },
      });
      expect(res.status).toBe(200);
      const entries = unzip(new Uint8Array(await res.arrayBuffer()));
      expect(entries.map((e) => [e.path, e.mode.toString(8)])).toEqual([
        ['hello.txt', '100644'],
        ['sub/data.bin', '100644'],
        ['sub/tool.sh', '100755'],
      ]);
      expect(entries[0]!.bytes.toString()).toBe('hello artifact\n');
      expect([...entries[1]!.bytes]).toEqual([0, 1, 2, ...Buffer.from('binary'), 0xff]);
      expect(entries[2]!.bytes.toString()).toBe('#!/bin/sh\necho tool ran\n');

      const keys = await storedKeys(forge, s3, `actions/runs/${runId}/`);
      expect(keys.filter((k) => k.includes('/artifacts/'))).toEqual([
        expect.stringMatching(/^actions\/runs\/\d+\/artifacts\/[0-9a-f]{32}\.shar$/),
        expect.stringMatching(/^actions\/runs\/\d+\/artifacts\/[0-9a-f]{32}\.shar$/),
      ]);
    },
    E2E_TIMEOUT_MS,
  );
}

/** Every object key under `prefix`, on the store the forge runs with. */
async function storedKeys(forge: Forge, s3: S3TestServer | null, prefix: string): Promise<string[]> {
  if (!s3) {
    const root = join(forge.dir, 'objects');
    return readdirSync(join(root, prefix), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name).slice(root.length + 1))
      .sort();
  }
  const { endPoint, port, useSsl, accessKey, secretKey, region, bucket } = s3.settings;
  const client = new Minio.Client({ endPoint, port, useSSL: useSsl, accessKey, secretKey, region });
  const keys: string[] = [];
  for await (const item of client.listObjectsV2(bucket, prefix, true)) {
    const { name } = item as Minio.BucketItem;
    if (name) keys.push(name);
  }
  return keys.sort();
}
