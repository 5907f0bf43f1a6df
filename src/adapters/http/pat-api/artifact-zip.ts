/**
 * An artifact's stored archive (`domain/artifacts/archive-format.ts`) as a zip, streamed:
 * each entry is handed to yazl as it is read, deflated, with the artifact's time and the
 * executable bit. Nothing is held whole; a client that goes away stops the reading.
 */
import { once } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import { ZipFile } from 'yazl';
import { ArchiveReader } from '../../../domain/artifacts/archive-format.js';

/** The zip of `archive`; a malformed archive or a failed read destroys the stream with the error. */
export function zipArtifact(archive: AsyncIterable<Uint8Array>, mtime: Date): Readable {
  const zip = new ZipFile();
  const out = zip.outputStream as Readable;
  const gone = new AbortController();
  out.once('close', () => gone.abort());
  void (async () => {
    const reader = new ArchiveReader();
    let entry: PassThrough | null = null;
    try {
      for await (const piece of archive) {
        for (const event of reader.push(piece)) {
          if (event.kind === 'entry') {
            entry = new PassThrough();
            const mode = event.entry.executable ? 0o100755 : 0o100644;
            zip.addReadStream(entry, event.entry.path, {
              mtime,
              mode,
              size: event.entry.size,
              compress: true,
            });
          } else if (event.kind === 'data') {
            if (entry && !entry.write(event.bytes)) await once(entry, 'drain', { signal: gone.signal });
          } else {
            entry?.end();
            entry = null;
          }
        }
      }
      reader.finish();
      zip.end();
    } catch (err) {
      entry?.destroy();
      out.destroy(err instanceof Error ? err : new Error(String(err)));
    }
  })();
  return out;
}
