import { LimitError } from '../errors.js';
import { NumpyError } from '../numpy/errors.js';
import { pyFloatRepr } from '../numpy/pyFormat.js';
import type { RandomState } from '../numpy/randomState.js';
import { encodeLabels, labelCount, type Labels } from '../numpy/unique.js';
import { checkRandomState } from './checkRandomState.js';
import { checkConsistentLength, checkOutput, resolveSamples } from './checks.js';
import { baseKFoldInit, foldsFromAssignment } from './kFold.js';
import { DEFAULT_LIMITS, IndexRange, type CvFold, type CvResult, type Fold, type PyNumber, type SplitLimits } from './types.js';
import { validateShuffleSplit } from './validateShuffleSplit.js';

/** `math.comb(n, k)` (0 when k > n), exactly. */
export function comb(n: number, k: number): bigint {
  if (k < 0 || k > n) return 0n;
  const kk = Math.min(k, n - k);
  let r = 1n;
  for (let i = 1; i <= kk; i++) r = (r * BigInt(n - kk + i)) / BigInt(i);
  return r;
}

/**
 * The number of output indices a combinatorial splitter would write (every fold lists all `n` samples once,
 * in train or test), computed before any work so a caller can refuse with MAX_OUTPUT_INDICES:
 * LeaveOneOut `n·n`, LeavePOut `C(n, p)·n`, LeaveOneGroupOut `n_groups·n`, LeavePGroupsOut `C(n_groups, k)·n`.
 * @example combinatorialOutputIndices({ splitter: 'LeavePOut', n_samples: 465, p: 2 }) // 50164200n
 */
export function combinatorialOutputIndices(o: {
  readonly splitter: 'LeaveOneOut' | 'LeavePOut' | 'LeaveOneGroupOut' | 'LeavePGroupsOut';
  readonly n_samples: number;
  readonly p?: number;
  readonly n_groups_distinct?: number;
  readonly n_groups?: number;
}): bigint {
  const n = BigInt(o.n_samples);
  switch (o.splitter) {
    case 'LeaveOneOut':
      return n * n;
    case 'LeavePOut':
      return comb(o.n_samples, o.p ?? 0) * n;
    case 'LeaveOneGroupOut':
      return BigInt(o.n_groups_distinct ?? 0) * n;
    case 'LeavePGroupsOut':
      return comb(o.n_groups_distinct ?? 0, o.n_groups ?? 0) * n;
  }
}

/** Refuses a BigInt output count over the limit. */
function checkOutputBig(requested: bigint, limits: SplitLimits): void {
  if (requested > BigInt(limits.maxOutput)) {
    throw new LimitError('MAX_OUTPUT_INDICES', limits.maxOutput, requested > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(requested));
  }
}

/** The fold from a test mask: train = the others, both ascending (`BaseCrossValidator.split`). */
function foldFromMask(mask: Uint8Array): Fold {
  let nt = 0;
  for (let i = 0; i < mask.length; i++) nt += mask[i]!;
  const test = new Int32Array(nt);
  const train = new Int32Array(mask.length - nt);
  let a = 0;
  let b = 0;
  for (let i = 0; i < mask.length; i++) {
    if (mask[i]) test[a++] = i;
    else train[b++] = i;
  }
  return { train, test };
}

/**
 * Python's `indices[start:stop]` on `indices = np.arange(n)` (negative bounds count from the end, then
 * clip): numpy gives a view of the arange, the engine its bounds (nothing is written out).
 */
function pySlice(n: number, start: number | null, stop: number): IndexRange {
  const norm = (v: number): number => (v < 0 ? Math.max(0, v + n) : Math.min(v, n));
  const s = start === null ? 0 : norm(start);
  const e = norm(stop);
  return new IndexRange(s, Math.max(s, e));
}

/** numpy's `str()` of a short 1-d array of sorted unique labels, as the Leave*GroupOut messages embed it (one line). */
function npArrayStr(labels: Labels, order: number[]): string {
  if (labels.kind === 'string') return `[${order.map((i) => `'${labels.values[i]!.replace(/\u0000+$/, '')}'`).join(' ')}]`;
  if (labels.kind === 'bool') return `[${order.map((i) => (labels.values[i] ? ' True' : 'False')).join(' ')}]`;
  const vals = order.map((i) => labels.values[i]!);
  if (!labels.float) return `[${vals.join(' ')}]`;
  return `[${vals.map((v) => pyFloatRepr(v).replace(/\.0$/, '.')).join(' ')}]`;
}

/** Sorted unique label positions: one representative sample per class, in class order. */
function representatives(labels: Labels, firstIndex: Int32Array): number[] {
  return Array.from(firstIndex);
}

/** Options of `TimeSeriesSplit(n_splits, max_train_size=, test_size=, gap=)`. */
export interface TimeSeriesSplitOptions {
  readonly n_samples: number;
  readonly n_splits?: PyNumber;
  readonly max_train_size?: number | null;
  readonly test_size?: number | null;
  readonly gap?: number;
}

/**
 * `list(TimeSeriesSplit(...).split(np.zeros(n_samples)))` (sklearn 1.2.1–1.9.1 `_split`): test windows of
 * `test_size` (default `n // (n_splits + 1)`) ending at n, training on everything up to `gap` before each
 * (the last `max_train_size` of it; 0 means no limit, as sklearn's truthiness test; a negative gap is accepted).
 * @throws NumpyError sklearn's refusals; for `test_size: 0` what Python's `range()` says.
 * @example timeSeriesSplit({ n_samples: 6, n_splits: pyInt(2) }).folds[0] // { train: [0, 1], test: [2, 3] }
 */
export function timeSeriesSplit(o: TimeSeriesSplitOptions, limits: SplitLimits = DEFAULT_LIMITS): CvResult {
  const nSplits = baseKFoldInit(o.n_splits ?? { kind: 'int', value: 5n }, false, null);
  const n = resolveSamples(o.n_samples, null, limits);
  const gap = o.gap ?? 0;
  const nFolds = nSplits + 1;
  const testSize = o.test_size ?? Math.floor(n / nFolds);
  if (nFolds > n) throw new NumpyError(`Cannot have number of folds=${nFolds} greater than the number of samples=${n}.`);
  if (n - gap - testSize * nSplits <= 0) {
    throw new NumpyError(`Too many splits=${nSplits} for number of samples=${n} with test_size=${testSize} and gap=${gap}.`);
  }
  if (testSize === 0) {
    throw new NumpyError(
      'scikit-learn crashes on test_size=0: TimeSeriesSplit calls range(n_samples - n_splits * test_size, n_samples, test_size), and Python raises "ValueError: range() arg 3 must not be zero".',
      'ValueError',
    );
  }
  // test_starts = range(n_samples - n_splits * test_size, n_samples, test_size)
  const starts: number[] = [];
  for (let s = n - nSplits * testSize; testSize > 0 ? s < n : s > n; s += testSize) starts.push(s);
  checkOutput(starts.length * n, limits);
  const folds: CvFold[] = [];
  const m = o.max_train_size ?? 0;
  // indices = np.arange(n_samples); every train and test below is a slice of it
  for (const start of starts) {
    const trainEnd = start - gap;
    const train = m && m < trainEnd ? pySlice(n, trainEnd - m, trainEnd) : pySlice(n, null, trainEnd);
    folds.push({ train, test: pySlice(n, start, start + testSize) });
  }
  return { folds, warnings: [] };
}

/**
 * `list(LeaveOneOut().split(np.zeros(n_samples)))`: test `[i]` for each i.
 * @example leaveOneOut({ n_samples: 2 }).folds[1] // { train: [0], test: [1] }
 */
export function leaveOneOut(o: { readonly n_samples: number }, limits: SplitLimits = DEFAULT_LIMITS): CvResult {
  const n = resolveSamples(o.n_samples, null, limits);
  if (n <= 1) throw new NumpyError(`Cannot perform LeaveOneOut with n_samples=${n}.`);
  checkOutputBig(combinatorialOutputIndices({ splitter: 'LeaveOneOut', n_samples: n }), limits);
  // train_index = indices[np.logical_not(test_mask)]: arange(n) without i, copied in two runs
  const indices = new Int32Array(n);
  for (let i = 0; i < n; i++) indices[i] = i;
  const folds: Fold[] = [];
  for (let i = 0; i < n; i++) {
    const train = new Int32Array(n - 1);
    train.set(indices.subarray(0, i));
    train.set(indices.subarray(i + 1), i);
    folds.push({ train, test: indices.slice(i, i + 1) });
  }
  return { folds, warnings: [] };
}

/** Visits `itertools.combinations(range(n), k)` in its (lexicographic) order. */
function forEachCombination(n: number, k: number, visit: (c: Int32Array) => void): void {
  const c = new Int32Array(k);
  for (let i = 0; i < k; i++) c[i] = i;
  for (;;) {
    visit(c);
    let i = k - 1;
    while (i >= 0 && c[i] === n - k + i) i--;
    if (i < 0) return;
    c[i] = c[i]! + 1;
    for (let j = i + 1; j < k; j++) c[j] = c[j - 1]! + 1;
  }
}

/**
 * `list(LeavePOut(p).split(np.zeros(n_samples)))`: every p-subset as test, in `itertools.combinations` order.
 * @throws NumpyError sklearn's `p=3 must be strictly less than the number of samples=3`; for p ≤ 0 what Python raises.
 * @example leavePOut({ n_samples: 3, p: 2 }).folds[0] // { train: [2], test: [0, 1] }
 */
export function leavePOut(o: { readonly n_samples: number; readonly p: number }, limits: SplitLimits = DEFAULT_LIMITS): CvResult {
  const n = resolveSamples(o.n_samples, null, limits);
  const p = o.p;
  if (n <= p) throw new NumpyError(`p=${p} must be strictly less than the number of samples=${n}`);
  if (p < 0) throw new NumpyError('scikit-learn crashes on a negative p: itertools.combinations raises "ValueError: r must be non-negative".');
  if (p === 0) {
    throw new NumpyError(
      'scikit-learn crashes on p=0: the one empty combination becomes a float array, and indexing the test mask with it raises "IndexError: arrays used as indices must be of integer (or boolean) type".',
      'IndexError',
    );
  }
  checkOutputBig(combinatorialOutputIndices({ splitter: 'LeavePOut', n_samples: n, p }), limits);
  const folds: Fold[] = [];
  const mask = new Uint8Array(n);
  forEachCombination(n, p, (c) => {
    mask.fill(0);
    for (let i = 0; i < c.length; i++) mask[c[i]!] = 1;
    folds.push(foldFromMask(mask));
  });
  return { folds, warnings: [] };
}

/** Options of the group-wise leave-out splitters. */
export interface LeaveGroupsOutOptions {
  readonly n_samples?: number | null;
  readonly groups: Labels;
  /** LeavePGroupsOut's `n_groups`; absent for LeaveOneGroupOut. */
  readonly n_groups?: number;
}

/**
 * `list(LeaveOneGroupOut().split(X, groups=groups))` (no `n_groups`) or `list(LeavePGroupsOut(n_groups).split(...))`:
 * the samples of each group (each `n_groups`-combination of the sorted unique groups) as test.
 * @example leaveGroupsOut({ groups: numbers([1, 1, 2, 2]) }).folds[0] // { train: [2, 3], test: [0, 1] }
 */
export function leaveGroupsOut(o: LeaveGroupsOutOptions, limits: SplitLimits = DEFAULT_LIMITS): CvResult {
  const groups = o.groups;
  const n = resolveSamples(o.n_samples, groups, limits);
  checkConsistentLength([n, labelCount(groups)]);
  const enc = encodeLabels(groups);
  const g = enc.nClasses;
  const uniq = npArrayStr(groups, representatives(groups, enc.firstIndex));
  if (o.n_groups === undefined) {
    if (g <= 1) throw new NumpyError(`The groups parameter contains fewer than 2 unique groups (${uniq}). LeaveOneGroupOut expects at least 2.`);
    checkOutputBig(combinatorialOutputIndices({ splitter: 'LeaveOneGroupOut', n_samples: n, n_groups_distinct: g }), limits);
    return { folds: foldsFromAssignment(enc.inverse, g), warnings: [] };
  }
  const k = o.n_groups;
  if (k >= g) {
    throw new NumpyError(
      `The groups parameter contains fewer than (or equal to) n_groups (${k}) numbers of unique groups (${uniq}). LeavePGroupsOut expects that at least n_groups + 1 (${k + 1}) unique groups be present`,
    );
  }
  if (k < 0) throw new NumpyError('scikit-learn crashes on a negative n_groups: itertools.combinations raises "ValueError: r must be non-negative".');
  if (k === 0) {
    throw new NumpyError(
      'scikit-learn crashes on n_groups=0: the one empty combination becomes a float array, and indexing unique_groups with it raises "IndexError: arrays used as indices must be of integer (or boolean) type".',
      'IndexError',
    );
  }
  checkOutputBig(combinatorialOutputIndices({ splitter: 'LeavePGroupsOut', n_samples: n, n_groups_distinct: g, n_groups: k }), limits);
  const folds: Fold[] = [];
  const inTest = new Uint8Array(g);
  const inverse = enc.inverse;
  forEachCombination(g, k, (c) => {
    inTest.fill(0);
    let nt = 0;
    for (let i = 0; i < c.length; i++) {
      inTest[c[i]!] = 1;
      nt += enc.counts[c[i]!]!;
    }
    // test: the samples of the chosen groups, train the rest, both ascending, in one pass
    const test = new Int32Array(nt);
    const train = new Int32Array(n - nt);
    let a = 0;
    let b = 0;
    for (let i = 0; i < n; i++) {
      if (inTest[inverse[i]!]) test[a++] = i;
      else train[b++] = i;
    }
    folds.push({ train, test });
  });
  return { folds, warnings: [] };
}

/**
 * `list(PredefinedSplit(test_fold).split())`: one fold per distinct value except -1, ascending (-2 is a fold).
 * @example predefinedSplit({ test_fold: [0, 1, -1, 1] }).folds[1] // { train: [0, 2], test: [1, 3] }
 */
export function predefinedSplit(o: { readonly n_samples?: number | null; readonly test_fold: readonly number[] }, limits: SplitLimits = DEFAULT_LIMITS): CvResult {
  const tf = o.test_fold;
  const n = tf.length;
  resolveSamples(n, null, limits);
  // the distinct values: a table when every value is an integer in a short range, else a Set
  let min = Infinity;
  let max = -Infinity;
  let integral = true;
  for (let i = 0; i < n; i++) {
    const v = tf[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
    if (!Number.isInteger(v)) integral = false;
  }
  let folds: number[];
  const foldOf = new Int32Array(n);
  if (integral && n > 0 && max - min <= 4 * n + 1024) {
    const rank = new Int32Array(max - min + 1).fill(-1);
    for (let i = 0; i < n; i++) rank[tf[i]! - min] = 0;
    folds = [];
    for (let k = 0; k < rank.length; k++) if (rank[k] === 0 && k + min !== -1) rank[k] = folds.push(k + min) - 1;
    if (-1 - min >= 0 && -1 - min < rank.length) rank[-1 - min] = -1;
    for (let i = 0; i < n; i++) foldOf[i] = rank[tf[i]! - min]!;
  } else {
    folds = [...new Set(tf)].filter((f) => f !== -1).sort((a, b) => a - b);
    const at = new Map(folds.map((f, k) => [f, k]));
    for (let i = 0; i < n; i++) foldOf[i] = at.get(tf[i]!) ?? -1;
  }
  checkOutput(folds.length * n, limits);
  // test = np.where(test_fold == f); train: every other sample (the -1s in every train)
  return { folds: foldsFromAssignment(foldOf, folds.length), warnings: [] };
}

/** Options of `GroupShuffleSplit(n_splits, test_size=, train_size=, random_state=)`. */
export interface GroupShuffleSplitOptions {
  readonly n_samples?: number | null;
  readonly groups: Labels;
  readonly n_splits?: number;
  readonly test_size?: PyNumber | null;
  readonly train_size?: PyNumber | null;
  readonly random_state: number | bigint | RandomState;
}

/**
 * `list(GroupShuffleSplit(...).split(X, groups=groups))`: ShuffleSplit over the sorted unique groups (default
 * test_size 0.2), then every sample of the chosen groups, ascending (`np.flatnonzero(np.isin(...))`).
 * @example groupShuffleSplit({ groups: numbers([0, 0, 1, 1]), n_splits: 1, test_size: pyInt(1), random_state: 0 })
 */
export function groupShuffleSplit(o: GroupShuffleSplitOptions, limits: SplitLimits = DEFAULT_LIMITS): Fold[] {
  const groups = o.groups;
  const n = resolveSamples(o.n_samples, groups, limits);
  checkConsistentLength([n, labelCount(groups)]);
  const enc = encodeLabels(groups);
  const g = enc.nClasses;
  const { nTrain, nTest } = validateShuffleSplit(g, o.test_size ?? null, o.train_size ?? null, 0.2);
  const rng = checkRandomState(o.random_state);
  const nSplits = Math.max(0, o.n_splits ?? 5);
  checkOutput(n * nSplits, limits);
  const folds: Fold[] = [];
  const side = new Int8Array(g);
  for (let s = 0; s < nSplits; s++) {
    const p = rng.permutation(g);
    side.fill(0);
    for (let i = 0; i < nTest; i++) side[p[i]!] = 2;
    for (let i = nTest; i < nTest + nTrain; i++) side[p[i]!] = 1;
    let nTr = 0;
    let nTe = 0;
    for (let i = 0; i < n; i++) {
      const v = side[enc.inverse[i]!]!;
      if (v === 1) nTr++;
      else if (v === 2) nTe++;
    }
    const train = new Int32Array(nTr);
    const test = new Int32Array(nTe);
    let a = 0;
    let b = 0;
    for (let i = 0; i < n; i++) {
      const v = side[enc.inverse[i]!]!;
      if (v === 1) train[a++] = i;
      else if (v === 2) test[b++] = i;
    }
    folds.push({ train, test });
  }
  return folds;
}

