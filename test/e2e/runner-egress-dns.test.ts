/**
 * `shithubd-runner egress-dns` as a process, the way the Ansible role's unit runs it: flags,
 * a fake upstream on loopback, the nft set file and its hook, SIGTERM. Bad flags exit 2.
 */
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { a, ask, startFakeUpstream } from '../support/fake-dns.js';

const BIN = resolve(import.meta.dirname, '../../bin/shithubd-runner.js');
const run = (args: string[]) =>
  execa(process.execPath, [BIN, 'egress-dns', ...args], {
    env: { PATH: process.env.PATH ?? '' },
    extendEnv: false,
    reject: false,
  });

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  await new Promise<void>((done) => server.close(() => done()));
  return typeof address === 'object' && address ? address.port : 0;
}

describe('shithubd-runner egress-dns', () => {
  it('answers allowlisted names, refuses others, feeds the set file to its hook, and exits 0 on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'egress-dns-'));
    const hook = join(dir, 'apply.sh');
    writeFileSync(hook, `#!/bin/sh\ncp "$1" "${dir}/applied.nft"\n`);
    chmodSync(hook, 0o755);
    const upstream = await startFakeUpstream({ 'github.com': [a('github.com', '140.82.112.3', 120)] });
    const port = await freePort();
    const child = execa(
      process.execPath,
      [
        BIN,
        'egress-dns',
        '--listen',
        `127.0.0.1:${port}`,
        '--allowlist',
        'github.com,*.githubusercontent.com',
        '--upstream',
        `${upstream.upstream.host}:${upstream.upstream.port}`,
        '--set-file',
        join(dir, 'allowed.nft'),
        '--on-update',
        hook,
      ],
      { env: { PATH: process.env.PATH ?? '' }, extendEnv: false, reject: false },
    );
    try {
      let stderr = '';
      child.stderr?.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      await expect.poll(() => stderr, { timeout: 15_000 }).toContain('egress-dns listening');
      expect((await ask(port, 'github.com', 'udp')).answers?.[0]).toMatchObject({ data: '140.82.112.3' });
      expect((await ask(port, 'github.com', 'tcp')).rcode).toBe('NOERROR');
      expect((await ask(port, 'evil.example', 'udp')).rcode).toBe('REFUSED');
      expect(readFileSync(join(dir, 'applied.nft'), 'utf8')).toContain(
        'add element inet shithub_actions egress_v4 { 140.82.112.3 timeout 120s }',
      );
      await expect.poll(() => stderr).toContain('"name":"evil.example"');
      child.kill('SIGTERM');
      expect((await child).exitCode).toBe(0);
    } finally {
      child.kill('SIGKILL');
      await upstream.close();
    }
  });

  it.each([
    [['--allowlist', 'GitHub.com'], "--allowlist: 'GitHub.com': every entry must be a lower-case host name"],
    [['--upstream', 'dns.example'], "--upstream: 'dns.example' must be an IP address"],
    [['--listen', 'gateway:53'], "--listen: 'gateway:53' must be an IP address and port"],
    [['--timeout', 'soon'], "--timeout: 'soon' must be a positive duration"],
  ])('exits 2 naming the flag for %j', async (args, message) => {
    const result = await run(args);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(message);
  });
});
