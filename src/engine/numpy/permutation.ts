import { LimitError } from '../errors.js';
import { defaultRng } from './pcg64.js';
import { RandomState, type LegacySeed } from './randomState.js';

/** The bit generators `/v1/numpy/permutation` offers. */
export type PermutationGenerator = 'RandomState' | 'default_rng';

/** Options of a seeded numpy permutation. */
export interface NumpyPermutationOptions {
  /** An integer or a non-empty sequence of integers. */
  readonly seed: LegacySeed;
  readonly n: number;
  readonly generator?: PermutationGenerator;
}

/**
 * `np.random.RandomState(seed).permutation(n)` or `np.random.default_rng(seed).permutation(n)` (numpy 1.24).
 * @throws NumpyError for seeds numpy refuses; LimitError when n is over `maxN`.
 * @example numpyPermutation({ seed: 42, n: 10 }) // [8, 1, 5, 0, 7, 2, 9, 4, 3, 6]
 */
export function numpyPermutation(opts: NumpyPermutationOptions, maxN = 10_000_000): Int32Array {
  if (opts.n > maxN) throw new LimitError('MAX_SAMPLES', maxN, opts.n);
  if ((opts.generator ?? 'RandomState') === 'RandomState') return new RandomState(opts.seed).permutation(opts.n);
  return defaultRng(opts.seed).permutation(opts.n);
}
