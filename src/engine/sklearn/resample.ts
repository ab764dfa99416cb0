import { LimitError } from '../errors.js';
import { NumpyError } from '../numpy/errors.js';
import type { RandomState } from '../numpy/randomState.js';
import { encodeLabels, labelCount, type Labels } from '../numpy/unique.js';
import { approximateMode } from './approximateMode.js';
import { checkRandomState } from './checkRandomState.js';
import type { SplitLimits } from './types.js';
import { DEFAULT_LIMITS } from './types.js';
import { invalidParameter, IntervalRandomState } from './validateParams.js';
import { sklearnProfile, type SklearnVersion } from './version.js';

/** Options of `sklearn.utils.resample(np.arange(length), replace=, n_samples=, random_state=, stratify=)`. */
export interface ResampleOptions {
  /** Length of the data; defaults to the length of `stratify`. */
  readonly length?: number | null;
  readonly replace?: boolean;
  readonly n_samples?: number | null;
  readonly random_state: number | bigint;
  readonly stratify?: Labels | null;
  readonly sklearn_version?: SklearnVersion | null;
}

/** Legacy `RandomState.choice(pop_size, size, replace=...)` without p: `randint` or `permutation(pop_size)[:size]`. */
function legacyChoice(rng: RandomState, popSize: number, size: number, replace: boolean, out: number[], base: ArrayLike<number>): void {
  if (replace) {
    for (let i = 0; i < size; i++) out.push(base[popSize === 0 ? 0 : rng.interval(popSize - 1)]!);
    return;
  }
  const perm = rng.permutation(popSize);
  for (let i = 0; i < size; i++) out.push(base[perm[i]!]!);
}

/**
 * `resample(np.arange(length), ...)` (sklearn/utils/_indexing.py@1.9.1, sklearn/utils/__init__.py@1.2.1):
 * with replacement `RandomState.choice(n, n_samples)` (1.2: `randint(0, n, size)`, the same draws), without
 * `shuffle(arange(n))[:n_samples]`; with `stratify` `_approximate_mode` over the sorted classes, one
 * `choice(class_indices[i], n_i[i], replace)` per class, then a `permutation` of the concatenation.
 * @throws NumpyError sklearn's refusals; a `stratify` longer than the data (sklearn: IndexError) is refused.
 * @example resample({ random_state: 0, length: 10 }) // [5, 0, 3, 3, 7, 9, 3, 5, 2, 4]
 */
export function resample(o: ResampleOptions, limits: SplitLimits = DEFAULT_LIMITS): number[] {
  const profile = sklearnProfile(o.sklearn_version);
  const replace = o.replace ?? true;
  const stratify = o.stratify ?? null;
  if (profile.validateParams) {
    // @validate_params: replace, n_samples (Interval(Integral, 1, None) or None), random_state, stratify
    if (o.n_samples !== null && o.n_samples !== undefined && o.n_samples < 1) {
      invalidParameter('n_samples', 'resample', 'an int in the range [1, inf) or None', o.n_samples);
    }
    IntervalRandomState('resample', o.random_state);
  }
  const rng = checkRandomState(o.random_state);
  const n = o.length ?? (stratify ? labelCount(stratify) : 0);
  if (n > limits.maxSamples) throw new LimitError('MAX_SAMPLES', limits.maxSamples, n);
  const maxN = o.n_samples ?? n;
  if (maxN > limits.maxOutput) throw new LimitError('MAX_OUTPUT_INDICES', limits.maxOutput, maxN);
  if (o.n_samples !== null && o.n_samples !== undefined && maxN > n && !replace) {
    throw new NumpyError(`Cannot sample ${maxN} out of arrays with dim ${n} when replace is False`);
  }
  if (stratify === null) {
    if (replace) {
      if (n === 0 && maxN > 0) {
        // 1.9: RandomState.choice(0, ...); 1.2/1.6: randint(0, 0), numpy 1.24 and 2.1 say `high <= 0`
        throw new NumpyError(profile.resampleViaChoice ? 'a must be greater than 0 unless no samples are taken' : 'high <= 0');
      }
      const out: number[] = new Array(maxN);
      for (let i = 0; i < maxN; i++) out[i] = rng.interval(n - 1);
      return out;
    }
    const idx = rng.permutation(n);
    return Array.from(idx.subarray(0, maxN));
  }
  const m = labelCount(stratify);
  if (m > n) {
    throw new NumpyError(
      `stratify has ${m} labels for ${n} samples: scikit-learn never compares the two lengths and fails with "IndexError: index ${n} is out of bounds for axis 0 with size ${n}" when it indexes the data with the drawn positions.`,
      'IndexError',
    );
  }
  if (m === 0) throw new NumpyError('Found array with 0 sample(s) (shape=(0,)) while a minimum of 1 is required.');
  const enc = encodeLabels(stratify);
  const k = enc.nClasses;
  // class_indices = np.split(np.argsort(y_indices, kind="mergesort"), np.cumsum(class_counts)[:-1])
  const start = new Int32Array(k + 1);
  for (let c = 0; c < k; c++) start[c + 1] = start[c]! + enc.counts[c]!;
  const members = new Int32Array(m);
  const fill = start.slice(0, k);
  for (let i = 0; i < m; i++) {
    const c = enc.inverse[i]!;
    members[fill[c]!] = i;
    fill[c] = fill[c]! + 1;
  }
  const nI = approximateMode(enc.counts, maxN, rng);
  const out: number[] = [];
  for (let c = 0; c < k; c++) {
    const cls = members.subarray(start[c]!, start[c + 1]!);
    if (!replace && nI[c]! > cls.length) throw new NumpyError("Cannot take a larger sample than population when 'replace=False'");
    legacyChoice(rng, cls.length, nI[c]!, replace, out, cls);
  }
  // indices = random_state.permutation(indices)
  rng.shuffle(out);
  return out;
}
