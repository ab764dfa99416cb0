import { NumpyError } from '../numpy/errors.js';
import type { RandomState } from '../numpy/randomState.js';
import { encodeLabels, type Labels } from '../numpy/unique.js';
import { approximateMode } from './approximateMode.js';
import { checkRandomState } from './checkRandomState.js';
import { checkConsistentLength, checkNonEmpty, checkOutput, resolveSamples } from './checks.js';
import { pyFloatRepr } from '../numpy/pyFormat.js';
import { sklearnProfile, type SklearnProfile } from './version.js';
import { DEFAULT_LIMITS, type Fold, type PyNumber, type SplitLimits } from './types.js';
import { validateShuffleSplit } from './validateShuffleSplit.js';

/** Options of `ShuffleSplit(...)` and `.split(np.zeros(n_samples))`. */
export interface ShuffleSplitOptions {
  readonly n_samples: number;
  readonly n_splits?: number;
  readonly test_size?: PyNumber | null;
  readonly train_size?: PyNumber | null;
  readonly random_state: number | bigint | RandomState;
}

/** `range(n_splits)` in Python: a float is a TypeError (after the sizes and the seed were checked). */
function splitCount(nSplits: number): number {
  if (!Number.isInteger(nSplits)) throw new NumpyError("'float' object cannot be interpreted as an integer", 'TypeError');
  return Math.max(0, nSplits);
}

/**
 * `list(ShuffleSplit(n_splits, test_size=, train_size=, random_state=).split(np.zeros(n_samples)))`:
 * per split one `permutation(n)`; test = its first n_test, train the next n_train (sklearn 1.2.1).
 * @example shuffleSplit({ n_samples: 10, n_splits: 1, test_size: pyFloat(0.3), random_state: 42 })[0].test // [8, 1, 5]
 */
export function shuffleSplit(opts: ShuffleSplitOptions, limits: SplitLimits = DEFAULT_LIMITS): Fold[] {
  const n = resolveSamples(opts.n_samples, null, limits);
  const { nTrain, nTest } = validateShuffleSplit(n, opts.test_size ?? null, opts.train_size ?? null, 0.1);
  const rng = checkRandomState(opts.random_state);
  const nSplits = splitCount(opts.n_splits ?? 10);
  checkOutput((nTrain + nTest) * nSplits, limits);
  const folds: Fold[] = [];
  for (let s = 0; s < nSplits; s++) {
    const p = rng.permutation(n);
    // ind_test = permutation[:n_test]; ind_train = permutation[n_test:n_test + n_train] (views, as numpy's)
    folds.push({ train: p.subarray(nTest, nTest + nTrain), test: p.subarray(0, nTest) });
  }
  return folds;
}

/** Options of `StratifiedShuffleSplit(...)` and `.split(np.zeros(n_samples), y)`. */
export interface StratifiedShuffleSplitOptions {
  readonly n_samples?: number | null;
  readonly y: Labels;
  readonly n_splits?: number;
  readonly test_size?: PyNumber | null;
  readonly train_size?: PyNumber | null;
  readonly random_state: number | bigint | RandomState;
}

/**
 * `list(StratifiedShuffleSplit(...).split(np.zeros(n_samples), y))` (sklearn 1.2.1 `_iter_indices`):
 * classes in sorted label order, `_approximate_mode` for train then test, a permutation per class, then
 * permutations of train and of test.
 * @example stratifiedShuffleSplit({ y: numbers([0,0,0,1,1,1]), n_splits: 1, test_size: pyFloat(0.5), random_state: 0 })[0] // train [5, 2, 3], test [4, 1, 0]
 */
export function stratifiedShuffleSplit(
  opts: StratifiedShuffleSplitOptions,
  limits: SplitLimits = DEFAULT_LIMITS,
  profile: SklearnProfile = sklearnProfile('1.9'),
): Fold[] {
  const y = opts.y;
  const n = resolveSamples(opts.n_samples, y, limits);
  checkNonEmpty(y);
  checkConsistentLength([n, y.values.length]);
  const { nTrain, nTest } = validateShuffleSplit(n, opts.test_size ?? null, opts.train_size ?? null, 0.1);
  const enc = encodeLabels(y);
  const k = enc.nClasses;
  const counts = enc.counts;
  let minCount = Infinity;
  for (let c = 0; c < k; c++) minCount = Math.min(minCount, counts[c]!);
  if (minCount < 2 && profile.namesTooFewClasses) {
    // sklearn 1.9: too_few_classes = classes[class_counts < 2].tolist()
    const few: string[] = [];
    for (let c = 0; c < k; c++) if (counts[c]! < 2) few.push(pyRepr(y, enc.firstIndex[c]!));
    throw new NumpyError(
      `The least populated classes in y have only 1 member, which is too few. The minimum number of groups for any class cannot be less than 2. Classes with too few members are: [${few.join(', ')}]`,
    );
  }
  if (minCount < 2) {
    throw new NumpyError(
      'The least populated class in y has only 1 member, which is too few. The minimum number of groups for any class cannot be less than 2.',
    );
  }
  if (nTrain < k) throw new NumpyError(`The train_size = ${nTrain} should be greater or equal to the number of classes = ${k}`);
  if (nTest < k) throw new NumpyError(`The test_size = ${nTest} should be greater or equal to the number of classes = ${k}`);
  // class_indices = np.split(np.argsort(y_indices, kind="mergesort"), np.cumsum(class_counts)[:-1])
  const start = new Int32Array(k + 1);
  for (let c = 0; c < k; c++) start[c + 1] = start[c]! + counts[c]!;
  const members = new Int32Array(n);
  const fill = start.slice(0, k);
  for (let i = 0; i < n; i++) {
    const c = enc.inverse[i]!;
    members[fill[c]!] = i;
    fill[c] = fill[c]! + 1;
  }
  const rng = checkRandomState(opts.random_state);
  const nSplits = splitCount(opts.n_splits ?? 10);
  checkOutput((nTrain + nTest) * nSplits, limits);
  const folds: Fold[] = [];
  for (let s = 0; s < nSplits; s++) {
    const nI = approximateMode(counts, nTrain, rng);
    const remaining = new Int32Array(k);
    for (let c = 0; c < k; c++) remaining[c] = counts[c]! - nI[c]!;
    const tI = approximateMode(remaining, nTest, rng);
    let trainLen = 0;
    let testLen = 0;
    for (let c = 0; c < k; c++) {
      trainLen += Math.min(nI[c]!, counts[c]!);
      testLen += Math.max(0, Math.min(nI[c]! + tI[c]!, counts[c]!) - Math.min(nI[c]!, counts[c]!));
    }
    const train = new Int32Array(trainLen);
    const test = new Int32Array(testLen);
    let tr = 0;
    let te = 0;
    for (let c = 0; c < k; c++) {
      // permutation = rng.permutation(class_counts[i]); perm_indices_class_i = class_indices[i].take(permutation)
      const perm = rng.permutation(counts[c]!);
      const base = start[c]!;
      const cut = Math.min(nI[c]!, counts[c]!);
      const end = Math.min(nI[c]! + tI[c]!, counts[c]!);
      for (let t = 0; t < cut; t++) train[tr++] = members[base + perm[t]!]!;
      for (let t = cut; t < end; t++) test[te++] = members[base + perm[t]!]!;
    }
    // train = rng.permutation(train); test = rng.permutation(test)
    rng.shuffle(train);
    rng.shuffle(test);
    folds.push({ train, test });
  }
  return folds;
}

/** Python's `repr()` of one label as `ndarray.tolist()` gives it (int, float, str or bool). */
function pyRepr(y: Labels, i: number): string {
  if (y.kind === 'bool') return y.values[i] ? 'True' : 'False';
  if (y.kind === 'string') {
    const v = y.values[i]!.replace(/\u0000+$/, '');
    return v.includes("'") && !v.includes('"') ? `"${v}"` : `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  }
  const v = y.values[i]!;
  return y.float ? pyFloatRepr(v) : String(v);
}
