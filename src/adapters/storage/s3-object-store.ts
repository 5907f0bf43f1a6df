/**
 * `ObjectStore` on S3 or MinIO through the `minio` client (`storage.kind = "s3"`). S3
 * writes are atomic per object by themselves. A body up to the part size (64 MiB unless
 * configured) is one PUT; a larger one is a multipart upload driven here, part by part,
 * rather than by `putObject`, whose first step lists the bucket's unfinished uploads to
 * resume one (a call s3rver lacks, and resuming another writer's upload of the same key
 * is not what a put means). A failed multipart upload is aborted; a body that breaks its
 * declared size fails the put. The bucket must exist: the server never creates buckets.
 */
import * as Minio from 'minio';
import { checkObjectKey } from '../../domain/storage/object-keys.js';
import type { ByteRange, ObjectInfo, ObjectStore } from '../../ports/object-store.js';

export interface S3Settings {
  /** Host name or IP address. */
  endPoint: string;
  port?: number;
  useSsl: boolean;
  accessKey: string;
  secretKey: string;
  region: string;
  bucket: string;
  /** Multipart part size in bytes (5 MiB..5 GiB); the client's 64 MiB by default. */
  partSize?: number;
}

const MISSING = new Set(['NoSuchKey', 'NotFound']);
const DEFAULT_PART_BYTES = 64 * 1024 * 1024;

export class S3ObjectStore implements ObjectStore {
  constructor(
    private readonly client: Minio.Client,
    private readonly bucket: string,
    private readonly partBytes = DEFAULT_PART_BYTES,
  ) {}

  /** A store on a new client for these settings (no request is made yet). */
  static connect(settings: S3Settings): S3ObjectStore {
    const client = new Minio.Client({
      endPoint: settings.endPoint,
      ...(settings.port !== undefined && { port: settings.port }),
      useSSL: settings.useSsl,
      accessKey: settings.accessKey,
      secretKey: settings.secretKey,
      region: settings.region,
      pathStyle: true,
    });
    return new S3ObjectStore(client, settings.bucket, settings.partSize);
  }

  async put(key: string, body: AsyncIterable<Uint8Array>, size: number): Promise<void> {
    checkObjectKey(key);
    const exact = exactly(body, size);
    if (size > this.partBytes) return this.putInParts(key, exact);
    const parts: Uint8Array[] = [];
    for await (const piece of exact) parts.push(piece);
    await this.client.putObject(this.bucket, key, Buffer.concat(parts), size);
  }

  async get(key: string, range?: ByteRange): Promise<AsyncIterable<Uint8Array> | undefined> {
    checkObjectKey(key);
    if (range?.length === 0) return (await this.stat(key)) ? empty() : undefined;
    try {
      return await this.client.getPartialObject(this.bucket, key, range?.offset ?? 0, range?.length ?? 0);
    } catch (err) {
      if (MISSING.has(codeOf(err))) return undefined;
      // S3 answers 416 for a range starting at or past the end (an empty object included).
      if (codeOf(err) === 'InvalidRange') return (await this.stat(key)) ? empty() : undefined;
      throw err;
    }
  }

  async stat(key: string): Promise<ObjectInfo | undefined> {
    checkObjectKey(key);
    try {
      const info = await this.client.statObject(this.bucket, key);
      return { key, size: info.size };
    } catch (err) {
      if (MISSING.has(codeOf(err))) return undefined;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    checkObjectKey(key);
    await this.client.removeObject(this.bucket, key);
  }

  /** A multipart upload of `body` in parts of `partBytes` (the last one shorter); aborted on failure. */
  private async putInParts(key: string, body: AsyncIterable<Uint8Array>): Promise<void> {
    const uploadId = await this.client.initiateNewMultipartUpload(this.bucket, key, {});
    try {
      const etags: { part: number; etag: string }[] = [];
      for await (const payload of inParts(body, this.partBytes)) {
        const part = etags.length + 1;
        const uploaded = await this.client.uploadPart(
          { bucketName: this.bucket, objectName: key, uploadID: uploadId, partNumber: part, headers: {} },
          payload,
        );
        etags.push({ part, etag: uploaded.etag });
      }
      await this.client.completeMultipartUpload(this.bucket, key, uploadId, etags);
    } catch (err) {
      await this.client.abortMultipartUpload(this.bucket, key, uploadId).catch(() => undefined);
      throw err;
    }
  }

  async list(prefix: string): Promise<ObjectInfo[]> {
    const found: ObjectInfo[] = [];
    for await (const item of this.client.listObjectsV2(this.bucket, prefix, true)) {
      const { name, size } = item as Minio.BucketItem;
      if (name !== undefined) found.push({ key: name, size });
    }
    return found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }
}

/** Passes `body` through, failing when it runs past `size` bytes or ends short of it. */
async function* exactly(body: AsyncIterable<Uint8Array>, size: number): AsyncGenerator<Uint8Array> {
  let seen = 0;
  for await (const piece of body) {
    seen += piece.length;
    if (seen > size) throw new Error(`object body is longer than its declared ${size} bytes`);
    yield piece;
  }
  if (seen !== size) throw new Error(`object body ended after ${seen} of ${size} bytes`);
}

/** Regroups `body` into buffers of exactly `bytes` (the last one shorter). */
async function* inParts(body: AsyncIterable<Uint8Array>, bytes: number): AsyncGenerator<Buffer> {
  let held: Uint8Array[] = [];
  let heldBytes = 0;
  for await (const piece of body) {
    held.push(piece);
    heldBytes += piece.length;
    while (heldBytes >= bytes) {
      const all = Buffer.concat(held);
      yield all.subarray(0, bytes);
      held = [all.subarray(bytes)];
      heldBytes = all.length - bytes;
    }
  }
  if (heldBytes > 0) yield Buffer.concat(held);
}

async function* empty(): AsyncGenerator<Uint8Array> {}

function codeOf(err: unknown): string {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? code : '';
}
