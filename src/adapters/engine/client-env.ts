/** What a step or service may not put in the engine client's environment (shared by both adapters' users). */
import { invalid } from '../../domain/errors.js';

/**
 * Names a step may not set: the engine client reads them itself (where its daemon is, which
 * credential helpers to run, which libraries to load), so a step setting them would steer
 * the runner host, not its container.
 */
const CLIENT_ENV =
  /^(PATH|HOME|TMPDIR|LD_[A-Z0-9_]*|DOCKER_[A-Z0-9_]*|CONTAINERS?_[A-Z0-9_]*|PODMAN_[A-Z0-9_]*|BUILDAH_[A-Z0-9_]*|REGISTRY_AUTH_FILE|XDG_[A-Z0-9_]*|STORAGE_[A-Z0-9_]*)$/;

/** Throws invalid `step.env_name_reserved` naming every such name of `env`. */
export function refuseClientEnv(engine: string, env: Record<string, string>): void {
  const reserved = Object.keys(env).filter((name) => CLIENT_ENV.test(name));
  if (reserved.length > 0) {
    throw invalid(
      'step.env_name_reserved',
      `env ${reserved.join(', ')} cannot be set on the ${engine} engine (the engine client reads it on the runner host)`,
    );
  }
}
