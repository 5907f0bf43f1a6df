import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildMaskSet } from '../../../src/domain/logs/mask-set.js';
import { createScrubber, scrubText } from '../../../src/domain/logs/scrubber.js';

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
