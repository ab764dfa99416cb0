import type { RandomState } from '../numpy/randomState.js';

/**
 * scikit-learn's `_approximate_mode(class_counts, n_draws, rng)` (sklearn/utils/__init__.py@1.2.1): the
 * stratified allocation, floors of `counts / total * n_draws`, the rest given by largest remainder, ties
 * broken by `rng.choice(inds, add_now, replace=False)` = one `permutation(len(inds))` per tie group reached.
 * @example approximateMode([4, 2], 3, new RandomState(0)) // [2, 1]
 */
export function approximateMode(classCounts: ArrayLike<number>, nDraws: number, rng: RandomState): Int32Array {
  const k = classCounts.length;
  let total = 0;
  for (let c = 0; c < k; c++) total += classCounts[c]!;
  // continuous = class_counts / class_counts.sum() * n_draws; floored = np.floor(continuous)
  const continuous = new Float64Array(k);
  const floored = new Float64Array(k);
  let flooredSum = 0;
  for (let c = 0; c < k; c++) {
    continuous[c] = (classCounts[c]! / total) * nDraws;
    floored[c] = Math.floor(continuous[c]!);
    flooredSum += floored[c]!; // integral values: any summation order is exact
  }
  // need_to_add = int(n_draws - floored.sum())
  let need = Math.trunc(nDraws - flooredSum);
  if (need > 0) {
    const remainder = new Float64Array(k);
    for (let c = 0; c < k; c++) remainder[c] = continuous[c]! - floored[c]!;
    // values = np.sort(np.unique(remainder))[::-1]
    const values = Array.from(new Set(remainder)).sort((a, b) => b - a);
    for (const value of values) {
      const inds: number[] = [];
      for (let c = 0; c < k; c++) if (remainder[c] === value) inds.push(c);
      const addNow = Math.min(inds.length, need);
      // inds = rng.choice(inds, size=add_now, replace=False) → permutation(len(inds))[:add_now]
      const perm = rng.permutation(inds.length);
      for (let t = 0; t < addNow; t++) {
        const c = inds[perm[t]!]!;
        floored[c] = floored[c]! + 1;
      }
      need -= addNow;
      if (need === 0) break;
    }
  }
  return Int32Array.from(floored);
}
