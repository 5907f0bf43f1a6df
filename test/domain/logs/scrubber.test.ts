import { describe, expect, it } from 'vitest';
import { buildMaskSet, type MaskSet } from '../../../src/domain/logs/mask-set.js';
import { createScrubber, scrubBytes, scrubChunk, scrubText } from '../../../src/domain/logs/scrubber.js';

const enc = new TextEncoder();
const dec = new TextDecoder();
const bytes = (s: string) => enc.encode(s);

/** Pushes each chunk, then flushes; returns every output piece and the total count. */
function stream(masks: MaskSet, chunks: Uint8Array[]) {
  const scrubber = createScrubber(masks);
  const outputs = chunks.map((c) => scrubber.push(c));
  outputs.push(scrubber.flush());
  const all = Buffer.concat(outputs.map((o) => o.output));
  return {
    pieces: outputs.map((o) => o.output),
    text: dec.decode(all),
    replacements: outputs.reduce((n, o) => n + o.replacements, 0),
  };
}

const byteChunks = (s: string) => [...bytes(s)].map((b) => Uint8Array.of(b));

describe('scrubbing a log stream', () => {
  const masks = buildMaskSet(['s3cr3t-value']);

  it('replaces a secret inside one chunk', () => {
    const r = stream(masks, [bytes('token=s3cr3t-value done\n')]);
    expect(r).toMatchObject({ text: 'token=*** done\n', replacements: 1 });
  });

  it('replaces a secret split across two chunks and holds the possible prefix back', () => {
    const scrubber = createScrubber(masks);
    const first = scrubber.push(bytes('token=s3cr'));
    expect(dec.decode(first.output)).toBe('token=');
    const second = scrubber.push(bytes('3t-value!\n'));
    expect(dec.decode(second.output)).toBe('***!\n');
    expect(scrubber.flush().output).toEqual(new Uint8Array(0));
  });

  it('replaces a secret fed one byte at a time', () => {
    const r = stream(masks, byteChunks('a s3cr3t-value b s3cr3t-value'));
    expect(r).toMatchObject({ text: 'a *** b ***', replacements: 2 });
  });

  it('releases a held prefix that never became a secret when the stream ends', () => {
    const r = stream(masks, [bytes('ends with s3cr3t-val')]);
    expect(r).toMatchObject({ text: 'ends with s3cr3t-val', replacements: 0 });
    expect(dec.decode(r.pieces[0])).toBe('ends with ');
  });

  it('replaces the base64 form', () => {
    const encoded = Buffer.from('s3cr3t-value').toString('base64');
    expect(stream(masks, [bytes(`b64: ${encoded}\n`)]).text).toBe('b64: ***\n');
  });

  it('replaces the value when it sits inside a longer base64 stream', () => {
    const encoded = Buffer.from('user:s3cr3t-value').toString('base64');
    expect(scrubText(`Authorization: Basic ${encoded}`, masks).output).not.toContain(encoded);
  });

  it('replaces the whole multi-line value, and each line printed alone', () => {
    const m = buildMaskSet(['line-one\nline-two']);
    expect(scrubText('x line-one\nline-two y', m)).toEqual({ output: 'x *** y', replacements: 1 });
    expect(scrubText('only line-two here', m).output).toBe('only *** here');
  });

  it('replaces the JSON-escaped and URL-encoded forms', () => {
    const m = buildMaskSet(['pa"ss/wo rd']);
    expect(scrubText('{"password":"pa\\"ss/wo rd"}', m).output).toBe('{"password":"***"}');
    expect(scrubText('GET /?p=pa%22ss%2Fwo%20rd', m).output).toBe('GET /?p=***');
  });

  it('lets the longest mask win where masks overlap', () => {
    const m = buildMaskSet(['abcdef', 'abc', 'cdefgh']);
    expect(scrubText('abcdefgh', m)).toEqual({ output: '***gh', replacements: 1 });
    expect(stream(m, byteChunks('xabcdefgh')).text).toBe('x***gh');
    expect(scrubText('abcabc', m)).toEqual({ output: '******', replacements: 2 });
  });

  it('waits for a longer mask before settling for a shorter one', () => {
    const m = buildMaskSet(['abc', 'abcdefgh']);
    const scrubber = createScrubber(m);
    expect(dec.decode(scrubber.push(bytes('xxabcde')).output)).toBe('xx');
    expect(dec.decode(scrubber.push(bytes('fgh.')).output)).toBe('***.');
    const short = stream(m, [bytes('xxabcde'), bytes('X')]);
    expect(short.text).toBe('xx***deX');
  });

  it('is the identity with no masks, holding nothing back', () => {
    const scrubber = createScrubber(buildMaskSet([]));
    const split = bytes('é').subarray(0, 1);
    expect(scrubber.push(bytes('any text'))).toEqual({ output: bytes('any text'), replacements: 0 });
    expect(scrubber.push(split)).toEqual({ output: split, replacements: 0 });
    expect(scrubber.flush()).toEqual({ output: new Uint8Array(0), replacements: 0 });
  });

  it('never ends an output chunk inside a multi-byte character', () => {
    const text = 'héllo wörld – 日本語 🎉 s3cr3t-value ✓';
    const r = stream(masks, byteChunks(text));
    expect(r.text).toBe('héllo wörld – 日本語 🎉 *** ✓');
    for (const piece of r.pieces) {
      expect(Buffer.from(piece).toString('utf8')).not.toContain('\ufffd');
    }
  });

  it('matches secrets that contain multi-byte characters, split anywhere', () => {
    const m = buildMaskSet(['пароль-🎉']);
    expect(stream(m, byteChunks('a пароль-🎉 b')).text).toBe('a *** b');
  });

  it('does not keep a reference to the caller’s chunk buffer', () => {
    const scrubber = createScrubber(masks);
    const buffer = bytes('xx s3cr');
    scrubber.push(buffer);
    buffer.fill(0x41);
    expect(dec.decode(scrubber.push(bytes('3t-value')).output)).toBe('***');
  });

  it('exposes the same step as a pure function with an explicit carry', () => {
    const first = scrubChunk(masks, { carry: new Uint8Array(0), chunk: bytes('a s3cr'), final: false });
    expect(dec.decode(first.output)).toBe('a ');
    expect(dec.decode(first.carry)).toBe('s3cr');
    const second = scrubChunk(masks, { carry: first.carry, chunk: bytes('3t-value'), final: true });
    expect(second).toEqual({ output: bytes('***'), replacements: 1, carry: new Uint8Array(0) });
  });

  it('scrubs whole byte strings in one call', () => {
    expect(scrubBytes(bytes('s3cr3t-values3cr3t-value'), masks)).toEqual({
      output: bytes('******'),
      replacements: 2,
    });
  });

  it('never hands out a view of a pushed chunk, with or without replacements', () => {
    const scrubber = createScrubber(masks);
    const plain = bytes('nothing to hide\n');
    const secret = bytes('x s3cr3t-value y\n');
    const outputs = [scrubber.push(plain).output, scrubber.push(secret).output];
    plain.fill(0x41);
    secret.fill(0x41);
    expect(outputs.map((o) => dec.decode(o))).toEqual(['nothing to hide\n', 'x *** y\n']);
  });
});
