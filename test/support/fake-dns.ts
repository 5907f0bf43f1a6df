/**
 * A tiny DNS world for the egress resolver's tests: a fake upstream (UDP and TCP on
 * loopback) answering from a table and recording every name it was asked, and a client that
 * asks one question over either transport.
 */
import { createSocket } from 'node:dgram';
import { type AddressInfo, connect, createServer } from 'node:net';
import dnsPacket, { type Answer, type DecodedPacket, type RecordType } from 'dns-packet';
import { frame } from '../../src/adapters/dns/dns-upstream.js';

/** Answers by lower-cased name; a name not in the table gets NXDOMAIN. */
export type UpstreamTable = Record<string, Answer[]>;

export async function startFakeUpstream(table: UpstreamTable) {
  const asked: string[] = [];
  const respond = (message: Buffer): Buffer => {
    const query = dnsPacket.decode(message);
    const question = query.questions?.[0];
    asked.push(question?.name ?? '');
    const answers = question ? table[question.name.toLowerCase()] : undefined;
    return dnsPacket.encode({
      type: 'response',
      id: query.id,
      flags: dnsPacket.RECURSION_AVAILABLE | (answers ? 0 : 3),
      questions: query.questions,
      answers: answers ?? [],
    });
  };
  const tcp = createServer((socket) => {
    socket.on('error', () => socket.destroy());
    socket.on('data', (data: Buffer) => socket.write(frame(respond(data.subarray(2)))));
  });
  await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
  const port = (tcp.address() as AddressInfo).port;
  const udp = createSocket('udp4');
  udp.on('message', (message, from) => udp.send(respond(message), from.port, from.address));
  await new Promise<void>((resolve) => udp.bind(port, '127.0.0.1', resolve));
  return {
    upstream: { host: '127.0.0.1', port },
    asked,
    async close() {
      await new Promise<void>((resolve) => udp.close(() => resolve()));
      await new Promise<void>((resolve) => tcp.close(() => resolve()));
    },
  };
}

/** A UDP socket that takes queries and never answers (an upstream that is down). */
export async function startSilentUpstream() {
  const udp = createSocket('udp4');
  await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
  return {
    upstream: { host: '127.0.0.1', port: udp.address().port },
    close: () => new Promise<void>((resolve) => udp.close(() => resolve())),
  };
}

export function queryBytes(name: string, type: RecordType = 'A', id = 4242): Buffer {
  return dnsPacket.encode({
    type: 'query',
    id,
    flags: dnsPacket.RECURSION_DESIRED,
    questions: [{ type, name, class: 'IN' }],
  });
}

/** Sends raw bytes over UDP and resolves with the answer, or null after `waitMs`. */
export function sendUdp(port: number, bytes: Buffer, waitMs = 3000): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    const timer = setTimeout(() => done(null), waitMs);
    const done = (answer: Buffer | null) => {
      clearTimeout(timer);
      socket.close();
      resolve(answer);
    };
    socket.on('message', (message) => done(message));
    socket.send(bytes, port, '127.0.0.1');
  });
}

/** Sends one framed message over a new TCP connection and resolves with the framed answer. */
export function sendTcp(port: number, bytes: Buffer): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let received = Buffer.alloc(0);
    socket.on('error', () => resolve(null));
    socket.on('close', () => resolve(null));
    socket.on('connect', () => socket.write(frame(bytes)));
    socket.on('data', (data: Buffer) => {
      received = Buffer.concat([received, data]);
      if (received.length >= 2 && received.length >= 2 + received.readUInt16BE(0)) {
        resolve(received.subarray(2, 2 + received.readUInt16BE(0)));
        socket.destroy();
      }
    });
  });
}

/** Asks `name` over `transport`; the decoded answer. */
export async function ask(
  port: number,
  name: string,
  transport: 'udp' | 'tcp',
  type: RecordType = 'A',
): Promise<DecodedPacket & { rcode?: string }> {
  const bytes = queryBytes(name, type);
  const answer = transport === 'udp' ? await sendUdp(port, bytes) : await sendTcp(port, bytes);
  if (!answer) throw new Error(`no answer for ${name} over ${transport}`);
  return dnsPacket.decode(answer);
}

/** An A record for the fake upstream's table. */
export const a = (name: string, address: string, ttl = 60): Answer => ({
  type: 'A',
  name,
  ttl,
  data: address,
});
