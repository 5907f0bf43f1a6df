import { checkObjectKey } from '../../domain/storage/object-keys.js';
import type { ByteRange, ObjectInfo, ObjectStore } from '../../ports/object-store.js';

/**
 * `ObjectStore` in a Map (domain tests, demos). A put collects the whole body before it
 * replaces the entry, so it is atomic like the real stores; keys are checked the same way.
 */
export class MemoryObjectStore implements ObjectStore {
  readonly objects = new Map<string, Uint8Array>();

  async put(key: string, body: AsyncIterable<Uint8Array>, size: number): Promise<void> {
    checkObjectKey(key);
    const pieces: Uint8Array[] = [];
    let seen = 0;
    for await (const piece of body) {
      seen += piece.length;
      if (seen > size) throw new Error(`object body is longer than its declared ${size} bytes`);
      pieces.push(new Uint8Array(piece));
    }
    if (seen !== size) throw new Error(`object body ended after ${seen} of ${size} bytes`);
    this.objects.set(key, new Uint8Array(Buffer.concat(pieces)));
  }

  async get(key: string, range?: ByteRange): Promise<AsyncIterable<Uint8Array> | undefined> {
    checkObjectKey(key);
    const bytes = this.objects.get(key);
    if (!bytes) return undefined;
    const start = Math.min(range?.offset ?? 0, bytes.length);
    const end = range?.length === undefined ? bytes.length : Math.min(bytes.length, start + range.length);
    const part = bytes.slice(start, end);
    return (async function* () {
      if (part.length > 0) yield part;
    })();
  }

  async stat(key: string): Promise<ObjectInfo | undefined> {
    checkObjectKey(key);
    const bytes = this.objects.get(key);
    return bytes ? { key, size: bytes.length } : undefined;
  }

  async delete(key: string): Promise<void> {
    checkObjectKey(key);
    this.objects.delete(key);
  }

  async list(prefix: string): Promise<ObjectInfo[]> {
    return [...this.objects.entries()]
      .filter(([key]) => key.startsWith(prefix))
      .map(([key, bytes]) => ({ key, size: bytes.length }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }
}
