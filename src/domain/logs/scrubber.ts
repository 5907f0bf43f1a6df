/**
 * Replaces every mask of a `MaskSet` with `***` in a log byte stream (SPEC §11), also
 * when a secret is split across chunks. Matching is leftmost, then longest; a chunked
 * stream scrubs to exactly the bytes the whole text scrubs to in one go.
 */
import { concatBytes } from '../bytes.js';
import type { MaskSet } from './mask-set.js';

/** Scrubbed bytes and how many masks were replaced in them. */
export interface ScrubbedBytes {
  output: Uint8Array;
  replacements: number;
}

/** A stateful scrubber for one log stream (one step). */
export interface Scrubber {
  /**
   * Scrubs what can be decided now and holds back the rest: a tail that may still grow
   * into a mask, and an incomplete UTF-8 character, so an output chunk never ends inside
   * a character. With an empty mask set the chunk passes through unchanged, unheld.
   */
  push(chunk: Uint8Array): ScrubbedBytes;
  /** Ends the stream: scrubs and returns whatever was held back. */
  flush(): ScrubbedBytes;
  /**
   * Replaces the masks (a superset, after `::add-mask::`) from the next `push` on; what is
   * held back is scrubbed with the new set.
   */
  setMasks(maskSet: MaskSet): void;
}

/** The pure step behind `Scrubber`: `carry` goes in with a chunk and comes back out. */
export interface ScrubChunkResult extends ScrubbedBytes {
  carry: Uint8Array;
}

const REPLACEMENT = new TextEncoder().encode('***');
const EMPTY: Uint8Array = new Uint8Array(0);

type MaskIndex = ReadonlyMap<number, readonly Uint8Array[]>;

/** Creates a streaming scrubber; the caller's chunk buffers may be reused after `push`. */
export function createScrubber(maskSet: MaskSet): Scrubber {
  let index = indexMasks(maskSet);
  let carry = EMPTY;
  return {
    push(chunk) {
      const result = scrubWith(index, carry, chunk, false);
      carry = result.carry;
      return { output: result.output, replacements: result.replacements };
    },
    flush() {
      const result = scrubWith(index, carry, EMPTY, true);
      carry = EMPTY;
      return { output: result.output, replacements: result.replacements };
    },
    setMasks(next) {
      index = indexMasks(next);
    },
  };
}

/**
 * Scrubs `carry + chunk` and returns the new carry: for a server that keeps a stream's
 * carry between requests instead of a `Scrubber` in memory. `final` ends the stream. With
 * an empty mask set nothing is ever carried.
 */
export function scrubChunk(
  maskSet: MaskSet,
  input: { carry: Uint8Array; chunk: Uint8Array; final: boolean },
): ScrubChunkResult {
  return scrubWith(indexMasks(maskSet), input.carry, input.chunk, input.final);
}

/** Scrubs a complete byte string. */
export function scrubBytes(bytes: Uint8Array, maskSet: MaskSet): ScrubbedBytes {
  const { output, replacements } = scrubWith(indexMasks(maskSet), EMPTY, bytes, true);
  return { output, replacements };
}

/** Scrubs a complete text. */
export function scrubText(text: string, maskSet: MaskSet): { output: string; replacements: number } {
  const { output, replacements } = scrubBytes(new TextEncoder().encode(text), maskSet);
  return { output: new TextDecoder().decode(output), replacements };
}

/** Masks by first byte, each bucket longest first (the mask set's order). */
function indexMasks(maskSet: MaskSet): MaskIndex {
  const index = new Map<number, Uint8Array[]>();
  for (const mask of maskSet.bytes) {
    const first = mask[0];
    if (first === undefined) continue;
    const bucket = index.get(first);
    if (bucket) bucket.push(mask);
    else index.set(first, [mask]);
  }
  return index;
}

/**
 * Walks the buffer once. At each position the longest complete mask wins; when a longer
 * mask could still match with bytes not yet seen, the walk stops there (unless `final`),
 * so each decision is the one the whole text would get.
 */
function scrubWith(index: MaskIndex, carry: Uint8Array, chunk: Uint8Array, final: boolean): ScrubChunkResult {
  const buf = concatBytes([carry, chunk]);
  if (index.size === 0) return { output: buf, replacements: 0, carry: EMPTY };
  const limit = final ? buf.length : buf.length - incompleteUtf8Tail(buf);
  const parts: Uint8Array[] = [];
  let replacements = 0;
  let rawStart = 0;
  let at = 0;
  walk: while (at < limit) {
    for (const mask of index.get(buf[at]!) ?? []) {
      const match = compareAt(buf, at, mask);
      if (match === 'partial' && !final) break walk;
      if (match === 'full') {
        parts.push(buf.subarray(rawStart, at), REPLACEMENT);
        replacements += 1;
        at += mask.length;
        rawStart = at;
        continue walk;
      }
    }
    at += 1;
  }
  parts.push(buf.subarray(rawStart, at));
  return { output: concatBytes(parts), replacements, carry: buf.slice(at) };
}

/** Whether `mask` matches at `at` fully, or matches up to the end of the buffer only. */
function compareAt(buf: Uint8Array, at: number, mask: Uint8Array): 'full' | 'partial' | 'none' {
  const n = Math.min(mask.length, buf.length - at);
  for (let k = 0; k < n; k++) if (buf[at + k] !== mask[k]) return 'none';
  return n === mask.length ? 'full' : 'partial';
}

/** Length of a trailing UTF-8 sequence that still lacks continuation bytes (0..3). */
function incompleteUtf8Tail(buf: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, buf.length); back++) {
    const byte = buf[buf.length - back]!;
    if ((byte & 0xc0) === 0x80) continue;
    const length = byte >= 0xf8 ? 1 : byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return length > back ? back : 0;
  }
  return 0;
}
