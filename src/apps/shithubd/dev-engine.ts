/**
 * Which engine `shithubd dev` runs the demo's steps on (SPEC §2.1): Docker or Podman when one
 * answers and has the step image — pulled first, each progress line shown — else the host
 * engine. A failed pull is said in one line and falls back to the host: a quick start that
 * cannot fetch `ubuntu:24.04` still goes green, with the host engine's warning.
 */
import { execa } from 'execa';
import { detectContainerEngine } from '../../adapters/engine/docker-podman.js';

/** The dev image: a published image that matches `runs-on: ubuntu-latest`. */
export const DEV_IMAGE = 'ubuntu:24.04';

/**
 * The engine for the demo: SHITHUB_RUNNER_ENGINE__KIND when set; else docker or podman when
 * one answers and has the image (pulled now, its progress shown); else host.
 */
export async function chooseEngine(io: {
  env: Record<string, string | undefined>;
  stdout: (text: string) => void;
  image: string;
}): Promise<{ engine: 'docker' | 'podman' | 'host'; pullFailed: boolean }> {
  const { image } = io;
  const forced = io.env.SHITHUB_RUNNER_ENGINE__KIND;
  if (forced === 'docker' || forced === 'podman' || forced === 'host')
    return { engine: forced, pullFailed: false };
  const env = clientEnv(io.env);
  const kind = await detectContainerEngine(env);
  if (!kind) return { engine: 'host', pullFailed: false };
  const failure = await ensureImage(kind, image, env, io.stdout);
  if (failure === null) return { engine: kind, pullFailed: false };
  io.stdout(`could not pull ${image} with ${kind} (${failure}): falling back to the host engine\n`);
  return { engine: 'host', pullFailed: true };
}

function clientEnv(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    (['PATH', 'HOME', 'DOCKER_HOST', 'CONTAINER_HOST', 'XDG_RUNTIME_DIR'] as const).flatMap((name) => {
      const value = env[name];
      return value === undefined ? [] : [[name, value]];
    }),
  );
}

/**
 * Makes sure the engine has `image`: a local one is used as is, else it is pulled with each
 * line of the engine's progress shown. Null when ready, else the last line of the failure.
 */
async function ensureImage(
  kind: 'docker' | 'podman',
  image: string,
  env: Record<string, string>,
  stdout: (text: string) => void,
): Promise<string | null> {
  const options = { env, extendEnv: false, reject: false } as const;
  const present = await execa(kind, ['image', 'inspect', image], options);
  if (present.exitCode === 0) return null;
  stdout(`pulling ${image} with ${kind} (set SHITHUB_DEV_IMAGE or --image to use another image)\n`);
  const pull = execa(kind, ['pull', image], { ...options, all: true, timeout: 15 * 60_000 });
  let partial = '';
  pull.all?.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString('utf8')).split(/\r?\n|\r/);
    partial = lines.pop() ?? '';
    for (const line of lines) if (line.trim() !== '') stdout(`  ${line.trim()}\n`);
  });
  const done = await pull;
  if (partial.trim() !== '') stdout(`  ${partial.trim()}\n`);
  if (done.exitCode === 0) return null;
  const lines = String(done.all ?? '')
    .trim()
    .split('\n');
  return lines.at(-1)?.trim() || (done.timedOut ? 'timed out' : `exit ${done.exitCode}`);
}
