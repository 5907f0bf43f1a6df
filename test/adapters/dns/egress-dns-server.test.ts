/**
 * The egress resolver on loopback against a fake upstream (issue #14 "done when"): allowed
 * names answered over UDP and TCP and their addresses admitted, everything else REFUSED
 * without asking upstream, SERVFAIL when upstream is down or the firewall update fails.
 */
import type { AddressInfo } from 'node:net';
import dnsPacket from 'dns-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdmittedAddress } from '../../../src/adapters/dns/dns-messages.js';
import { EgressDnsServer } from '../../../src/adapters/dns/egress-dns-server.js';
import type { AddressSink } from '../../../src/adapters/dns/nft-address-set.js';
import { DEFAULT_ALLOWLIST } from '../../../src/apps/shithubd-runner/config.js';
import { compileAllowlist } from '../../../src/domain/egress/egress-allowlist.js';
import { RecordingLog } from '../../support/agent/fake-host.js';
import { a, ask, sendUdp, startFakeUpstream, startSilentUpstream } from '../../support/fake-dns.js';

class RecordingSink implements AddressSink {
  admitted: AdmittedAddress[] = [];
  failing = false;
  async admit(addresses: readonly AdmittedAddress[]): Promise<void> {
    if (this.failing) throw new Error('nft said no');
    this.admitted.push(...addresses);
  }
}

const TABLE = {
  'github.com': [a('github.com', '140.82.112.3', 60)],
  'x.githubusercontent.com': [
    { type: 'CNAME' as const, name: 'x.githubusercontent.com', ttl: 300, data: 'cdn.example.net' },
    a('cdn.example.net', '185.199.108.133', 20),
  ],
  'metadata.githubusercontent.com': [a('metadata.githubusercontent.com', '169.254.169.254', 60)],
  'api.github.com': [{ type: 'AAAA' as const, name: 'api.github.com', ttl: 90, data: '2606:50c0:8000::154' }],
};

describe('egress-dns resolver on loopback', () => {
  let upstream: Awaited<ReturnType<typeof startFakeUpstream>>;
  let server: EgressDnsServer;
  let port: number;
  const sink = new RecordingSink();

  beforeAll(async () => {
    upstream = await startFakeUpstream(TABLE);
    server = new EgressDnsServer({
      listen: { host: '127.0.0.1', port: 0 },
      allowlist: compileAllowlist(DEFAULT_ALLOWLIST),
      upstreams: [upstream.upstream],
      timeoutMs: 2000,
      addresses: sink,
      log: new RecordingLog(),
    });
    port = ((await server.start()) as AddressInfo).port;
  });
  afterAll(async () => {
    await server.close();
    await upstream.close();
  });

  it.each(['udp', 'tcp'] as const)(
    'answers an allowlisted name from the upstream over %s',
    async (transport) => {
      const answer = await ask(port, 'github.com', transport);
      expect(answer).toMatchObject({ type: 'response', id: 4242, rcode: 'NOERROR' });
      expect(answer.answers).toEqual([expect.objectContaining({ type: 'A', data: '140.82.112.3' })]);
      expect(sink.admitted).toContainEqual({ address: '140.82.112.3', family: 4, ttlSeconds: 60 });
    },
  );

  it.each(['udp', 'tcp'] as const)(
    'answers a wildcard subdomain and admits its CNAME target over %s',
    async (transport) => {
      const answer = await ask(port, 'x.githubusercontent.com', transport);
      expect(answer.rcode).toBe('NOERROR');
      expect(sink.admitted).toContainEqual({ address: '185.199.108.133', family: 4, ttlSeconds: 20 });
    },
  );

  it('answers whatever the case and with the root dot, and admits AAAA addresses', async () => {
    expect((await ask(port, 'GitHub.COM.', 'udp')).rcode).toBe('NOERROR');
    expect((await ask(port, 'api.github.com', 'udp', 'AAAA')).rcode).toBe('NOERROR');
    expect(sink.admitted).toContainEqual({ address: '2606:50c0:8000::154', family: 6, ttlSeconds: 90 });
  });

  it.each([
    ['an unlisted name', 'evil.example'],
    ['a look-alike ending in another domain', 'githubusercontent.com.evil.test'],
    ['an exact entry used as a prefix', 'github.com.evil.test'],
    ['the parent of a wildcard', 'githubusercontent.com'],
    ['a subdomain of an exact entry', 'www.github.com'],
  ])('refuses %s over UDP and TCP without asking upstream', async (_name, name) => {
    for (const transport of ['udp', 'tcp'] as const) {
      const answer = await ask(port, name, transport);
      expect(answer).toMatchObject({ type: 'response', id: 4242, rcode: 'REFUSED', answers: [] });
    }
    expect(upstream.asked.map((n) => n.toLowerCase())).not.toContain(name);
  });

  it('answers a name resolving to a link-local address but never admits that address', async () => {
    const answer = await ask(port, 'metadata.githubusercontent.com', 'udp');
    expect(answer.answers?.[0]).toMatchObject({ data: '169.254.169.254' });
    expect(sink.admitted.map((x) => x.address)).not.toContain('169.254.169.254');
  });

  it('answers SERVFAIL, admitting nothing, when the firewall update fails', async () => {
    sink.failing = true;
    try {
      expect((await ask(port, 'github.com', 'udp')).rcode).toBe('SERVFAIL');
    } finally {
      sink.failing = false;
    }
  });

  it('refuses zone transfers and other classes, and answers NOTIMP to other opcodes', async () => {
    expect((await ask(port, 'github.com', 'tcp', 'AXFR')).rcode).toBe('REFUSED');
    const notify = dnsPacket.encode({ type: 'query', id: 7, questions: [{ type: 'A', name: 'github.com' }] });
    notify[2] = (notify[2]! & 0x87) | (4 << 3); // opcode 4, NOTIFY
    const answer = await sendUdp(port, notify);
    expect(answer && answer[3]! & 0x0f).toBe(4);
  });
});

describe('egress-dns resolver with its upstream down', () => {
  it('answers SERVFAIL after the timeout, trying each upstream in turn', async () => {
    const silent = await startSilentUpstream();
    const server = new EgressDnsServer({
      listen: { host: '127.0.0.1', port: 0 },
      allowlist: compileAllowlist(['github.com']),
      upstreams: [silent.upstream, silent.upstream],
      timeoutMs: 150,
      addresses: new RecordingSink(),
      log: new RecordingLog(),
    });
    const { port } = await server.start();
    try {
      const t0 = Date.now();
      expect((await ask(port, 'github.com', 'udp')).rcode).toBe('SERVFAIL');
      expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    } finally {
      await server.close();
      await silent.close();
    }
  });
});
