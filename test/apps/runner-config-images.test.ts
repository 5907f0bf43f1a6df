/** Runner config `engine.allowed_images` (issue #11 item 5): default any, from TOML, env and flag, checked. */
import { describe, expect, it } from 'vitest';
import { loadRunnerConfig } from '../../src/apps/shithubd-runner/config.js';

const load = (opts: { flags?: Record<string, unknown>; env?: Record<string, string> }) =>
  loadRunnerConfig({
    flags: { token: 't', seccompProfile: 'unconfined', ...opts.flags },
    env: opts.env ?? {},
    cwd: '/srv',
    fileExists: () => false,
  });

describe('engine.allowed_images', () => {
  it('allows any image by default', () => {
    expect(load({}).engine.allowedImages).toEqual(['*']);
  });

  it('reads a CSV list from the environment and the flag (the flag wins)', () => {
    const env = { SHITHUB_RUNNER_ENGINE__ALLOWED_IMAGES: 'docker.io/library/*, ghcr.io/acme/*' };
    expect(load({ env }).engine.allowedImages).toEqual(['docker.io/library/*', 'ghcr.io/acme/*']);
    expect(load({ env, flags: { allowedImages: 'redis:7' } }).engine.allowedImages).toEqual(['redis:7']);
  });

  it.each([
    ['', 'engine.allowed_images: needs at least one pattern ("*" allows any image)'],
    ['bad pattern', 'every pattern must be an image reference'],
  ])('refuses %j, naming the key', (value, message) => {
    expect(() => load({ flags: { allowedImages: value } })).toThrow(message);
  });
});
