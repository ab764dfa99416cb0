import { LimitError } from '../errors.js';
import { NumpyError } from '../numpy/errors.js';
import { type Labels, labelCount } from '../numpy/unique.js';
import type { SplitLimits } from './types.js';

/**
 * `check_consistent_length(X, y)`: `Found input variables with inconsistent numbers of samples: [10, 9]`.
 * @internal
 */
export function checkConsistentLength(lengths: number[]): void {
  if (new Set(lengths).size > 1) {
    throw new NumpyError(`Found input variables with inconsistent numbers of samples: [${lengths.join(', ')}]`);
  }
}

/**
 * `check_array(y, ensure_2d=False)` on an empty column.
 * @internal
 */
export function checkNonEmpty(labels: Labels): void {
  if (labelCount(labels) === 0) {
    throw new NumpyError('Found array with 0 sample(s) (shape=(0,)) while a minimum of 1 is required.');
  }
}

/**
 * `n_samples` as the request gives it, else the labels' length; checked against the samples limit.
 * @internal
 */
export function resolveSamples(nSamples: number | null | undefined, labels: Labels | null | undefined, limits: SplitLimits): number {
  const n = nSamples ?? (labels ? labelCount(labels) : 0);
  if (n > limits.maxSamples) throw new LimitError('MAX_SAMPLES', limits.maxSamples, n);
  if (labels && labelCount(labels) > limits.maxSamples) throw new LimitError('MAX_SAMPLES', limits.maxSamples, labelCount(labels));
  return n;
}

/** Refuses work over the output-indices limit (413). @internal */
export function checkOutput(requested: number, limits: SplitLimits): void {
  if (!(requested <= limits.maxOutput)) throw new LimitError('MAX_OUTPUT_INDICES', limits.maxOutput, requested);
}
