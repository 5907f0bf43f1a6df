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

/**
 * A mask set compiled for the byte walk: masks by first byte (each bucket longest first, the
 * mask set's order) in a 256-slot array, and a bit set (8 KiB) of the byte pairs masks start
 * with, so the walk passes over most bytes with two array reads (SPEC §20 log ingest).
 */
interface MaskIndex {
  readonly size: number;
  readonly byFirst: readonly (readonly Uint8Array[] | undefined)[];
  /** Bit `first << 8 | second` is set when some mask starts with those two bytes. */
  readonly pairs: Int32Array;
  /** A one-byte mask exists (never from `buildMaskSet`): the pair table cannot rule a byte out. */
  readonly hasSingleByte: boolean;
  /** The shortest mask's length (`buildMaskSet` keeps none shorter than `***`). */
  readonly shortest: number;
  /** 1 for a byte some mask starts with: the walk skips the others in a tight loop. */
  readonly starts: Uint8Array;
}

/** Compiled indexes by mask set: a server scrubs every chunk of a job with one set. */
const compiled = new WeakMap<MaskSet, MaskIndex>();

/** Creates a streaming scrubber; the caller's chunk buffers may be reused after `push`. */
export function createScrubber(maskSet: MaskSet): Scrubber {
  let index = indexMasks(maskSet);
  let carry = EMPTY;
  return {
    push(chunk) {
      const result = scrubWith(index, carry, chunk, false, true);
      carry = result.carry;
      return { output: result.output, replacements: result.replacements };
    },
    flush() {
      const result = scrubWith(index, carry, EMPTY, true, true);
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
 * an empty mask set nothing is ever carried. Where nothing was replaced the output may be a
 * view of `chunk` (no 64 KiB copy per stored chunk): do not reuse `chunk` while it is kept.
 */
export function scrubChunk(
  maskSet: MaskSet,
  input: { carry: Uint8Array; chunk: Uint8Array; final: boolean },
): ScrubChunkResult {
  return scrubWith(indexMasks(maskSet), input.carry, input.chunk, input.final, false);
}

/** Scrubs a complete byte string. */
export function scrubBytes(bytes: Uint8Array, maskSet: MaskSet): ScrubbedBytes {
  const { output, replacements } = scrubWith(indexMasks(maskSet), EMPTY, bytes, true, true);
  return { output, replacements };
}

/** Scrubs a complete text. */
export function scrubText(text: string, maskSet: MaskSet): { output: string; replacements: number } {
  const { output, replacements } = scrubBytes(new TextEncoder().encode(text), maskSet);
  return { output: new TextDecoder().decode(output), replacements };
}

/** The compiled index of a mask set, built once per set. */
function indexMasks(maskSet: MaskSet): MaskIndex {
  const known = compiled.get(maskSet);
  if (known) return known;
  // Pre-sized so V8 keeps fast elements (a sparse array would become a dictionary).
  const byFirst: (Uint8Array[] | undefined)[] = new Array(256).fill(undefined);
  const pairs = new Int32Array((256 * 256) / 32);
  let size = 0;
  let shortest = Number.POSITIVE_INFINITY;
  let hasSingleByte = false;
  for (const mask of maskSet.bytes) {
    const first = mask[0];
    if (first === undefined) continue;
    const bucket = byFirst[first];
    if (bucket) bucket.push(mask);
    else byFirst[first] = [mask];
    size += 1;
    shortest = Math.min(shortest, mask.length);
    if (mask.length === 1) hasSingleByte = true;
    else {
      const pair = (first << 8) | mask[1]!;
      pairs[pair >>> 5]! |= 1 << (pair & 31);
    }
  }
  const starts = new Uint8Array(256);
  for (const mask of maskSet.bytes) if (mask.length > 0) starts[mask[0]!] = 1;
  const index: MaskIndex = { size, byFirst, pairs, hasSingleByte, shortest, starts };
  compiled.set(maskSet, index);
  return index;
}

/**
 * Walks the buffer once. At each position the longest complete mask wins; when a longer
 * mask could still match with bytes not yet seen, the walk stops there (unless `final`),
 * so each decision is the one the whole text would get. The output is a new array when
 * `copy`, else possibly a view of `chunk`.
 */
function scrubWith(
  index: MaskIndex,
  carry: Uint8Array,
  chunk: Uint8Array,
  final: boolean,
  copy: boolean,
): ScrubChunkResult {
  const buf = carry.length === 0 ? chunk : concatBytes([carry, chunk]);
  const fresh = buf !== chunk;
  if (index.size === 0) return { output: copy && !fresh ? buf.slice() : buf, replacements: 0, carry: EMPTY };
  const { byFirst, pairs, hasSingleByte, starts } = index;
  const pairCheck = !hasSingleByte;
  const limit = final ? buf.length : buf.length - incompleteUtf8Tail(buf);
  const last = buf.length - 1;
  // Allocated at the first replacement: most chunks have none. A mask at least as long as
  // `***` never makes the output outgrow the input.
  let out: Uint8Array | undefined;
  let written = 0;
  let replacements = 0;
  let rawStart = 0;
  let at = 0;
  walk: while (at < limit) {
    while (at < limit && starts[buf[at]!] === 0) at += 1;
    if (at >= limit) break;
    const first = buf[at]!;
    const bucket = byFirst[first]!;
    const pair = (first << 8) | buf[at + 1]!;
    if (pairCheck && at < last && (pairs[pair >>> 5]! & (1 << (pair & 31))) === 0) {
      at += 1;
      continue;
    }
    for (const mask of bucket) {
      const match = compareAt(buf, at, mask);
      if (match === 'partial' && !final) break walk;
      if (match === 'full') {
        out ??= new Uint8Array(
          index.shortest >= REPLACEMENT.length ? buf.length : buf.length * REPLACEMENT.length,
        );
        out.set(buf.subarray(rawStart, at), written);
        out.set(REPLACEMENT, written + at - rawStart);
        written += at - rawStart + REPLACEMENT.length;
        replacements += 1;
        at += mask.length;
        rawStart = at;
        continue walk;
      }
    }
    at += 1;
  }
  const rest = buf.subarray(0, at);
  if (!out) return { output: copy && !fresh ? rest.slice() : rest, replacements, carry: buf.slice(at) };
  out.set(buf.subarray(rawStart, at), written);
  written += at - rawStart;
  const output = written === out.length ? out : out.slice(0, written);
  return { output, replacements, carry: buf.slice(at) };
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
