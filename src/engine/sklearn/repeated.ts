import { NumpyError } from '../numpy/errors.js';
import type { Labels } from '../numpy/unique.js';
import { checkRandomState } from './checkRandomState.js';
import { checkOutput } from './checks.js';
import { kFold, stratifiedKFold } from './kFold.js';
import { DEFAULT_LIMITS, type CvResult, type PyNumber, type SplitLimits } from './types.js';

/** Options of `RepeatedKFold` / `RepeatedStratifiedKFold(n_splits, n_repeats, random_state)`. */
export interface RepeatedOptions {
  readonly n_samples?: number | null;
  readonly y?: Labels | null;
  readonly n_splits?: PyNumber;
  readonly n_repeats?: PyNumber;
  readonly random_state: number | bigint;
}

/**
 * `_RepeatedSplits.split` (sklearn 1.2.1): one `RandomState` for all repeats, each repeat the base splitter
 * with `shuffle=True` continuing its stream. Warnings are reported once per distinct text.
 */
function repeated(stratified: boolean, opts: RepeatedOptions, limits: SplitLimits): CvResult {
  const nRepeats = opts.n_repeats ?? { kind: 'int', value: 10n };
  if (nRepeats.kind === 'float') throw new NumpyError('Number of repetitions must be of Integral type.');
  if (nRepeats.value <= 0n) throw new NumpyError('Number of repetitions must be greater than 0.');
  const rng = checkRandomState(opts.random_state);
  const folds: CvResult['folds'] = [];
  const warnings: string[] = [];
  const reps = nRepeats.value;
  for (let r = 0n; r < reps; r++) {
    const base = { n_splits: opts.n_splits ?? { kind: 'int', value: 5n }, shuffle: true, random_state: rng } as const;
    const one = stratified
      ? stratifiedKFold({ ...base, n_samples: opts.n_samples ?? null, y: opts.y! }, limits)
      : kFold({ ...base, n_samples: opts.n_samples ?? 0 }, limits);
    if (r === 0n) {
      const perRepeat = one.folds.reduce((a, f) => a + f.train.length + f.test.length, 0);
      checkOutput(perRepeat * Number(reps), limits);
    }
    folds.push(...one.folds);
    for (const w of one.warnings) if (!warnings.includes(w)) warnings.push(w);
  }
  return { folds, warnings };
}

/**
 * `list(RepeatedKFold(n_splits=, n_repeats=, random_state=).split(np.zeros(n_samples)))`.
 * @example repeatedKFold({ n_samples: 10, n_splits: pyInt(3), n_repeats: pyInt(2), random_state: 0 }).folds.length // 6
 */
export function repeatedKFold(opts: RepeatedOptions, limits: SplitLimits = DEFAULT_LIMITS): CvResult {
  return repeated(false, opts, limits);
}

/**
 * `list(RepeatedStratifiedKFold(n_splits=, n_repeats=, random_state=).split(np.zeros(n_samples), y))`.
 * @example repeatedStratifiedKFold({ y, n_splits: pyInt(2), n_repeats: pyInt(3), random_state: 1 }).folds.length // 6
 */
export function repeatedStratifiedKFold(opts: RepeatedOptions, limits: SplitLimits = DEFAULT_LIMITS): CvResult {
  return repeated(true, opts, limits);
}
