import { invalid } from '../errors.js';

/** Labels a runner gets when the operator names none (facts §3.4). */
export const DEFAULT_RUNNER_LABELS: readonly string[] = ['self-hosted', 'linux', 'ubuntu-latest', 'x64'];

/** Longest accepted label, in characters. */
export const MAX_LABEL_LENGTH = 100;

const LABEL = /^[A-Za-z0-9_.-]+$/;

/**
 * Trims every label, rejects empty, over-long or ill-formed ones (`invalid`,
 * `runner.label_invalid`, naming the label) and drops repeats, keeping first order.
 */
export function normaliseLabels(labels: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const raw of labels) {
    const label = raw.trim();
    if (label === '') throw invalid('runner.label_invalid', 'labels must not be empty');
    if (label.length > MAX_LABEL_LENGTH) {
      throw invalid(
        'runner.label_invalid',
        `label "${label}" must be at most ${MAX_LABEL_LENGTH} characters`,
      );
    }
    if (!LABEL.test(label)) {
      throw invalid('runner.label_invalid', `label "${label}" must match ^[A-Za-z0-9_.-]+$`);
    }
    seen.add(label);
  }
  return [...seen];
}

/**
 * Reads labels from a comma-separated CLI flag or environment value (`"linux, x64"`).
 * Blank entries (`"a,,b"`, a trailing comma) are skipped; the rest go through
 * {@link normaliseLabels}.
 */
export function parseLabelsCsv(csv: string): string[] {
  return normaliseLabels(csv.split(',').filter((part) => part.trim() !== ''));
}
