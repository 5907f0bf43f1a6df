/**
 * Runs the route fuzz first, then the browser and other end-to-end files, then the rest in vitest's usual order (slowest first
 * when it has timings from an earlier run, else largest first). The end-to-end files are
 * the long ones, and a fresh checkout (CI) has no timings: there vitest would go by file
 * size and start the tiny `runner-*.test.ts` wrappers of the longest suites last.
 */
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const isEndToEnd = (spec: TestSpecification) => spec.moduleId.includes('/test/e2e/');

/**
 * The route fuzz is one test of a minute or more in one worker: started any later than
 * first, it alone finishes after every other file (measured: 110 s of a 204 s run started
 * 30 s in). The browser suites come next for the same reason when they run.
 */
const rank = (spec: TestSpecification): number => {
  if (spec.moduleId.endsWith('/test/e2e/fuzz-routes.test.ts')) return 0;
  if (spec.moduleId.includes('/test/browser/')) return 1;
  return isEndToEnd(spec) ? 2 : 3;
};

export class E2eFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    // A stable sort: vitest's order (slowest or largest first) within each rank.
    return sorted
      .map((spec, i) => ({ spec, i }))
      .sort((a, b) => rank(a.spec) - rank(b.spec) || a.i - b.i)
      .map((x) => x.spec);
  }
}
