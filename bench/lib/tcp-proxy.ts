/**
 * A loopback TCP proxy for fault injection (`node:net`): every accepted connection is
 * relayed to one target, and the bench can, at any moment,
 *  - `cut()` every open connection (both sockets destroyed, as a reset network would);
 *  - `stall(ms)`: hold every byte in both directions (new connections included) for `ms`,
 *    then deliver it in order — a frozen link or a paused peer;
 *  - `delay(ms)`: add `ms` of latency to every chunk from now on (0 to stop);
 *  - `refuse(true)`: reset new connections at once (a peer that is down).
 * A tap sees each chunk before it is forwarded and may cut the connection there instead
 * (`'cut'`), or forward it first (`'forward-then-cut'`); the fault benches use it to watch
 * HTTP and to stop a runner at an exact protocol point.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

export type TapVerdict = 'forward' | 'cut' | 'forward-then-cut';

export interface ProxyConnection {
  id: number;
  /** Free for the tap's own per-connection state. */
  state: Record<string, unknown>;
}

export interface ProxyTap {
  fromClient?(conn: ProxyConnection, bytes: Buffer): TapVerdict;
  fromServer?(conn: ProxyConnection, bytes: Buffer): TapVerdict;
  /** The connection ended, whichever side closed it. */
  closed?(conn: ProxyConnection): void;
}

interface Leg {
  /** Chunks waiting for their release time (delay or stall), in order. */
  queue: { bytes: Buffer; at: number }[];
  timer: NodeJS.Timeout | null;
  /** The sending side has gone: end the receiving socket once the queue is out. */
  endAfterQueue: boolean;
  /** A tap's forward-then-cut: cut the connection once the queue is out. */
  cutAfterQueue: boolean;
}

interface Relay {
  conn: ProxyConnection;
  client: Socket;
  server: Socket;
  toServer: Leg;
  toClient: Leg;
}

export class TcpProxy {
  private readonly relays = new Set<Relay>();
  private nextId = 1;
  private delayMs = 0;
  private stalledUntil = 0;
  private refusing = false;
  /** Connections accepted so far, and how many were cut by the bench or a tap. */
  readonly counts = { accepted: 0, cut: 0 };

  private constructor(
    private readonly server: Server,
    readonly port: number,
    private readonly target: { host: string; port: number },
    private readonly tap: ProxyTap,
  ) {}

  /** Listens on 127.0.0.1 (`port` 0 picks a free one) and relays to `target`. */
  static async start(opts: {
    target: { host: string; port: number };
    port?: number;
    tap?: ProxyTap;
  }): Promise<TcpProxy> {
    let proxy: TcpProxy | undefined;
    const server = createServer({ noDelay: true }, (socket) => proxy?.accept(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    proxy = new TcpProxy(server, port, opts.target, opts.tap ?? {});
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Open connections now. */
  get open(): number {
    return this.relays.size;
  }

  /** Destroys every open connection; returns how many. */
  cut(): number {
    const n = this.relays.size;
    for (const relay of [...this.relays]) this.drop(relay);
    this.counts.cut += n;
    return n;
  }

  /** Holds all traffic (both ways, new connections too) for `ms`, then delivers it in order. */
  stall(ms: number): void {
    this.stalledUntil = Math.max(this.stalledUntil, Date.now() + ms);
    for (const relay of this.relays) {
      this.pump(relay, relay.toServer, relay.server);
      this.pump(relay, relay.toClient, relay.client);
    }
  }

  /** Latency added to every chunk from now on; 0 removes it. */
  delay(ms: number): void {
    this.delayMs = ms;
  }

  /** While on, new connections are reset as soon as they are accepted. */
  refuse(on: boolean): void {
    this.refusing = on;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    if (this.refusing) {
      client.resetAndDestroy();
      return;
    }
    this.counts.accepted++;
    client.setNoDelay(true);
    const server = connect({ host: this.target.host, port: this.target.port, noDelay: true });
    const leg = (): Leg => ({ queue: [], timer: null, endAfterQueue: false, cutAfterQueue: false });
    const relay: Relay = {
      conn: { id: this.nextId++, state: {} },
      client,
      server,
      toServer: leg(),
      toClient: leg(),
    };
    this.relays.add(relay);
    client.on('data', (bytes: Buffer) =>
      this.carry(relay, relay.toServer, server, bytes, this.tap.fromClient?.(relay.conn, bytes)),
    );
    server.on('data', (bytes: Buffer) =>
      this.carry(relay, relay.toClient, client, bytes, this.tap.fromServer?.(relay.conn, bytes)),
    );
    // One side gone: what it sent is still delivered (in order, after any delay), then the
    // other side is ended too.
    const gone = (leg: Leg) => () => {
      if (!this.relays.has(relay)) return;
      if (leg.queue.length === 0) this.drop(relay);
      else leg.endAfterQueue = true;
    };
    for (const [socket, leg] of [
      [client, relay.toServer],
      [server, relay.toClient],
    ] as const) {
      socket.on('error', () => undefined);
      socket.on('end', gone(leg));
      socket.on('close', gone(leg));
    }
  }

  private carry(relay: Relay, leg: Leg, to: Socket, bytes: Buffer, verdict: TapVerdict = 'forward'): void {
    if (!this.relays.has(relay)) return;
    if (verdict === 'cut') {
      this.counts.cut++;
      this.drop(relay);
      return;
    }
    leg.queue.push({ bytes, at: Date.now() + this.delayMs });
    if (verdict === 'forward-then-cut') {
      this.counts.cut++;
      leg.cutAfterQueue = true;
    }
    this.pump(relay, leg, to);
  }

  /** Writes every chunk whose time has come, in order; re-arms for the next one. */
  private pump(relay: Relay, leg: Leg, to: Socket): void {
    if (leg.timer) {
      clearTimeout(leg.timer);
      leg.timer = null;
    }
    const now = Date.now();
    while (leg.queue.length > 0) {
      const head = leg.queue[0]!;
      const at = Math.max(head.at, this.stalledUntil);
      if (at > now) {
        leg.timer = setTimeout(() => this.pump(relay, leg, to), at - now);
        return;
      }
      leg.queue.shift();
      if (!to.destroyed) to.write(head.bytes);
    }
    if (leg.endAfterQueue || leg.cutAfterQueue) this.drop(relay, to);
  }

  /** Ends the connection: `flush` (if given) is ended after what was written to it, the rest destroyed. */
  private drop(relay: Relay, flush?: Socket): void {
    if (!this.relays.delete(relay)) return;
    for (const leg of [relay.toServer, relay.toClient]) if (leg.timer) clearTimeout(leg.timer);
    for (const socket of [relay.client, relay.server]) {
      if (socket !== flush) socket.destroy();
    }
    if (flush && !flush.destroyed) {
      flush.end();
      setTimeout(() => flush.destroy(), 1000).unref();
    }
    this.tap.closed?.(relay.conn);
  }
}
