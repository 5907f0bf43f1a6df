/**
 * The egress resolver fed malformed messages (issue #14: ≥ 2,000 without a crash): random
 * bytes and mutated real queries, first straight into `answer` (which must never throw and
 * only ever return a decodable DNS message or nothing), then over real UDP and TCP sockets,
 * after which the server must still answer a good query on both.
 */

import { connect } from 'node:net';
import dnsPacket from 'dns-packet';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frame } from '../../../src/adapters/dns/dns-upstream.js';
import { EgressDnsServer } from '../../../src/adapters/dns/egress-dns-server.js';
import { compileAllowlist } from '../../../src/domain/egress/egress-allowlist.js';
import { RecordingLog } from '../../support/agent/fake-host.js';
import { a, ask, queryBytes, sendUdp, startFakeUpstream } from '../../support/fake-dns.js';

const RUNS = 2500;
const SEEDS = ['github.com', 'x.githubusercontent.com', 'evil.example', 'GitHub.com.'].map((name) =>
  queryBytes(name),
);

/** Random bytes, or a real query with bytes flipped, cut short or extended. */
const malformed = fc.oneof(
  fc.uint8Array({ minLength: 0, maxLength: 600 }).map((bytes) => Buffer.from(bytes)),
  fc
    .tuple(
      fc.constantFrom(...SEEDS),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
      fc.nat(),
      fc.uint8Array({ maxLength: 40 }),
    )
    .map(([seed, flips, cut, tail]) => {
      const bytes = Buffer.from(seed);
      for (const [at, value] of flips) bytes[at % bytes.length] = value;
      return Buffer.concat([bytes.subarray(0, cut % (bytes.length + 1)), tail]);
    }),
);

describe('egress-dns resolver under malformed input', () => {
  let upstream: Awaited<ReturnType<typeof startFakeUpstream>>;
  let server: EgressDnsServer;
  let port: number;
  const log = new RecordingLog();

  beforeAll(async () => {
    upstream = await startFakeUpstream({ 'github.com': [a('github.com', '140.82.112.3')] });
    server = new EgressDnsServer({
      listen: { host: '127.0.0.1', port: 0 },
      allowlist: compileAllowlist(['github.com', '*.githubusercontent.com']),
      upstreams: [upstream.upstream],
      timeoutMs: 500,
      addresses: { admit: async () => undefined },
      log,
    });
    port = (await server.start()).port;
  });
  afterAll(async () => {
    await server.close();
    await upstream.close();
  });

  it(`answers ${RUNS} malformed messages with a DNS message or nothing, never a throw`, async () => {
    await fc.assert(
      fc.asyncProperty(
        malformed,
        fc.constantFrom('udp' as const, 'tcp' as const),
        async (bytes, transport) => {
          const answer = await server.answer(bytes, transport);
          if (answer !== null) expect(() => dnsPacket.decode(answer)).not.toThrow();
        },
      ),
      { numRuns: RUNS },
    );
  }, 60_000);

  it(`survives ${RUNS} malformed datagrams and ${RUNS} malformed TCP frames, then still answers`, async () => {
    const samples = fc.sample(malformed, { numRuns: RUNS, seed: 14 });
    // A generous wait: on a loaded host 2,500 datagrams at once take more than a second to answer.
    const udpAnswers = await Promise.all(samples.map((bytes) => sendUdp(port, bytes, 5000)));
    expect(udpAnswers.filter((x) => x !== null).length).toBeGreaterThan(0);
    // Ten connections, each sent a stream of frames (some empty, which ends the connection).
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        streamFrames(port, samples.slice((i * RUNS) / 10, ((i + 1) * RUNS) / 10)),
      ),
    );
    for (const transport of ['udp', 'tcp'] as const) {
      expect((await ask(port, 'github.com', transport)).rcode).toBe('NOERROR');
    }
  }, 60_000);
});

/** Writes every sample as a frame on one connection and waits until the server is done with it. */
function streamFrames(port: number, samples: Buffer[]): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.on('error', () => resolve());
    socket.on('close', () => resolve());
    socket.on('data', () => undefined);
    socket.on('connect', () => {
      socket.end(Buffer.concat(samples.map((bytes) => frame(bytes))));
      setTimeout(() => socket.destroy(), 3000);
    });
  });
}
