import { NumpyError } from '../numpy/errors.js';
import type { Labels } from '../numpy/unique.js';
import { checkOutput, resolveSamples } from './checks.js';
import { shuffleSplit, stratifiedShuffleSplit } from './shuffleSplit.js';
import { sklearnProfile, type SklearnVersion } from './version.js';
import { invalidParameter, IntervalRandomState } from './validateParams.js';
import { DEFAULT_LIMITS, type Fold, type PyNumber, type SplitLimits } from './types.js';
import { validateShuffleSplit } from './validateShuffleSplit.js';

/** Options of `train_test_split(np.arange(n_samples), ...)`, with sklearn's keyword names. */
export interface TrainTestSplitOptions {
  /** Length of X; defaults to the length of `stratify`. */
  readonly n_samples?: number | null;
  readonly test_size?: PyNumber | null;
  readonly train_size?: PyNumber | null;
  /** Required unless `shuffle` is false (sklearn then never reads it). */
  readonly random_state?: number | bigint | null;
  readonly shuffle?: boolean;
  readonly stratify?: Labels | null;
  /** The release whose behaviour to reproduce (default "1.9"). */
  readonly sklearn_version?: SklearnVersion | null;
}

/**
 * `X_train, X_test = train_test_split(np.arange(n_samples), ...)` in scikit-learn 1.2.1: one split of
 * `ShuffleSplit` (or `StratifiedShuffleSplit` with `stratify`) with the integer sizes, or the first
 * n_train and next n_test indices without shuffling.
 * @example trainTestSplit({ n_samples: 10, random_state: 42 }) // { train: [0, 7, 2, 9, 4, 3, 6], test: [8, 1, 5] }
 */
export function trainTestSplit(opts: TrainTestSplitOptions, limits: SplitLimits = DEFAULT_LIMITS): Fold {
  const stratify = opts.stratify ?? null;
  const profile = sklearnProfile(opts.sklearn_version);
  if (profile.validateParams) validateTrainTestSplitParams(opts);
  const n = resolveSamples(opts.n_samples, stratify, limits);
  const { nTrain, nTest } = validateShuffleSplit(n, opts.test_size ?? null, opts.train_size ?? null, 0.25);
  if (opts.shuffle === false) {
    if (stratify !== null) throw new NumpyError('Stratified train/test split is not implemented for shuffle=False');
    checkOutput(nTrain + nTest, limits);
    const train = new Int32Array(nTrain);
    const test = new Int32Array(nTest);
    for (let i = 0; i < nTrain; i++) train[i] = i;
    for (let i = 0; i < nTest; i++) test[i] = nTrain + i;
    return { train, test };
  }
  if (opts.random_state === null || opts.random_state === undefined) {
    throw new TypeError('train_test_split with shuffle needs an integer random_state');
  }
  const sizes = { n_splits: 1, test_size: { kind: 'int', value: BigInt(nTest) }, train_size: { kind: 'int', value: BigInt(nTrain) } } as const;
  const folds =
    stratify === null
      ? shuffleSplit({ n_samples: n, ...sizes, random_state: opts.random_state }, limits)
      : stratifiedShuffleSplit({ n_samples: n, y: stratify, ...sizes, random_state: opts.random_state }, limits, profile);
  return folds[0]!;
}

/**
 * sklearn >= 1.3 `@validate_params` of `train_test_split`, in signature order: test_size, train_size,
 * random_state (also with shuffle=False), shuffle.
 */
function validateTrainTestSplitParams(o: TrainTestSplitOptions): void {
  const size = (name: string, v: PyNumber | null | undefined): void => {
    if (v === null || v === undefined) return;
    const ok = v.kind === 'float' ? v.value > 0 && v.value < 1 : v.value >= 1n;
    if (!ok) invalidParameter(name, 'train_test_split', 'a float in the range (0.0, 1.0), an int in the range [1, inf) or None', v);
  };
  size('test_size', o.test_size);
  size('train_size', o.train_size);
  if (o.random_state !== null && o.random_state !== undefined) IntervalRandomState('train_test_split', o.random_state);
}
