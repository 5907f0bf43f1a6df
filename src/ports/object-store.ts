/**
 * Bytes kept outside the database (SPEC §18): finalised step logs and artifacts, under
 * keys like `actions/runs/<run_id>/jobs/<job_id>/steps/<step_index>.log`. A key is
 * `/`-separated segments: never empty, `.` or `..`, no leading `/`, no NUL, no backslash;
 * every method refuses a bad key with invalid `object.key_invalid` before any I/O.
 * Bodies travel as async iterables of bytes (a Node `Readable` is one).
 */

/** Which part of an object to read: `length` bytes from `offset` (to the end without one). */
export interface ByteRange {
  offset: number;
  length?: number;
}

export interface ObjectInfo {
  key: string;
  /** Bytes. */
  size: number;
}

export interface ObjectStore {
  /**
   * Stores `body` under `key`, replacing any object there. Atomic: readers see the old
   * object or the whole new one, never a part, and a failed put leaves the old object (or
   * none). `size` is the body's exact length; a body that ends short or runs long fails
   * and stores nothing. Putting the same bytes again is harmless (idempotent).
   */
  put(key: string, body: AsyncIterable<Uint8Array>, size: number): Promise<void>;

  /**
   * The object's bytes (only `range` of them when given; a range past the end is cut at
   * the end), or undefined when there is no such object.
   */
  get(key: string, range?: ByteRange): Promise<AsyncIterable<Uint8Array> | undefined>;

  /** The object's size, or undefined when there is no such object. */
  stat(key: string): Promise<ObjectInfo | undefined>;

  /** Removes the object; removing a missing one succeeds (idempotent). */
  delete(key: string): Promise<void>;

  /** Every object whose key starts with `prefix` (a key prefix, not only whole segments), in key order. */
  list(prefix: string): Promise<ObjectInfo[]>;
}
