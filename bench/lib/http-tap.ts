/**
 * Watching HTTP/1.1 on a TCP stream without taking part in it: an incremental parser that
 * is fed the bytes of one direction of a connection (as the loopback proxy forwards them)
 * and hands back every message completed by those bytes — start line, headers and body
 * (Content-Length, chunked, or none for 1xx/204/304). Enough for what the fault benches
 * look at (runner API calls, git smart HTTP); it is an observer, so a malformed stream only
 * stops the observation (`broken`), never the traffic.
 */

export interface HttpMessage {
  /** `POST /api/v1/runners/heartbeat HTTP/1.1` or `HTTP/1.1 200 OK`. */
  startLine: string;
  /** Requests. */
  method: string;
  path: string;
  /** Responses; 0 for requests. */
  status: number;
  /** Lower-cased names. */
  headers: Map<string, string>;
  body: Buffer;
}

const CRLF2 = Buffer.from('\r\n\r\n');
const CRLF = Buffer.from('\r\n');

export class HttpStreamParser {
  private buffer: Buffer = Buffer.alloc(0);
  private head: Omit<HttpMessage, 'body'> | null = null;
  private bodyLeft = 0;
  private chunked = false;
  private bodyParts: Buffer[] = [];
  /** Set when the stream stopped looking like HTTP/1.1: nothing more is parsed. */
  broken = false;

  constructor(private readonly kind: 'request' | 'response') {}

  /** Feeds bytes of this direction; returns the messages they completed, in order. */
  push(bytes: Buffer): HttpMessage[] {
    if (this.broken) return [];
    this.buffer = this.buffer.length === 0 ? bytes : Buffer.concat([this.buffer, bytes]);
    const done: HttpMessage[] = [];
    try {
      for (;;) {
        const message = this.step();
        if (message === 'more') break;
        if (message) done.push(message);
      }
    } catch {
      this.broken = true;
    }
    return done;
  }

  /** One parsing step: a completed message, null (progress, go on) or 'more' (need bytes). */
  private step(): HttpMessage | null | 'more' {
    if (!this.head) return this.readHead();
    if (this.chunked) return this.readChunk();
    if (this.buffer.length === 0 && this.bodyLeft > 0) return 'more';
    const take = Math.min(this.bodyLeft, this.buffer.length);
    this.bodyParts.push(this.buffer.subarray(0, take));
    this.buffer = this.buffer.subarray(take);
    this.bodyLeft -= take;
    return this.bodyLeft === 0 ? this.finish() : 'more';
  }

  private readHead(): HttpMessage | null | 'more' {
    const end = this.buffer.indexOf(CRLF2);
    if (end < 0) {
      if (this.buffer.length > 64 * 1024) throw new Error('header too long');
      return 'more';
    }
    const lines = this.buffer.subarray(0, end).toString('latin1').split('\r\n');
    this.buffer = this.buffer.subarray(end + 4);
    const startLine = lines[0] ?? '';
    const headers = new Map<string, string>();
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    const parts = startLine.split(' ');
    let method = '';
    let path = '';
    let status = 0;
    if (this.kind === 'request') {
      if (!/^[A-Z]+ \S+ HTTP\/1\.[01]$/.test(startLine)) throw new Error(`not a request line: ${startLine}`);
      method = parts[0] ?? '';
      path = parts[1] ?? '';
    } else {
      if (!/^HTTP\/1\.[01] \d{3}/.test(startLine)) throw new Error(`not a status line: ${startLine}`);
      status = Number(parts[1]);
    }
    this.head = { startLine, method, path, status, headers };
    this.chunked = /chunked/i.test(headers.get('transfer-encoding') ?? '');
    const noBody = this.kind === 'response' && (status < 200 || status === 204 || status === 304);
    this.bodyLeft = noBody || this.chunked ? 0 : Number(headers.get('content-length') ?? 0);
    if (!this.chunked && this.bodyLeft === 0) return this.finish();
    return null;
  }

  private readChunk(): HttpMessage | null | 'more' {
    if (this.bodyLeft > 0) {
      // Inside a chunk's data (plus its trailing CRLF, counted in bodyLeft).
      const take = Math.min(this.bodyLeft, this.buffer.length);
      if (take === 0) return 'more';
      this.bodyParts.push(this.buffer.subarray(0, Math.max(0, Math.min(take, this.bodyLeft - 2))));
      this.buffer = this.buffer.subarray(take);
      this.bodyLeft -= take;
      return this.bodyLeft === 0 ? null : 'more';
    }
    const eol = this.buffer.indexOf(CRLF);
    if (eol < 0) return 'more';
    const size = Number.parseInt(this.buffer.subarray(0, eol).toString('latin1'), 16);
    if (!Number.isFinite(size)) throw new Error('bad chunk size');
    if (size === 0) {
      // Last chunk: no trailers in the traffic we watch, so the final CRLF follows.
      if (this.buffer.length < eol + 4) return 'more';
      this.buffer = this.buffer.subarray(eol + 4);
      return this.finish();
    }
    this.buffer = this.buffer.subarray(eol + 2);
    this.bodyLeft = size + 2;
    return null;
  }

  private finish(): HttpMessage {
    const head = this.head!;
    const message = { ...head, body: Buffer.concat(this.bodyParts) };
    this.head = null;
    this.bodyParts = [];
    this.bodyLeft = 0;
    this.chunked = false;
    return message;
  }
}

/**
 * Both directions of one connection, with each response paired to its request (HTTP/1.1
 * answers in order; 1xx answers are interim and pair with nothing).
 */
export class HttpExchangeTap {
  private readonly requests = new HttpStreamParser('request');
  private readonly responses = new HttpStreamParser('response');
  private readonly pending: HttpMessage[] = [];

  /** Client → server bytes: the requests they completed. */
  fromClient(bytes: Buffer): HttpMessage[] {
    const done = this.requests.push(bytes);
    this.pending.push(...done);
    return done;
  }

  /** Server → client bytes: the final responses they completed, each with its request. */
  fromServer(bytes: Buffer): { request: HttpMessage | undefined; response: HttpMessage }[] {
    return this.responses
      .push(bytes)
      .filter((r) => r.status >= 200)
      .map((response) => ({ request: this.pending.shift(), response }));
  }
}

/** The JSON body of a message, or undefined. */
export function jsonBody(message: HttpMessage): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(message.body.toString('utf8')) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The claims of a JWT (no verification: the proxy only needs to know whose call it is). */
export function jwtClaims(token: string): Record<string, unknown> | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** The credential of a request: a Bearer token, or the password of Basic auth (git). */
export function credentialOf(message: HttpMessage): string {
  const auth = message.headers.get('authorization') ?? '';
  if (auth.startsWith('Bearer ')) return auth.slice(7);
  if (auth.startsWith('Basic ')) {
    const decoded = Buffer.from(auth.slice(6), 'base64').toString('utf8');
    return decoded.slice(decoded.indexOf(':') + 1);
  }
  return '';
}
