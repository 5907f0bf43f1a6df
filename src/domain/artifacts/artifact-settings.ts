/** The server's artifact limits (`artifacts.*` configuration; docs/storage-and-retention.md). */

export interface ArtifactSettings {
  /** Largest archive one upload may declare, in bytes. */
  maxBytes: number;
  /** Days an artifact is kept when the step asks for none; also the most it may ask for. */
  retentionDays: number;
}

/** The largest chunk the server takes in one call (the runner sends at most this). */
export const MAX_ARTIFACT_CHUNK_BYTES = 8 * 1024 * 1024;

/** An upload nobody adds to for this long expires (and the sweep removes its parts). */
export const UPLOAD_WINDOW_MS = 24 * 60 * 60 * 1000;

export const DAY_MS = 24 * 60 * 60 * 1000;

/** Days to keep an artifact: what the step asked, at most the configured days, the default without. */
export function retentionDaysFor(settings: ArtifactSettings, asked: number | null): number {
  return asked === null ? settings.retentionDays : Math.max(1, Math.min(asked, settings.retentionDays));
}
