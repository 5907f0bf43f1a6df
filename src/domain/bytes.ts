/** Byte-array helpers shared by the log paths. */

/**
 * Joins byte arrays into one new array (never a view of a part, so a caller may keep or
 * slice it freely). `Buffer.concat` does the copying; the result is a plain `Uint8Array`, so
 * `slice` copies as everywhere else in the domain (a Buffer's `slice` would be a view).
 */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const joined = Buffer.concat(parts);
  // Buffer memory is always an ArrayBuffer (its pool or its own), never a SharedArrayBuffer.
  return new Uint8Array(joined.buffer as ArrayBuffer, joined.byteOffset, joined.byteLength);
}
