/** The `artifacts.*` keys (issue #10 item 3): sizes with a binary unit, days, defaults. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadServerConfig } from '../../src/apps/shithubd/config.js';

const dir = mkdtempSync(join(tmpdir(), 'artifact-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const load = (env: Record<string, string>) => loadServerConfig({ env, cwd: dir, dataDirFlag: dir });

describe('artifact configuration', () => {
  it('defaults to 2 GiB artifacts kept 90 days', () => {
    expect(load({}).artifacts).toEqual({ maxBytes: 2 * 2 ** 30, retentionDays: 90 });
  });

  it.each([
    ['512m', 512 * 2 ** 20],
    ['1M', 2 ** 20],
    ['3g', 3 * 2 ** 30],
    ['1t', 2 ** 40],
    ['4096k', 4 * 2 ** 20],
  ])('reads max_size %s as %i bytes', (size, bytes) => {
    expect(load({ SHITHUB_ARTIFACTS__MAX_SIZE: size }).artifacts.maxBytes).toBe(bytes);
  });

  it.each([
    ['512', 'must be a size like 512m, 2g or 1t'],
    ['1.5g', 'must be a size like 512m, 2g or 1t'],
    ['100k', 'must be at least 1m'],
  ])('refuses max_size %s', (size, rule) => {
    expect(() => load({ SHITHUB_ARTIFACTS__MAX_SIZE: size })).toThrow(rule);
  });

  it('takes retention days from 1 to 36500', () => {
    expect(load({ SHITHUB_ARTIFACTS__RETENTION_DAYS: '7' }).artifacts.retentionDays).toBe(7);
    expect(() => load({ SHITHUB_ARTIFACTS__RETENTION_DAYS: '0' })).toThrow(
      'must be an integer from 1 to 36500',
    );
  });
});
