import { NumpyError } from '../numpy/errors.js';
import type { RandomState } from '../numpy/randomState.js';
import { encodeLabels, labelCount, type Labels } from '../numpy/unique.js';
import { checkRandomState } from './checkRandomState.js';
import { checkConsistentLength, checkNonEmpty, checkOutput, resolveSamples } from './checks.js';
import { baseKFoldInit, foldsFromAssignment, isContinuousTarget } from './kFold.js';
import { DEFAULT_LIMITS, type CvResult, type PyNumber, type SplitLimits } from './types.js';
import { sklearnProfile, type SklearnProfile } from './version.js';

/**
 * numpy's `pairwise_sum` (numpy/_core/src/umath/loops_utils.h.src) of `a[lo..hi)`: sequential below 8 elements,
 * eight accumulators up to 128, halves above.
 */
function pairwiseSum(a: Float64Array, lo: number, n: number): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[lo + i]!;
    return res;
  }
  if (n <= 128) {
    const r = new Float64Array(8);
    for (let j = 0; j < 8; j++) r[j] = a[lo + j]!;
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j] = r[j]! + a[lo + i + j]!;
    let res = (r[0]! + r[1]! + (r[2]! + r[3]!)) + (r[4]! + r[5]! + (r[6]! + r[7]!));
    for (; i < n; i++) res += a[lo + i]!;
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, lo, n2) + pairwiseSum(a, lo + n2, n - n2);
}

/**
 * `np.add.reduce` of a contiguous row: the pairwise sum of all of it (checked against numpy 1.24 and 2.4 for
 * rows under 8 elements, where it is the sequential sum ((a0 + a1) + a2) + a3).
 */
function rowSum(a: Float64Array, lo: number, n: number): number {
  return pairwiseSum(a, lo, n);
}

/** `np.std(row)` of a contiguous row (numpy `_var`: mean by true_divide, squared deviations summed, divided, sqrt). */
function rowStd(a: Float64Array, lo: number, n: number, tmp: Float64Array): number {
  const mean = rowSum(a, lo, n) / n;
  for (let i = 0; i < n; i++) {
    const d = a[lo + i]! - mean;
    tmp[i] = d * d;
  }
  return Math.sqrt(rowSum(tmp, 0, n) / n);
}

/** Options of `StratifiedGroupKFold(n_splits, shuffle=, random_state=)` and `.split(X, y, groups)`. */
export interface StratifiedGroupKFoldOptions {
  readonly n_samples?: number | null;
  readonly y: Labels;
  readonly groups: Labels;
  readonly n_splits?: PyNumber;
  readonly shuffle?: boolean;
  readonly random_state?: number | bigint | RandomState | null;
}

/**
 * `list(StratifiedGroupKFold(...).split(np.zeros(n_samples), y, groups))` (sklearn `_iter_test_indices`): groups
 * in order of decreasing std of their class counts (stable), each to the fold minimising the mean over
 * classes of the std of the per-fold class fractions (ties by `np.isclose`, then fewer samples). With shuffle,
 * 1.2/1.6 shuffle the rows of the count table without renumbering the groups; 1.9 permutes the groups.
 * @example stratifiedGroupKFold({ y: numbers([0, 1, 0, 1]), groups: numbers([0, 0, 1, 1]), n_splits: pyInt(2) })
 */
export function stratifiedGroupKFold(
  o: StratifiedGroupKFoldOptions,
  limits: SplitLimits = DEFAULT_LIMITS,
  profile: SklearnProfile = sklearnProfile('1.9'),
): CvResult {
  const nSplitsArg = o.n_splits ?? { kind: 'int', value: 5n };
  const shuffle = o.shuffle ?? false;
  const k = baseKFoldInit(nSplitsArg, shuffle, o.random_state);
  const y = o.y;
  const groups = o.groups;
  const n = resolveSamples(o.n_samples, y, limits);
  checkConsistentLength([n, labelCount(y), labelCount(groups)]);
  if (nSplitsArg.kind === 'int' && nSplitsArg.value > BigInt(n)) {
    throw new NumpyError(`Cannot have number of splits n_splits=${nSplitsArg.value} greater than the number of samples: n_samples=${n}.`);
  }
  checkNonEmpty(y);
  let rng: RandomState | null = null;
  if (shuffle) {
    if (o.random_state === null || o.random_state === undefined) throw new TypeError('StratifiedGroupKFold(shuffle=True) needs an integer random_state');
    rng = checkRandomState(o.random_state);
  }
  if (isContinuousTarget(y)) throw new NumpyError("Supported target types are: ('binary', 'multiclass'). Got 'continuous' instead.");
  const ye = encodeLabels(y);
  const c = ye.nClasses;
  let allBelow = true;
  let smallest = Infinity;
  for (let j = 0; j < c; j++) {
    if (!(k > ye.counts[j]!)) allBelow = false;
    smallest = Math.min(smallest, ye.counts[j]!);
  }
  if (allBelow) throw new NumpyError(`n_splits=${k} cannot be greater than the number of members in each class.`);
  const warnings: string[] = [];
  if (k > smallest) warnings.push(`The least populated class in y has only ${smallest} members, which is less than n_splits=${k}.`);
  const ge = encodeLabels(groups);
  const g = ge.nClasses;
  if (profile.sgkfChecksGroups && k > g) throw new NumpyError(`Cannot have number of splits n_splits=${k} greater than the number of groups: ${g}.`);
  checkOutput(n * k, limits);
  // y_counts_per_group[group_idx, class_idx] += 1
  let perGroup = new Float64Array(g * c);
  for (let i = 0; i < n; i++) perGroup[ge.inverse[i]! * c + ye.inverse[i]!]! += 1;
  // rowOwner[r] = the group number whose samples row r's fold goes to.
  const rowOwner = new Int32Array(g);
  for (let r = 0; r < g; r++) rowOwner[r] = r;
  if (rng) {
    const perm = new Int32Array(g);
    for (let r = 0; r < g; r++) perm[r] = r;
    // 1.2/1.6: rng.shuffle(y_counts_per_group) (rows move, groups_inv does not);
    // 1.9: perm = np.arange(n_groups); rng.shuffle(perm); rows permuted and groups renumbered by inv_perm.
    rng.shuffle(perm);
    const shuffled = new Float64Array(g * c);
    for (let r = 0; r < g; r++) shuffled.set(perGroup.subarray(perm[r]! * c, perm[r]! * c + c), r * c);
    perGroup = shuffled;
    if (profile.sgkfShuffleByGroupPermutation) for (let r = 0; r < g; r++) rowOwner[r] = perm[r]!;
  }
  // sorted_groups_idx = np.argsort(-np.std(y_counts_per_group, axis=1), kind="stable")
  const tmp = new Float64Array(c);
  const negStd = new Float64Array(g);
  for (let r = 0; r < g; r++) negStd[r] = -rowStd(perGroup, r * c, c, tmp);
  const order = Array.from({ length: g }, (_, r) => r).sort((a, b) => negStd[a]! - negStd[b]! || a - b);
  const perFold = new Float64Array(k * c);
  const fracs = new Float64Array(k * c);
  const col = new Float64Array(c);
  const rowToFold = new Int32Array(g);
  for (const r of order) {
    // _find_best_fold
    let best = -1;
    let minEval = Infinity;
    let minSamples = Infinity;
    for (let f = 0; f < k; f++) {
      for (let j = 0; j < c; j++) perFold[f * c + j]! += perGroup[r * c + j]!;
      // std_per_class = np.std(y_counts_per_fold / y_cnt.reshape(1, -1), axis=0): strided, so sequential over folds
      for (let t = 0; t < k * c; t++) fracs[t] = perFold[t]! / ye.counts[t % c]!;
      for (let j = 0; j < c; j++) {
        let s = fracs[j]!;
        for (let q = 1; q < k; q++) s += fracs[q * c + j]!;
        const mean = s / k;
        let v = 0;
        for (let q = 0; q < k; q++) {
          const d = fracs[q * c + j]! - mean;
          v = q === 0 ? d * d : v + d * d;
        }
        col[j] = Math.sqrt(v / k);
      }
      for (let j = 0; j < c; j++) perFold[f * c + j]! -= perGroup[r * c + j]!;
      const foldEval = rowSum(col, 0, c) / c;
      const samples = rowSum(perFold, f * c, c);
      // np.isclose(a, b): |a - b| <= 1e-8 + 1e-5 * |b| (False against inf)
      const close = Number.isFinite(minEval) && Math.abs(foldEval - minEval) <= 1e-8 + 1e-5 * Math.abs(minEval);
      if (foldEval < minEval || (close && samples < minSamples)) {
        minEval = foldEval;
        minSamples = samples;
        best = f;
      }
    }
    for (let j = 0; j < c; j++) perFold[best * c + j]! += perGroup[r * c + j]!;
    rowToFold[r] = best;
  }
  const groupToFold = new Int32Array(g).fill(-1);
  for (let r = 0; r < g; r++) groupToFold[rowOwner[r]!] = rowToFold[r]!;
  const foldOf = new Int32Array(n);
  for (let i = 0; i < n; i++) foldOf[i] = groupToFold[ge.inverse[i]!]!;
  return { folds: foldsFromAssignment(foldOf, k), warnings };
}
