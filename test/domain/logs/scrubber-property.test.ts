import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildMaskSet, type MaskSet } from '../../../src/domain/logs/mask-set.js';
import { createScrubber, scrubBytes, scrubText } from '../../../src/domain/logs/scrubber.js';

/** Secrets from a small alphabet (so they overlap and share prefixes), never containing `*`. */
const secretArb = fc.string({
  unit: fc.constantFrom('a', 'b', 'c', 'é', '日', '🎉', '-', '='),
  minLength: 3,
  maxLength: 12,
});

/** Filler text: the same alphabet plus anything printable, newlines included. */
const fillerArb = fc.string({
  unit: fc.oneof(
    fc.constantFrom('a', 'b', 'c', 'é', ' ', '\n'),
    fc.string({ unit: 'grapheme', maxLength: 1 }),
  ),
  maxLength: 20,
});

const caseArb = fc.array(secretArb, { minLength: 1, maxLength: 4 }).chain((secrets) =>
  fc.record({
    secrets: fc.constant(secrets),
    pieces: fc.array(fc.oneof(fillerArb, fc.constantFrom(...secrets)), { maxLength: 12 }),
    cuts: fc.array(fc.nat(), { maxLength: 20 }),
  }),
);

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function chunked(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const p of [...points, bytes.length]) {
    chunks.push(bytes.subarray(from, p));
    from = p;
  }
  return chunks;
}

describe('scrubbing any chunking of any text', () => {
  it('never leaks a secret, equals the one-shot result and emits only whole characters', () => {
    fc.assert(
      fc.property(caseArb, ({ secrets, pieces, cuts }) => {
        const text = pieces.join('');
        const masks = buildMaskSet(secrets);
        const scrubber = createScrubber(masks);
        const outputs = chunked(new TextEncoder().encode(text), cuts).map((c) => scrubber.push(c));
        outputs.push(scrubber.flush());
        const streamed = new TextDecoder().decode(Buffer.concat(outputs.map((o) => o.output)));
        const oneShot = scrubText(text, masks);

        expect(streamed).toBe(oneShot.output);
        expect(outputs.reduce((n, o) => n + o.replacements, 0)).toBe(oneShot.replacements);
        for (const secret of secrets) expect(streamed).not.toContain(secret);
        for (const o of outputs) expect(() => strictUtf8.decode(o.output)).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });
});

/** Leftmost, then longest: the rule written the slow way, one position at a time. */
function naiveScrub(
  bytes: Uint8Array,
  masks: readonly Uint8Array[],
): { output: Buffer; replacements: number } {
  const out: number[] = [];
  let replacements = 0;
  let at = 0;
  while (at < bytes.length) {
    const hit = [...masks]
      .filter((m) => m.length > 0 && m.every((b, k) => bytes[at + k] === b))
      .sort((a, b) => b.length - a.length)[0];
    if (hit) {
      out.push(0x2a, 0x2a, 0x2a);
      replacements += 1;
      at += hit.length;
    } else out.push(bytes[at++]!);
  }
  return { output: Buffer.from(out), replacements };
}

describe('the byte walk', () => {
  const byteArb = fc.constantFrom(0x61, 0x62, 0x63, 0x00, 0xff, 0x2a);
  const maskBytesArb = fc
    .uint8Array({ minLength: 1, maxLength: 5 })
    .map((m) => m.map((b) => [0x61, 0x62, 0x63, 0x00, 0xff][b % 5]!));

  it('replaces exactly what the slow rule replaces, for any masks, one-byte ones included', () => {
    fc.assert(
      fc.property(
        fc.array(maskBytesArb, { minLength: 1, maxLength: 6 }),
        fc.array(byteArb, { maxLength: 60 }),
        (maskList, text) => {
          const unique = [...new Map(maskList.map((m) => [Buffer.from(m).toString('hex'), m])).values()];
          const sorted = unique.sort((a, b) => b.length - a.length || Buffer.compare(a, b));
          const masks: MaskSet = {
            texts: sorted.map((m) => Buffer.from(m).toString('latin1')),
            bytes: sorted,
          };
          const bytes = Uint8Array.from(text);
          const walked = scrubBytes(bytes, masks);
          const slow = naiveScrub(bytes, sorted);
          expect(Buffer.from(walked.output).equals(slow.output)).toBe(true);
          expect(walked.replacements).toBe(slow.replacements);
        },
      ),
      { numRuns: 500 },
    );
  });
});
