/**
 * The egress resolver's message rules, pure (no sockets): what to do with a message a step
 * sent, how to answer it here, and which addresses an upstream answer admits. Wire format is
 * `dns-packet`'s; nothing here parses bytes by hand beyond reading a header id.
 *
 * Refusals are REFUSED (rcode 5), not NXDOMAIN: the name may well exist, this resolver just
 * will not look it up; REFUSED says "policy" to a person reading `dig`, and stub resolvers do
 * not cache it as a negative answer that would outlive an allowlist change.
 */
import { BlockList, isIP } from 'node:net';
import dnsPacket, { type DecodedPacket, type Packet, type Question } from 'dns-packet';
import { type EgressAllowlist, isNameAllowed } from '../../domain/egress/egress-allowlist.js';

export const RCODE = { FORMERR: 1, SERVFAIL: 2, NOTIMP: 4, REFUSED: 5 } as const;
type Rcode = (typeof RCODE)[keyof typeof RCODE];

/** What to do with one incoming message. */
export type QueryVerdict =
  /** Not a query we can answer (undecodable, or a response): send nothing. */
  | { kind: 'drop'; why: string }
  /** Answered here (REFUSED, FORMERR, NOTIMP). */
  | { kind: 'reply'; bytes: Buffer; why: string; name?: string }
  /** Allowed: ask upstream with `forwardBytes(id)`, then relay with {@link relayAnswer}. */
  | { kind: 'forward'; query: DecodedPacket; question: Question; forwardBytes: (id: number) => Buffer };

const HEADER_BYTES = 12;
const MAX_UDP_PAYLOAD = 4096;

/** Decides what to do with a message a step sent (UDP datagram or one TCP frame). */
export function classifyQuery(bytes: Buffer, allowlist: EgressAllowlist): QueryVerdict {
  let query: DecodedPacket;
  try {
    query = dnsPacket.decode(bytes);
  } catch {
    // A header that says "query" gets FORMERR so its sender stops waiting; anything else is noise.
    if (bytes.length >= HEADER_BYTES && (bytes[2]! & 0x80) === 0) {
      return { kind: 'reply', bytes: header(bytes.readUInt16BE(0), RCODE.FORMERR), why: 'malformed' };
    }
    return { kind: 'drop', why: 'malformed' };
  }
  if (query.type === 'response') return { kind: 'drop', why: 'not a query' };
  if (opcodeOf(query) !== 'QUERY') return { kind: 'reply', bytes: reply(query, RCODE.NOTIMP), why: 'opcode' };
  const [question, ...more] = query.questions ?? [];
  if (!question || more.length > 0)
    return { kind: 'reply', bytes: reply(query, RCODE.FORMERR), why: 'questions' };
  const refuse = (why: string) =>
    ({ kind: 'reply', bytes: reply(query, RCODE.REFUSED), why, name: question.name }) as const;
  if (question.class !== 'IN') return refuse('class');
  if (['AXFR', 'IXFR'].includes(question.type)) return refuse('zone transfer');
  if (!isNameAllowed(allowlist, question.name)) return refuse('not allowlisted');
  return { kind: 'forward', query, question, forwardBytes: (id) => forwardQuery(query, question, id) };
}

/**
 * The query asked upstream, re-encoded from what was checked: a label holding a dot
 * (`a.githubusercontent` + `com` on the wire) decodes to the same text as a real subdomain,
 * so relaying the raw bytes could ask for a different name than the allowlist approved.
 * Only RD/CD and the EDNS payload size and DO bit carry over (no client-subnet options).
 */
function forwardQuery(query: DecodedPacket, question: Question, id: number): Buffer {
  const opt = query.additionals?.find((a) => a.type === 'OPT');
  const packet: Packet = {
    type: 'query',
    id,
    flags:
      (query.flag_rd ? dnsPacket.RECURSION_DESIRED : 0) | (query.flag_cd ? dnsPacket.CHECKING_DISABLED : 0),
    questions: [{ name: question.name, type: question.type, class: question.class }],
  };
  if (opt && opt.type === 'OPT') {
    packet.additionals = [
      {
        type: 'OPT',
        name: '.',
        udpPayloadSize: Math.min(Math.max(opt.udpPayloadSize, 512), MAX_UDP_PAYLOAD),
        extendedRcode: 0,
        ednsVersion: 0,
        flags: opt.flags & dnsPacket.DNSSEC_OK,
        flag_do: opt.flag_do,
        options: [],
      },
    ];
  }
  return dnsPacket.encode(packet);
}

/** An address an upstream answer admits through the firewall, with its record's TTL. */
export interface AdmittedAddress {
  address: string;
  family: 4 | 6;
  ttlSeconds: number;
}

/** What became of an upstream answer. */
export type RelayedAnswer =
  | { kind: 'answer'; bytes: Buffer; addresses: AdmittedAddress[] }
  | { kind: 'mismatch' };

/**
 * Checks an upstream answer against the forwarded query (same id, same question) and
 * returns it with the step's own id, plus the A/AAAA addresses it admits: every public
 * address in the answer section (CNAME targets included); never loopback, private,
 * link-local (cloud metadata), CGNAT, multicast or reserved ones, whatever a name says.
 */
export function relayAnswer(
  answer: Buffer,
  forwardedId: number,
  question: Question,
  clientId: number,
): RelayedAnswer {
  let decoded: DecodedPacket;
  try {
    decoded = dnsPacket.decode(answer);
  } catch {
    return { kind: 'mismatch' };
  }
  const [asked] = decoded.questions ?? [];
  const same =
    decoded.type === 'response' &&
    decoded.id === forwardedId &&
    asked !== undefined &&
    asked.type === question.type &&
    asked.name.toLowerCase() === question.name.toLowerCase();
  if (!same) return { kind: 'mismatch' };
  const addresses: AdmittedAddress[] = [];
  if (rcodeOf(decoded) === 'NOERROR') {
    for (const record of decoded.answers ?? []) {
      if ((record.type === 'A' || record.type === 'AAAA') && typeof record.data === 'string') {
        const family = isIP(record.data);
        if ((family === 4 || family === 6) && !NEVER_ADMITTED[family].check(record.data, `ipv${family}`)) {
          addresses.push({ address: record.data, family, ttlSeconds: record.ttl ?? 0 });
        }
      }
    }
  }
  const bytes = Buffer.from(answer);
  bytes.writeUInt16BE(clientId, 0);
  return { kind: 'answer', bytes, addresses };
}

/** SERVFAIL for a query whose upstream failed, timed out or answered something else. */
export function serverFailure(query: DecodedPacket): Buffer {
  return reply(query, RCODE.SERVFAIL);
}

function reply(query: DecodedPacket, rcode: Rcode): Buffer {
  return dnsPacket.encode({
    type: 'response',
    id: query.id ?? 0,
    flags: (query.flag_rd ? dnsPacket.RECURSION_DESIRED : 0) | dnsPacket.RECURSION_AVAILABLE | rcode,
    questions: (query.questions ?? []).slice(0, 1),
  });
}

function header(id: number, rcode: Rcode): Buffer {
  return dnsPacket.encode({ type: 'response', id, flags: rcode, questions: [] });
}

// dns-packet decodes these two header fields, but its types do not declare them.
function opcodeOf(packet: DecodedPacket): unknown {
  return (packet as DecodedPacket & { opcode?: unknown }).opcode;
}
function rcodeOf(packet: DecodedPacket): unknown {
  return (packet as DecodedPacket & { rcode?: unknown }).rcode;
}

/**
 * Addresses never admitted: only public unicast addresses leave the host. Two lists, because
 * one BlockList also matches IPv4 addresses against IPv6 rules (as `::ffff:a.b.c.d`).
 */
const NEVER_ADMITTED = {
  4: blockList('ipv4', [
    ['0.0.0.0', 8],
    ['10.0.0.0', 8],
    ['100.64.0.0', 10],
    ['127.0.0.0', 8],
    ['169.254.0.0', 16],
    ['172.16.0.0', 12],
    ['192.0.0.0', 24],
    ['192.168.0.0', 16],
    ['198.18.0.0', 15],
    ['224.0.0.0', 3],
  ]),
  6: blockList('ipv6', [
    ['::', 8],
    ['64:ff9b::', 96],
    ['fc00::', 7],
    ['fe80::', 10],
    ['ff00::', 8],
    ['2001:db8::', 32],
  ]),
};

function blockList(type: 'ipv4' | 'ipv6', subnets: [string, number][]): BlockList {
  const list = new BlockList();
  for (const [net, bits] of subnets) list.addSubnet(net, bits, type);
  return list;
}
