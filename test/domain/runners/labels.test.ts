import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RUNNER_LABELS,
  normaliseLabels,
  parseLabelsCsv,
} from '../../../src/domain/runners/labels.js';

describe('normaliseLabels', () => {
  it.each([
    ['keeps valid labels in order', ['linux', 'x64'], ['linux', 'x64']],
    ['trims white space', ['  linux ', '\tx64\n'], ['linux', 'x64']],
    ['drops repeats, keeping the first', ['x64', 'linux', 'x64', ' linux'], ['x64', 'linux']],
    ['accepts dots, dashes and underscores', ['ubuntu-22.04', 'gpu_a100'], ['ubuntu-22.04', 'gpu_a100']],
    ['is case-sensitive', ['Linux', 'linux'], ['Linux', 'linux']],
    ['accepts exactly 100 characters', ['a'.repeat(100)], ['a'.repeat(100)]],
    ['accepts an empty list', [], []],
  ])('%s', (_name, input, expected) => {
    expect(normaliseLabels(input)).toEqual(expected);
  });

  it.each([
    ['a space inside', ['ubuntu latest'], 'label "ubuntu latest" must match ^[A-Za-z0-9_.-]+$'],
    ['a comma', ['a,b'], 'label "a,b" must match ^[A-Za-z0-9_.-]+$'],
    ['a non-ASCII letter', ['linüx'], 'label "linüx" must match ^[A-Za-z0-9_.-]+$'],
    ['an empty entry', ['linux', ''], 'labels must not be empty'],
    ['a blank entry', ['   '], 'labels must not be empty'],
    ['101 characters', ['b'.repeat(101)], `label "${'b'.repeat(101)}" must be at most 100 characters`],
  ])('rejects %s', (_name, input, message) => {
    expect(() => normaliseLabels(input)).toThrow(
      expect.objectContaining({ kind: 'invalid', code: 'runner.label_invalid', message }),
    );
  });
});

describe('parseLabelsCsv', () => {
  it.each([
    ['splits on commas and trims', 'linux, x64 ,gpu', ['linux', 'x64', 'gpu']],
    ['skips blank entries', 'linux,,x64,', ['linux', 'x64']],
    ['gives nothing for an empty value', '', []],
    ['de-duplicates', 'x64,x64', ['x64']],
  ])('%s', (_name, csv, expected) => {
    expect(parseLabelsCsv(csv)).toEqual(expected);
  });

  it('rejects an invalid entry with the label named', () => {
    expect(() => parseLabelsCsv('linux,bad label')).toThrow('label "bad label" must match ^[A-Za-z0-9_.-]+$');
  });
});

describe('DEFAULT_RUNNER_LABELS', () => {
  it('is the shared set of the original system', () => {
    expect(DEFAULT_RUNNER_LABELS).toEqual(['self-hosted', 'linux', 'ubuntu-latest', 'x64']);
  });
});
