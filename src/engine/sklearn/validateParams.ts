import { NumpyError } from '../numpy/errors.js';
import { pyStr } from './format.js';
import type { PyNumber } from './types.js';

/**
 * Throws sklearn's `InvalidParameterError` (sklearn/utils/_param_validation.py@1.9.1 `validate_parameter_constraints`):
 * `The '{name}' parameter of {caller} must be {constraints}. Got {value!r} instead.`
 * @internal
 */
export function invalidParameter(name: string, caller: string, constraints: string, value: PyNumber | number | bigint | boolean): never {
  const shown = typeof value === 'object' ? pyStr(value) : typeof value === 'boolean' ? (value ? 'True' : 'False') : String(value);
  throw new NumpyError(`The '${name}' parameter of ${caller} must be ${constraints}. Got ${shown} instead.`, 'InvalidParameterError');
}

/**
 * The `"random_state"` constraint (an int in [0, 2^32 - 1], a RandomState or None) of a validated function.
 * @internal
 */
export function IntervalRandomState(caller: string, seed: number | bigint): void {
  const v = BigInt(seed);
  if (v < 0n || v > 0xffffffffn) {
    invalidParameter('random_state', caller, "an int in the range [0, 4294967295], an instance of 'numpy.random.mtrand.RandomState' or None", v);
  }
}
