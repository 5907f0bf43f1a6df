import dnsPacket, { type Answer } from 'dns-packet';
import { describe, expect, it } from 'vitest';
import { classifyQuery, relayAnswer } from '../../../src/adapters/dns/dns-messages.js';
import { compileAllowlist } from '../../../src/domain/egress/egress-allowlist.js';
import { queryBytes } from '../../support/fake-dns.js';

const ALLOW = compileAllowlist(['github.com', '*.githubusercontent.com']);

function answerFor(name: string, answers: Answer[], id = 99, rcodeBits = 0): Buffer {
  return dnsPacket.encode({
    type: 'response',
    id,
    flags: rcodeBits,
    questions: [{ type: 'A', name, class: 'IN' }],
    answers,
  });
}

describe('classifyQuery', () => {
  it('forwards an allowed name re-encoded with a fresh id, keeping RD and the EDNS size only', () => {
    const query = dnsPacket.encode({
      type: 'query',
      id: 1,
      flags: dnsPacket.RECURSION_DESIRED,
      questions: [{ type: 'A', name: 'GitHub.com', class: 'IN' }],
      additionals: [
        {
          type: 'OPT',
          name: '.',
          udpPayloadSize: 65_000,
          extendedRcode: 0,
          ednsVersion: 0,
          flags: 0,
          flag_do: false,
          options: [{ code: 8, ip: '10.1.2.3', sourcePrefixLength: 24 } as never],
        },
      ],
    });
    const verdict = classifyQuery(query, ALLOW);
    if (verdict.kind !== 'forward') throw new Error(`expected forward, got ${verdict.kind}`);
    const forwarded = dnsPacket.decode(verdict.forwardBytes(777));
    expect(forwarded).toMatchObject({
      id: 777,
      flag_rd: true,
      questions: [{ name: 'GitHub.com', type: 'A' }],
    });
    expect(forwarded.additionals).toEqual([
      expect.objectContaining({ type: 'OPT', udpPayloadSize: 4096, options: [] }),
    ]);
  });

  it('forwards the name it checked, not a label that hides a dot', () => {
    // One label "a.githubusercontent" under "com": decodes to the text of an allowed subdomain.
    const tricky = Buffer.concat([
      queryBytes('x', 'A').subarray(0, 12),
      Buffer.from([19]),
      Buffer.from('a.githubusercontent'),
      Buffer.from([3]),
      Buffer.from('com'),
      Buffer.from([0, 0, 1, 0, 1]),
    ]);
    const verdict = classifyQuery(tricky, ALLOW);
    if (verdict.kind !== 'forward') throw new Error(`expected forward, got ${verdict.kind}`);
    const labels = verdict.forwardBytes(1).subarray(12);
    expect(labels.subarray(0, 2).toString('latin1')).toBe('\u0001a');
  });

  it.each([
    ['an unlisted name', queryBytes('evil.example'), 'reply', 'REFUSED'],
    ['a zone transfer', queryBytes('github.com', 'AXFR'), 'reply', 'REFUSED'],
    ['two questions', twoQuestions(), 'reply', 'FORMERR'],
    [
      'a truncated header that says query',
      Buffer.from(queryBytes('github.com').subarray(0, 14)),
      'reply',
      'FORMERR',
    ],
    ['a response', answerFor('github.com', []), 'drop', undefined],
    ['a few random bytes', Buffer.from([1, 2, 3]), 'drop', undefined],
  ])('handles %s', (_name, bytes, kind, rcode) => {
    const verdict = classifyQuery(bytes, ALLOW);
    expect(verdict.kind).toBe(kind);
    if (verdict.kind === 'reply') expect(dnsPacket.decode(verdict.bytes)).toMatchObject({ rcode });
  });
});

describe('relayAnswer', () => {
  const question = { type: 'A' as const, name: 'github.com', class: 'IN' as const };

  it("relays the upstream's answer under the step's id", () => {
    const relayed = relayAnswer(answerFor('github.com', [a('140.82.112.3')]), 99, question, 5);
    if (relayed.kind !== 'answer') throw new Error('expected an answer');
    expect(dnsPacket.decode(relayed.bytes).id).toBe(5);
    expect(relayed.addresses).toEqual([{ address: '140.82.112.3', family: 4, ttlSeconds: 60 }]);
  });

  it.each([
    ['another id', answerFor('github.com', [], 98)],
    ['another name', answerFor('evil.example', [])],
    ['garbage', Buffer.from('not dns')],
  ])('refuses an answer with %s', (_name, bytes) => {
    expect(relayAnswer(bytes, 99, question, 5)).toEqual({ kind: 'mismatch' });
  });

  it.each([
    ['loopback', '127.0.0.1', false],
    ['private 10/8', '10.0.0.5', false],
    ['private 172.16/12', '172.20.0.1', false],
    ['the gateway', '172.30.0.1', false],
    ['cloud metadata', '169.254.169.254', false],
    ['CGNAT', '100.64.1.1', false],
    ['multicast', '239.1.1.1', false],
    ['public', '8.8.8.8', true],
    ['v6 loopback', '::1', false],
    ['v6 mapped metadata', '::ffff:169.254.169.254', false],
    ['v6 link-local', 'fe80::1', false],
    ['v6 unique-local', 'fd00::1', false],
    ['v6 public', '2606:4700::1111', true],
  ])('admits a %s address: %s → %s', (_name, address, admitted) => {
    const record: Answer = address.includes(':')
      ? { type: 'AAAA', name: 'github.com', ttl: 60, data: address }
      : a(address);
    const relayed = relayAnswer(answerFor('github.com', [record]), 99, question, 5);
    expect(relayed.kind === 'answer' && relayed.addresses.length).toBe(admitted ? 1 : 0);
  });

  it('admits nothing from an error answer', () => {
    const relayed = relayAnswer(answerFor('github.com', [a('140.82.112.3')], 99, 2), 99, question, 5);
    expect(relayed).toMatchObject({ kind: 'answer', addresses: [] });
  });
});

function a(address: string): Answer {
  return { type: 'A', name: 'github.com', ttl: 60, data: address };
}

function twoQuestions(): Buffer {
  return dnsPacket.encode({
    type: 'query',
    id: 3,
    questions: [
      { type: 'A', name: 'github.com' },
      { type: 'A', name: 'evil.example' },
    ],
  });
}
