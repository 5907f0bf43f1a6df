/**
 * Asks an upstream resolver one question, over UDP or TCP, within a deadline. Each UDP
 * exchange uses a fresh socket (a random source port) and the caller's random id, and only
 * a datagram from the upstream's own address and port is read, so a spoofed answer has to
 * guess both.
 */
import { createSocket } from 'node:dgram';
import { isIP, connect as tcpConnect } from 'node:net';

export interface Upstream {
  host: string;
  port: number;
}

/**
 * `1.1.1.1`, `1.1.1.1:5353`, `[2606:4700::1111]:53` or a bare IPv6 address (port 53 when
 * none is given); undefined unless the host is an IP address and the port is `minPort`..65535.
 */
export function parseHostPort(text: string, minPort = 1): Upstream | undefined {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  const v4 = /^([0-9.]+)(?::(\d+))?$/.exec(text);
  const [host, port] = bracketed ? [bracketed[1], bracketed[2]] : v4 ? [v4[1], v4[2]] : [text, undefined];
  const portNumber = port === undefined ? 53 : Number(port);
  if (
    !host ||
    isIP(host) === 0 ||
    !Number.isInteger(portNumber) ||
    portNumber < minPort ||
    portNumber > 65_535
  ) {
    return undefined;
  }
  return { host, port: portNumber };
}

/** Sends `query` and resolves with the first message back; rejects on timeout or error. */
export function askUpstream(
  upstream: Upstream,
  query: Buffer,
  transport: 'udp' | 'tcp',
  timeoutMs: number,
): Promise<Buffer> {
  return transport === 'udp'
    ? askOverUdp(upstream, query, timeoutMs)
    : askOverTcp(upstream, query, timeoutMs);
}

function askOverUdp(upstream: Upstream, query: Buffer, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = createSocket(isIP(upstream.host) === 6 ? 'udp6' : 'udp4');
    const timer = setTimeout(() => finish(new Error('upstream timed out')), timeoutMs);
    let done = false;
    const finish = (outcome: Buffer | Error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.close();
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    socket.on('error', (err) => finish(err));
    socket.on('message', (message, from) => {
      const sameId = message.length >= 2 && message.readUInt16BE(0) === query.readUInt16BE(0);
      if (from.address === upstream.host && from.port === upstream.port && sameId) finish(message);
    });
    socket.send(query, upstream.port, upstream.host, (err) => {
      if (err) finish(err);
    });
  });
}

function askOverTcp(upstream: Upstream, query: Buffer, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect({ host: upstream.host, port: upstream.port });
    let received = Buffer.alloc(0);
    const timer = setTimeout(() => finish(new Error('upstream timed out')), timeoutMs);
    let done = false;
    const finish = (outcome: Buffer | Error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    socket.on('error', (err) => finish(err));
    socket.on('close', () => finish(new Error('upstream closed the connection')));
    socket.on('connect', () => socket.write(frame(query)));
    socket.on('data', (data: Buffer) => {
      received = Buffer.concat([received, data]);
      if (received.length < 2) return;
      const length = received.readUInt16BE(0);
      if (received.length >= 2 + length) finish(received.subarray(2, 2 + length));
    });
  });
}

/** A DNS message as TCP carries it: a two-byte length, then the message (RFC 1035 §4.2.2). */
export function frame(message: Buffer): Buffer {
  const length = Buffer.alloc(2);
  length.writeUInt16BE(message.length, 0);
  return Buffer.concat([length, message]);
}
