/** Artifact archives for tests, in the format the runner writes (`archive-format.ts`). */
import { createHash } from 'node:crypto';
import { ARCHIVE_END, ARCHIVE_MAGIC, encodeEntryHeader } from '../../src/domain/artifacts/archive-format.js';

/** The archive of `files` (path → content); paths in `executable` get the executable bit. */
export function archiveOf(files: Record<string, string | Uint8Array>, executable: string[] = []): Uint8Array {
  const parts: Uint8Array[] = [ARCHIVE_MAGIC];
  for (const [path, content] of Object.entries(files)) {
    const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
    parts.push(encodeEntryHeader({ path, size: bytes.length, executable: executable.includes(path) }));
    parts.push(bytes);
  }
  parts.push(ARCHIVE_END);
  return new Uint8Array(Buffer.concat(parts));
}

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
