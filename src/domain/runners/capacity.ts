import { invalid } from '../errors.js';

/** Bounds of a runner's concurrent-job capacity (`workflow_runners.capacity`). */
export const MIN_RUNNER_CAPACITY = 1;
export const MAX_RUNNER_CAPACITY = 64;

/** Returns `capacity` when it is an integer in 1..64, else `invalid` (`runner.capacity_invalid`). */
export function checkCapacity(capacity: number): number {
  if (!Number.isInteger(capacity) || capacity < MIN_RUNNER_CAPACITY || capacity > MAX_RUNNER_CAPACITY) {
    throw invalid(
      'runner.capacity_invalid',
      `capacity must be between ${MIN_RUNNER_CAPACITY} and ${MAX_RUNNER_CAPACITY}`,
    );
  }
  return capacity;
}
