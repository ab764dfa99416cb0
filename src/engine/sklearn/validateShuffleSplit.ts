import { pyFloatRepr } from '../numpy/pyFormat.js';
import { NumpyError } from '../numpy/errors.js';
import { pyStr } from './format.js';
import type { PyNumber } from './types.js';

/** = 2^63 */
const TWO_POW_63 = 1n << 63n;
/** = 2^64 */
const TWO_POW_64 = 1n << 64n;

/** `np.asarray(size).dtype.kind`: 'i' for an int64, 'u' for a uint64-only int, 'O' for a larger int or None, 'f' for a float. */
function dtypeKind(v: PyNumber | null): 'i' | 'u' | 'f' | 'O' {
  if (v === null) return 'O';
  if (v.kind === 'float') return 'f';
  if (v.value >= -TWO_POW_63 && v.value < TWO_POW_63) return 'i';
  if (v.value >= 0n && v.value < TWO_POW_64) return 'u';
  return 'O';
}

/** The value of a size as a double (ints below 2^63; only compared, or used below n_samples). */
function num(v: PyNumber): number {
  return v.kind === 'int' ? Number(v.value) : v.value;
}

/**
 * scikit-learn's `_validate_shuffle_split(n_samples, test_size, train_size, default_test_size)`:
 * the integer train and test sizes, with sklearn's float64 rounding (`ceil(test_size * n)`, `floor(train_size * n)`)
 * and its refusals in its order (sklearn/model_selection/_split.py@1.2.1).
 * @throws NumpyError with sklearn's message.
 * @example validateShuffleSplit(100, pyFloat(0.07), null, 0.25) // { nTrain: 92, nTest: 8 }
 */
export function validateShuffleSplit(
  nSamples: number,
  testSize: PyNumber | null,
  trainSize: PyNumber | null,
  defaultTestSize: number,
): { nTrain: number; nTest: number } {
  // if test_size is None and train_size is None: test_size = default_test_size
  if (testSize === null && trainSize === null) testSize = { kind: 'float', value: defaultTestSize };
  const testKind = dtypeKind(testSize);
  const trainKind = dtypeKind(trainSize);
  const outOfRange = (v: PyNumber | null, kind: string): boolean =>
    v !== null &&
    ((kind === 'i' && (num(v) >= nSamples || num(v) <= 0)) || (kind === 'f' && (num(v) <= 0 || num(v) >= 1)));
  if (outOfRange(testSize, testKind)) {
    throw new NumpyError(
      `test_size=${pyStr(testSize)} should be either positive and smaller than the number of samples ${nSamples} or a float in the (0, 1) range`,
    );
  }
  if (outOfRange(trainSize, trainKind)) {
    throw new NumpyError(
      `train_size=${pyStr(trainSize)} should be either positive and smaller than the number of samples ${nSamples} or a float in the (0, 1) range`,
    );
  }
  if (trainSize !== null && trainKind !== 'i' && trainKind !== 'f') throw new NumpyError(`Invalid value for train_size: ${pyStr(trainSize)}`);
  if (testSize !== null && testKind !== 'i' && testKind !== 'f') throw new NumpyError(`Invalid value for test_size: ${pyStr(testSize)}`);
  if (trainKind === 'f' && testKind === 'f' && num(trainSize!) + num(testSize!) > 1) {
    throw new NumpyError(
      `The sum of test_size and train_size = ${pyFloatRepr(num(trainSize!) + num(testSize!))}, should be in the (0, 1) range. Reduce test_size and/or train_size.`,
    );
  }
  let nTest = 0;
  let nTrain = 0;
  // n_test = ceil(test_size * n_samples) / float(test_size); n_train = floor(train_size * n_samples) / float(train_size)
  if (testSize !== null) nTest = testKind === 'f' ? Math.ceil(num(testSize) * nSamples) : num(testSize);
  if (trainSize !== null) nTrain = trainKind === 'f' ? Math.floor(num(trainSize) * nSamples) : num(trainSize);
  if (trainSize === null) nTrain = nSamples - nTest;
  else if (testSize === null) nTest = nSamples - nTrain;
  if (nTrain + nTest > nSamples) {
    throw new NumpyError(
      `The sum of train_size and test_size = ${Math.trunc(nTrain + nTest)}, should be smaller than the number of samples ${nSamples}. Reduce test_size and/or train_size.`,
    );
  }
  nTrain = Math.trunc(nTrain);
  nTest = Math.trunc(nTest);
  if (nTrain === 0) {
    throw new NumpyError(
      `With n_samples=${nSamples}, test_size=${pyStr(testSize)} and train_size=${pyStr(trainSize)}, the resulting train set will be empty. Adjust any of the aforementioned parameters.`,
    );
  }
  return { nTrain, nTest };
}
