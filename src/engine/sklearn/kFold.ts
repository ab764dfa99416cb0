import { NumpyError } from '../numpy/errors.js';
import { pyFloatRepr } from '../numpy/pyFormat.js';
import { argsort } from '../numpy/argsort.js';
import type { RandomState } from '../numpy/randomState.js';
import { encodeLabels, type Labels } from '../numpy/unique.js';
import { checkRandomState } from './checkRandomState.js';
import { checkConsistentLength, checkNonEmpty, checkOutput, resolveSamples } from './checks.js';
import { sklearnProfile, type SklearnProfile } from './version.js';
import { DEFAULT_LIMITS, type CvResult, type Fold, type PyNumber, type SplitLimits } from './types.js';

/** = 2^63 */
const TWO_POW_63 = 2 ** 63;

/**
 * `_BaseKFold.__init__` checks (sklearn 1.2.1), in its order; returns n_splits as a number.
 * @internal
 */
export function baseKFoldInit(nSplits: PyNumber, shuffle: boolean, randomState: unknown): number {
  if (nSplits.kind === 'float') {
    throw new NumpyError(`The number of folds must be of Integral type. ${pyFloatRepr(nSplits.value)} of type <class 'float'> was passed.`);
  }
  if (nSplits.value <= 1n) {
    throw new NumpyError(
      `k-fold cross-validation requires at least one train/test split by setting n_splits=2 or more, got n_splits=${nSplits.value}.`,
    );
  }
  if (!shuffle && randomState !== null && randomState !== undefined) {
    throw new NumpyError(
      'Setting a random_state has no effect since shuffle is False. You should leave random_state to its default (None), or set shuffle=True.',
    );
  }
  return nSplits.value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(nSplits.value);
}

/** `_BaseKFold.split`: `Cannot have number of splits n_splits=5 greater than the number of samples: n_samples=4.` */
function checkSplitsVsSamples(nSplits: PyNumber, n: number): void {
  if (nSplits.kind === 'int' && nSplits.value > BigInt(n)) {
    throw new NumpyError(`Cannot have number of splits n_splits=${nSplits.value} greater than the number of samples: n_samples=${n}.`);
  }
}

/**
 * The folds from each sample's fold number, as `BaseCrossValidator.split` builds them from masks:
 * test = samples of fold f ascending, train = the others ascending.
 * @internal
 */
export function foldsFromAssignment(foldOf: Int32Array, nSplits: number): Fold[] {
  const n = foldOf.length;
  const sizes = new Int32Array(nSplits);
  for (let i = 0; i < n; i++) {
    const f = foldOf[i]!;
    if (f >= 0 && f < nSplits) sizes[f] = sizes[f]! + 1;
  }
  const folds: Fold[] = [];
  for (let f = 0; f < nSplits; f++) {
    const test = new Int32Array(sizes[f]!);
    const train = new Int32Array(n - sizes[f]!);
    let a = 0;
    let b = 0;
    for (let i = 0; i < n; i++) {
      if (foldOf[i] === f) test[a++] = i;
      else train[b++] = i;
    }
    folds.push({ train, test });
  }
  return folds;
}

/** Options of `KFold(n_splits, shuffle=, random_state=)` and `.split(np.zeros(n_samples))`. */
export interface KFoldOptions {
  readonly n_samples: number;
  readonly n_splits?: PyNumber;
  readonly shuffle?: boolean;
  readonly random_state?: number | bigint | RandomState | null;
}

/**
 * `list(KFold(...).split(np.zeros(n_samples)))` (sklearn 1.2.1): the first `n % k` folds one larger, consecutive
 * slices of `arange(n)` (shuffled by one `shuffle` when asked); train and test ascending.
 * @example kFold({ n_samples: 4, n_splits: pyInt(2) }).folds[0] // { train: [2, 3], test: [0, 1] }
 */
export function kFold(opts: KFoldOptions, limits: SplitLimits = DEFAULT_LIMITS): CvResult {
  const nSplitsArg = opts.n_splits ?? { kind: 'int', value: 5n };
  const shuffle = opts.shuffle ?? false;
  const nSplits = baseKFoldInit(nSplitsArg, shuffle, opts.random_state);
  const n = resolveSamples(opts.n_samples, null, limits);
  checkSplitsVsSamples(nSplitsArg, n);
  const indices = new Int32Array(n);
  for (let i = 0; i < n; i++) indices[i] = i;
  if (shuffle) {
    if (opts.random_state === null || opts.random_state === undefined) throw new TypeError('KFold(shuffle=True) needs an integer random_state');
    checkRandomState(opts.random_state).shuffle(indices);
  }
  checkOutput(n * nSplits, limits);
  const foldOf = new Int32Array(n);
  const small = Math.floor(n / nSplits);
  const extra = n % nSplits;
  let pos = 0;
  for (let f = 0; f < nSplits; f++) {
    const size = small + (f < extra ? 1 : 0);
    for (let t = 0; t < size; t++) foldOf[indices[pos++]!] = f;
  }
  return { folds: foldsFromAssignment(foldOf, nSplits), warnings: [] };
}

/** Options of `StratifiedKFold(n_splits, shuffle=, random_state=)` and `.split(np.zeros(n_samples), y)`. */
export interface StratifiedKFoldOptions {
  readonly n_samples?: number | null;
  readonly y: Labels;
  readonly n_splits?: PyNumber;
  readonly shuffle?: boolean;
  readonly random_state?: number | bigint | RandomState | null;
}

/**
 * @internal
 * `type_of_target(y)` is 'continuous' when a float column has a value that `y.astype(int)` changes:
 * a fraction, or a magnitude int64 cannot hold (x86 casts it to -2^63).
 */
export function isContinuousTarget(y: Labels): boolean {
  if (y.kind !== 'number' || !y.float) return false;
  const v = y.values;
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    if (!Number.isInteger(x) || x >= TWO_POW_63 || x < -TWO_POW_63) return true;
  }
  return false;
}

/**
 * `list(StratifiedKFold(...).split(np.zeros(n_samples), y))` (sklearn 1.2.1 `_make_test_folds`): classes in order
 * of first appearance, round-robin allocation over the sorted class numbers, and with `shuffle` one
 * `rng.shuffle(folds_for_class)` per class; the UserWarning when the smallest class is under n_splits.
 * @example stratifiedKFold({ y: numbers([0, 1, 0, 1]), n_splits: pyInt(2) }).folds[0].test // [0, 1]
 */
export function stratifiedKFold(opts: StratifiedKFoldOptions, limits: SplitLimits = DEFAULT_LIMITS): CvResult {
  const nSplitsArg = opts.n_splits ?? { kind: 'int', value: 5n };
  const shuffle = opts.shuffle ?? false;
  const nSplits = baseKFoldInit(nSplitsArg, shuffle, opts.random_state);
  const y = opts.y;
  const n = resolveSamples(opts.n_samples, y, limits);
  checkNonEmpty(y);
  checkConsistentLength([n, y.values.length]);
  checkSplitsVsSamples(nSplitsArg, n);
  let rng: RandomState | null = null;
  if (shuffle) {
    if (opts.random_state === null || opts.random_state === undefined) {
      throw new TypeError('StratifiedKFold(shuffle=True) needs an integer random_state');
    }
    rng = checkRandomState(opts.random_state);
  }
  if (isContinuousTarget(y)) throw new NumpyError("Supported target types are: ('binary', 'multiclass'). Got 'continuous' instead.");
  const enc = encodeLabels(y);
  const k = enc.nClasses;
  // _, class_perm = np.unique(y_idx, return_inverse=True): class numbers by order of first appearance
  const byFirst = Array.from({ length: k }, (_, c) => c).sort((a, b) => enc.firstIndex[a]! - enc.firstIndex[b]!);
  const classPerm = new Int32Array(k);
  byFirst.forEach((c, r) => {
    classPerm[c] = r;
  });
  const yEncoded = new Int32Array(n);
  const yCounts = new Int32Array(k);
  for (let i = 0; i < n; i++) {
    const e = classPerm[enc.inverse[i]!]!;
    yEncoded[i] = e;
    yCounts[e] = yCounts[e]! + 1;
  }
  let minGroups = Infinity;
  let allBelow = true;
  for (let c = 0; c < k; c++) {
    minGroups = Math.min(minGroups, yCounts[c]!);
    if (!(nSplits > yCounts[c]!)) allBelow = false;
  }
  if (allBelow) throw new NumpyError(`n_splits=${nSplitsArg.kind === 'int' ? nSplitsArg.value : nSplits} cannot be greater than the number of members in each class.`);
  const warnings: string[] = [];
  if (nSplits > minGroups) {
    warnings.push(`The least populated class in y has only ${minGroups} members, which is less than n_splits=${nSplits}.`);
  }
  checkOutput(n * nSplits, limits);
  // y_order = np.sort(y_encoded); allocation[i] = np.bincount(y_order[i::n_splits], minlength=n_classes)
  // Class c occupies positions [start_c, start_c + count_c) of y_order; fold f gets the positions ≡ f (mod n_splits).
  const foldOf = new Int32Array(n);
  const cursor = new Int32Array(k);
  const firstPos = new Int32Array(k + 1);
  for (let c = 0; c < k; c++) firstPos[c + 1] = firstPos[c]! + yCounts[c]!;
  const foldsForClass: Int32Array[] = [];
  for (let c = 0; c < k; c++) {
    const lo = firstPos[c]!;
    const hi = firstPos[c + 1]!;
    const alloc = new Int32Array(nSplits);
    for (let f = 0; f < nSplits; f++) {
      // count of p in [lo, hi) with p ≡ f (mod n_splits)
      const first = lo + ((((f - lo) % nSplits) + nSplits) % nSplits);
      alloc[f] = first < hi ? Math.floor((hi - 1 - first) / nSplits) + 1 : 0;
    }
    // folds_for_class = np.arange(self.n_splits).repeat(allocation[:, k])
    const ffc = new Int32Array(hi - lo);
    let p = 0;
    for (let f = 0; f < nSplits; f++) for (let t = 0; t < alloc[f]!; t++) ffc[p++] = f;
    if (rng) rng.shuffle(ffc);
    foldsForClass.push(ffc);
  }
  // test_folds[y_encoded == k] = folds_for_class
  for (let i = 0; i < n; i++) {
    const c = yEncoded[i]!;
    foldOf[i] = foldsForClass[c]![cursor[c]!]!;
    cursor[c] = cursor[c]! + 1;
  }
  return { folds: foldsFromAssignment(foldOf, nSplits), warnings };
}

/** Options of `GroupKFold(n_splits, shuffle=, random_state=)` and `.split(np.zeros(n_samples), groups=groups)`. */
export interface GroupKFoldOptions {
  readonly n_samples?: number | null;
  readonly groups: Labels;
  readonly n_splits?: PyNumber;
  /** sklearn >= 1.6 only (the HTTP schema refuses it under "1.2"). */
  readonly shuffle?: boolean;
  readonly random_state?: number | bigint | RandomState | null;
}

/**
 * The order in which GroupKFold places its groups, `np.argsort(n_samples_per_group, kind=...)[::-1]`,
 * per the release's sort (see `SklearnProfile.groupKFoldSort`).
 * @internal
 */
export function groupOrder(counts: Int32Array, sort: SklearnProfile['groupKFoldSort']): Int32Array {
  if (sort === 'introsort') return Int32Array.from(argsort(counts)).reverse();
  if (sort === 'simd') {
    // numpy >= 2.0's x86-simd-sort orders equal keys by CPU-dependent rules: nothing reproducible to emulate.
    const seen = new Set<number>();
    for (let g = 0; g < counts.length; g++) {
      if (seen.has(counts[g]!)) {
        throw new NumpyError(
          `GroupKFold under scikit-learn 1.6 orders groups of equal size (here ${counts[g]} samples) with numpy's SIMD argsort, whose tie order depends on the numpy build and the CPU, so no single answer exists; ask with "sklearn_version": "1.9" (a stable sort, the same on every CPU) or with group sizes that do not tie.`,
          'NotReproducible',
        );
      }
      seen.add(counts[g]!);
    }
  }
  // sklearn 1.9: indices = np.argsort(n_samples_per_group, kind="stable")[::-1]
  const idx = Array.from({ length: counts.length }, (_, i) => i).sort((a, b) => counts[a]! - counts[b]! || a - b);
  return Int32Array.from(idx).reverse();
}

/**
 * `list(GroupKFold(n_splits, shuffle=, random_state=).split(np.zeros(n_samples), groups=groups))`. Without
 * shuffle the largest groups first, each to the lightest fold (`np.argmin`, first of equals), ties in size
 * ordered by the release's argsort (`groupOrder`); with shuffle (sklearn >= 1.6) `rng.permutation(unique_groups)`
 * cut by `np.array_split` into n_splits consecutive parts.
 * @example groupKFold({ groups: numbers([0, 0, 1, 2]), n_splits: pyInt(2) }).folds[0].test // [0, 1]
 */
export function groupKFold(opts: GroupKFoldOptions, limits: SplitLimits = DEFAULT_LIMITS, profile: SklearnProfile = sklearnProfile('1.9')): CvResult {
  const nSplitsArg = opts.n_splits ?? { kind: 'int', value: 5n };
  const shuffle = opts.shuffle ?? false;
  const nSplits = baseKFoldInit(nSplitsArg, shuffle, opts.random_state);
  const groups = opts.groups;
  const n = resolveSamples(opts.n_samples, groups, limits);
  checkConsistentLength([n, groups.values.length]);
  checkSplitsVsSamples(nSplitsArg, n);
  const enc = encodeLabels(groups);
  const nGroups = enc.nClasses;
  if (nSplits > nGroups) {
    throw new NumpyError(`Cannot have number of splits n_splits=${nSplits} greater than the number of groups: ${nGroups}.`);
  }
  checkOutput(n * nSplits, limits);
  const groupToFold = new Int32Array(nGroups);
  if (shuffle) {
    if (opts.random_state === null || opts.random_state === undefined) throw new TypeError('GroupKFold(shuffle=True) needs an integer random_state');
    // unique_groups = rng.permutation(unique_groups); split_groups = np.array_split(unique_groups, self.n_splits)
    const perm = checkRandomState(opts.random_state).permutation(nGroups);
    const small = Math.floor(nGroups / nSplits);
    const extra = nGroups % nSplits;
    let pos = 0;
    for (let f = 0; f < nSplits; f++) {
      const size = small + (f < extra ? 1 : 0);
      for (let t = 0; t < size; t++) groupToFold[perm[pos++]!] = f;
    }
  } else {
    const order = groupOrder(enc.counts, profile.groupKFoldSort);
    const load = new Float64Array(nSplits);
    for (let t = 0; t < nGroups; t++) {
      const g = order[t]!;
      // lightest_fold = np.argmin(n_samples_per_fold): the first minimum
      let best = 0;
      for (let f = 1; f < nSplits; f++) if (load[f]! < load[best]!) best = f;
      load[best] = load[best]! + enc.counts[g]!;
      groupToFold[g] = best;
    }
  }
  const foldOf = new Int32Array(n);
  for (let i = 0; i < n; i++) foldOf[i] = groupToFold[enc.inverse[i]!]!;
  return { folds: foldsFromAssignment(foldOf, nSplits), warnings: [] };
}
