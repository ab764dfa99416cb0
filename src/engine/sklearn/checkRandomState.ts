import { RandomState } from '../numpy/randomState.js';

/**
 * scikit-learn's `check_random_state(seed)` for an integer: a new `numpy.random.RandomState(seed)`.
 * (`None`, numpy's global generator, is never reproducible and is refused before the engine.)
 * @throws NumpyError `Seed must be between 0 and 2**32 - 1` outside [0, 2^32 - 1].
 * @example checkRandomState(42).permutation(10) // [8, 1, 5, 0, 7, 2, 9, 4, 3, 6]
 */
export function checkRandomState(seed: number | bigint | RandomState): RandomState {
  return seed instanceof RandomState ? seed : new RandomState(seed);
}
