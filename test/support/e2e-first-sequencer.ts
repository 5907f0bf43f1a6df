/**
 * Runs the end-to-end files first, then the rest in vitest's usual order (slowest first
 * when it has timings from an earlier run, else largest first). The end-to-end files are
 * the long ones, and a fresh checkout (CI) has no timings: there vitest would go by file
 * size and start the tiny `runner-*.test.ts` wrappers of the longest suites last.
 */
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const isEndToEnd = (spec: TestSpecification) => spec.moduleId.includes('/test/e2e/');

export class E2eFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    return [...sorted.filter(isEndToEnd), ...sorted.filter((spec) => !isEndToEnd(spec))];
  }
}
