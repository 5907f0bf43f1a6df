/**
 * A job's `container:` and `services:` as the runner runs them (SPEC §13): their templates
 * evaluated with the job's contexts (`github`, `matrix`, `needs`, `vars`, `env`, `secrets`, …),
 * then checked — an image outside `engine.allowed_images`, an `options:` flag outside the
 * allowlist (`container-options.ts`), `volumes:` or `credentials:` refuse the job with a
 * message; so does the host engine, which has no containers. An image that evaluates to ''
 * means no container (or no such service), as on GitHub. `ports:` are not published: steps
 * reach a service by its name on the service's own port.
 */

import type { ContainerLimits, ServiceSpec, StepContainer } from '../../ports/job-services.js';
import type { AssignedJob } from '../../ports/model/assignment.js';
import type { ContainerSpec } from '../../ports/model/run.js';
import { isDomainError } from '../errors.js';
import {
  type ContainerOptions,
  type ContainerUse,
  type HealthCheck,
  parseContainerOptions,
} from '../workflows/container-options.js';
import type { ExpressionContext } from '../workflows/expressions/evaluate.js';
import { interpolate } from '../workflows/expressions/template.js';
import { isImageAllowed } from './image-allowlist.js';

/** What the operator allows (`engine.allowed_images`; absent: any image). */
export interface JobContainerPolicy {
  allowedImages: readonly string[];
}

export interface PreparedService extends ServiceSpec {
  health: HealthCheck | null;
}

export type JobContainerPlan =
  | { kind: 'none' }
  | { kind: 'refused'; message: string }
  | {
      kind: 'ready';
      /** The job container steps run in; null: the runner's default image. */
      container: StepContainer | null;
      /** The job container's `env:` (under the job's and steps' own). */
      containerEnv: Record<string, string>;
      services: PreparedService[];
    };

/** Evaluates and checks the job's containers; `hasServices` is false on the host engine. */
export function planJobContainers(
  job: AssignedJob,
  context: ExpressionContext,
  input: { policy?: JobContainerPolicy; hasServices: boolean },
): JobContainerPlan {
  const services = Object.entries(job.services ?? {});
  if ((job.container ?? null) === null && services.length === 0) return { kind: 'none' };
  if (!input.hasServices)
    return refuse(
      'this runner uses the host engine, which runs no containers: a job with container: or services: needs a docker or podman runner',
    );
  try {
    const container = job.container ? evaluate(job.container, 'container', context, input.policy) : null;
    const prepared: PreparedService[] = [];
    for (const [name, spec] of services) {
      const service = evaluate(spec, 'service', context, input.policy, name);
      if (service !== null)
        prepared.push({
          name,
          image: service.image,
          env: service.env,
          limits: limitsOf(service.options),
          health: service.options.health,
        });
    }
    return {
      kind: 'ready',
      container: container && { image: container.image, limits: limitsOf(container.options) },
      containerEnv: container?.env ?? {},
      services: prepared,
    };
  } catch (err) {
    if (err instanceof Refusal) return refuse(err.message);
    if (isDomainError(err)) return refuse(`container: ${err.message}`);
    throw err;
  }
}

class Refusal extends Error {}

interface Evaluated {
  image: string;
  env: Record<string, string>;
  options: ContainerOptions;
}

/** One container's values, or null when its image evaluates to ''. Throws Refusal or DomainError. */
function evaluate(
  spec: ContainerSpec,
  use: ContainerUse,
  context: ExpressionContext,
  policy: JobContainerPolicy | undefined,
  name?: string,
): Evaluated | null {
  const what = use === 'service' ? `service ${name}` : 'the job container';
  const image = interpolate(spec.image, context).trim();
  if (image === '') return null;
  if (spec.volumes.length > 0)
    throw new Refusal(`${what}: volumes are not supported (steps share only the workspace)`);
  if (spec.credentials !== null)
    throw new Refusal(
      `${what}: registry credentials are not supported in workflows: log the runner's engine in to the registry (docker login) and remove credentials:`,
    );
  if (policy && !isImageAllowed(policy.allowedImages, image))
    throw new Refusal(
      `${what}: the image '${image}' is not allowed on this runner (engine.allowed_images: ${policy.allowedImages.join(', ')})`,
    );
  const options = parseContainerOptions(
    spec.options === null ? null : interpolate(spec.options, context),
    use,
  );
  if (!options.ok) throw new Refusal(`${what}: ${options.message}`);
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(spec.env))
    Object.defineProperty(env, key, {
      value: interpolate(value, context),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return { image, env, options: options.options };
}

function limitsOf(options: ContainerOptions): ContainerLimits {
  const limits: ContainerLimits = {};
  if (options.cpus !== null) limits.cpus = options.cpus;
  if (options.memory !== null) limits.memory = options.memory;
  if (options.shmSize !== null) limits.shmSize = options.shmSize;
  if (options.hostname !== null) limits.hostname = options.hostname;
  return limits;
}

function refuse(message: string): JobContainerPlan {
  return { kind: 'refused', message };
}
