/**
 * A tiny "database-like" service image for the container suites, built from the test image
 * (busybox + bash) with the engine itself — no network needed: busybox `httpd` answers `pong` on
 * port 6379 at `/ping`. It also carries a marker file, so a step can tell it from the test image.
 * Removed again by `removeServiceImage`.
 */
import { execa } from 'execa';
import type { ContainerEngineKind } from '../../../src/adapters/engine/run-args.js';
import { clientEnv, TEST_IMAGE } from './docker.js';

/** What only the service image holds. */
export const SERVICE_MARKER = '/etc/shithub-service-image';
const SERVE = 'mkdir -p /tmp/www && echo pong > /tmp/www/ping && exec httpd -f -p 6379 -h /tmp/www';

const engineCli = (engine: ContainerEngineKind, args: string[]) =>
  execa(engine, args, { env: clientEnv(), extendEnv: false });

/** Builds `shithub/service-test-<tag>:local` and returns its name. */
export async function buildServiceImage(engine: ContainerEngineKind, tag: string): Promise<string> {
  const image = `shithub/service-test-${tag}:local`;
  const builder = `shithub-service-build-${tag}`;
  await execa(engine, ['rm', '--force', builder], { env: clientEnv(), extendEnv: false, reject: false });
  await engineCli(engine, [
    'create',
    '--name',
    builder,
    TEST_IMAGE,
    'sh',
    '-c',
    `echo service > ${SERVICE_MARKER}`,
  ]);
  await engineCli(engine, ['start', '--attach', builder]);
  await engineCli(engine, ['commit', '--change', `CMD ["sh", "-c", "${SERVE}"]`, builder, image]);
  await engineCli(engine, ['rm', '--force', builder]);
  return image;
}

export async function removeServiceImage(engine: ContainerEngineKind, image: string): Promise<void> {
  await execa(engine, ['rmi', '--force', image], { env: clientEnv(), extendEnv: false, reject: false });
}

/** `engine inspect` of one container, parsed. */
export async function inspect(
  engine: ContainerEngineKind,
  name: string,
): Promise<Record<string, Record<string, unknown>>> {
  const { stdout } = await engineCli(engine, ['inspect', name]);
  return (JSON.parse(stdout) as Record<string, Record<string, unknown>>[])[0]!;
}

/** Names of the containers of a job (running or not), by label. */
export async function namedContainersOfJob(engine: ContainerEngineKind, jobId: number): Promise<string[]> {
  const args = ['ps', '-a', '--filter', `label=shithub.job=${jobId}`, '--format', '{{.Names}}'];
  const { stdout } = await engineCli(engine, args);
  return stdout.split('\n').filter((line) => line.trim() !== '');
}

/** Whether the job network of `jobId` exists. */
export async function jobNetworkExists(engine: ContainerEngineKind, jobId: number): Promise<boolean> {
  const result = await execa(engine, ['network', 'inspect', `shithub-job-${jobId}`], {
    env: clientEnv(),
    extendEnv: false,
    reject: false,
  });
  return result.exitCode === 0;
}
