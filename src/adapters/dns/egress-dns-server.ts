/**
 * `shithubd-runner egress-dns`: the DNS server step containers use (on the `shithub-actions`
 * gateway, 172.30.0.1:53), over UDP and TCP. It answers only allowlisted names
 * (`domain/egress/egress-allowlist.ts`) by asking an upstream, admits the addresses it
 * answered to the firewall's sets before it replies, and refuses everything else
 * (`dns-messages.ts`). No message, however malformed, may end the process: every socket has
 * an error handler and every message is handled inside one catch.
 */
import { randomInt } from 'node:crypto';
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { type AddressInfo, createServer, isIP, type Server, type Socket as TcpSocket } from 'node:net';
import type { EgressAllowlist } from '../../domain/egress/egress-allowlist.js';
import type { RunnerLog } from '../../ports/runner-log.js';
import { classifyQuery, relayAnswer, serverFailure } from './dns-messages.js';
import { askUpstream, frame, type Upstream } from './dns-upstream.js';
import type { AddressSink } from './nft-address-set.js';

export interface EgressDnsOptions {
  /** Port 0 picks a free port (the same for UDP and TCP). */
  listen: { host: string; port: number };
  allowlist: EgressAllowlist;
  /** Asked in order until one answers. */
  upstreams: readonly Upstream[];
  /** Per upstream attempt. */
  timeoutMs: number;
  addresses: AddressSink;
  log: RunnerLog;
}

/** A TCP client idle this long is disconnected (RFC 7766 suggests seconds, not minutes). */
const TCP_IDLE_MS = 10_000;
/** Queries one TCP connection may have in flight; a client past it is disconnected. */
const MAX_TCP_IN_FLIGHT = 32;

export class EgressDnsServer {
  private udp: Socket | undefined;
  private tcp: Server | undefined;
  private readonly clients = new Set<TcpSocket>();

  constructor(private readonly options: EgressDnsOptions) {}

  /** Binds TCP, then UDP on the same port; resolves with that address. */
  async start(): Promise<AddressInfo> {
    const { host, port } = this.options.listen;
    const tcp = createServer((socket) => this.serveTcp(socket));
    tcp.on('error', (err) => this.options.log.error('egress-dns tcp server error', { error: err.message }));
    await new Promise<void>((resolve, reject) => {
      tcp.once('error', reject);
      tcp.listen({ host, port }, () => resolve());
    });
    this.tcp = tcp;
    const bound = tcp.address() as AddressInfo;
    const udp = createSocket(isIP(host) === 6 ? 'udp6' : 'udp4');
    udp.on('message', (message, from) => void this.serveUdp(udp, message, from));
    await new Promise<void>((resolve, reject) => {
      udp.once('error', reject);
      udp.bind({ address: host, port: bound.port }, () => resolve());
    });
    udp.on('error', (err) => this.options.log.error('egress-dns udp socket error', { error: err.message }));
    this.udp = udp;
    return bound;
  }

  async close(): Promise<void> {
    for (const client of this.clients) client.destroy();
    await Promise.all([
      new Promise<void>((resolve) => (this.udp ? this.udp.close(() => resolve()) : resolve())),
      new Promise<void>((resolve) => (this.tcp ? this.tcp.close(() => resolve()) : resolve())),
    ]);
  }

  /** The answer to one message, or null to send none. Never throws. */
  async answer(message: Buffer, transport: 'udp' | 'tcp'): Promise<Buffer | null> {
    const { allowlist, log } = this.options;
    let verdict: ReturnType<typeof classifyQuery>;
    try {
      verdict = classifyQuery(message, allowlist);
    } catch (err) {
      log.warn('egress-dns could not read a message', { error: String(err), transport });
      return null;
    }
    if (verdict.kind === 'drop') return null;
    if (verdict.kind === 'reply') {
      if (verdict.name !== undefined)
        log.info('egress-dns refused', { name: verdict.name, why: verdict.why });
      return verdict.bytes;
    }
    const { query, question } = verdict;
    for (const upstream of this.options.upstreams) {
      const id = randomInt(0, 65_536);
      try {
        const raw = await askUpstream(upstream, verdict.forwardBytes(id), transport, this.options.timeoutMs);
        const relayed = relayAnswer(raw, id, question, query.id ?? 0);
        if (relayed.kind === 'mismatch') throw new Error('upstream answered another question');
        await this.options.addresses.admit(relayed.addresses);
        return relayed.bytes;
      } catch (err) {
        log.warn('egress-dns upstream failed', {
          name: question.name,
          upstream: `${upstream.host}:${upstream.port}`,
          error: err instanceof Error ? err.message : String(err),
        });
      }
    }
    return serverFailure(query);
  }

  private async serveUdp(udp: Socket, message: Buffer, from: RemoteInfo): Promise<void> {
    const answer = await this.answer(message, 'udp');
    if (answer) udp.send(answer, from.port, from.address, () => undefined);
  }

  /** Length-prefixed messages, possibly several per connection, answered as they complete. */
  private serveTcp(socket: TcpSocket): void {
    this.clients.add(socket);
    let pending = Buffer.alloc(0);
    let inFlight = 0;
    socket.setTimeout(TCP_IDLE_MS, () => socket.destroy());
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.clients.delete(socket));
    socket.on('data', (data: Buffer) => {
      pending = Buffer.concat([pending, data]);
      while (pending.length >= 2) {
        const length = pending.readUInt16BE(0);
        if (length === 0 || inFlight >= MAX_TCP_IN_FLIGHT) return void socket.destroy();
        if (pending.length < 2 + length) return;
        const message = Buffer.from(pending.subarray(2, 2 + length));
        pending = pending.subarray(2 + length);
        inFlight += 1;
        void this.answer(message, 'tcp').then((answer) => {
          inFlight -= 1;
          if (answer && !socket.destroyed) socket.write(frame(answer));
        });
      }
    });
  }
}
