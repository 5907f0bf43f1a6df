/**
 * What a log scrubber hides (SPEC §11): each secret value, each line of a multi-line value,
 * and the base64, URL-encoded and JSON-escaped forms of both, longest first.
 */

/**
 * Masks shorter than this are dropped. GitHub masks any non-empty value, but a one- or
 * two-character "secret" (`1`, `on`, `ab`) occurs in nearly every log line: replacing it
 * shreds the log into `***` confetti while hiding nothing an attacker could not guess anyway.
 */
export const MIN_MASK_LENGTH = 3;

/** The strings to replace, longest (in UTF-8 bytes) first, each also as UTF-8 bytes. */
export interface MaskSet {
  readonly texts: readonly string[];
  readonly bytes: readonly Uint8Array[];
}

const encoder = new TextEncoder();

/**
 * Builds the mask set for a job's secret values. Values and lines shorter than
 * `MIN_MASK_LENGTH` characters are ignored, as are derived forms that come out shorter.
 * Duplicates collapse; the order is by UTF-8 length descending, then by text, so the
 * result does not depend on the order of `values`.
 */
export function buildMaskSet(values: readonly string[]): MaskSet {
  const masks = new Set<string>();
  for (const value of values) {
    for (const piece of piecesOf(value)) {
      for (const form of formsOf(piece)) if (form.length >= MIN_MASK_LENGTH) masks.add(form);
    }
  }
  const sorted = [...masks]
    .map((text) => ({ text, bytes: encoder.encode(text) }))
    .sort((a, b) => b.bytes.length - a.bytes.length || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
  return { texts: sorted.map((m) => m.text), bytes: sorted.map((m) => m.bytes) };
}

/** The whole value and, when it spans lines, each trimmed line. */
function piecesOf(value: string): string[] {
  if (value.length < MIN_MASK_LENGTH) return [];
  const pieces = [value];
  if (/[\r\n]/.test(value)) {
    for (const line of value.split(/\r?\n|\r/)) {
      const trimmed = line.trim();
      if (trimmed.length >= MIN_MASK_LENGTH) pieces.push(trimmed);
    }
  }
  return pieces;
}

/** The piece itself and the encodings a step is likely to print it in. */
function formsOf(piece: string): string[] {
  const base64 = Buffer.from(piece, 'utf8').toString('base64');
  return [
    piece,
    base64,
    base64.replace(/=+$/, ''),
    ...embeddedBase64(piece),
    ...urlEncoded(piece),
    JSON.stringify(piece).slice(1, -1),
  ];
}

/** `encodeURIComponent` throws on a lone surrogate; such a value has no URL form to hide. */
function urlEncoded(piece: string): string[] {
  try {
    return [encodeURIComponent(piece)];
  } catch {
    return [];
  }
}

/**
 * The base64 characters that depend only on the piece when it sits at byte offset 0, 1 or
 * 2 (mod 3) inside a longer base64-encoded stream: a secret in an encoded config file or
 * an `Authorization: Basic` header is caught even though the stream's own padding differs.
 */
function embeddedBase64(piece: string): string[] {
  const raw = Buffer.from(piece, 'utf8');
  const forms: string[] = [];
  for (const offset of [0, 1, 2]) {
    const padded = Buffer.concat([Buffer.alloc(offset), raw]);
    const encoded = padded.toString('base64');
    const first = Math.ceil((offset * 8) / 6);
    const end = Math.floor(((offset + raw.length) * 8) / 6);
    if (end > first) forms.push(encoded.slice(first, end));
  }
  return forms;
}
