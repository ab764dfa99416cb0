import type { Labels } from '../numpy/unique.js';
import { groupKFold, kFold, stratifiedKFold } from './kFold.js';
import { repeatedKFold, repeatedStratifiedKFold } from './repeated.js';
import { shuffleSplit, stratifiedShuffleSplit } from './shuffleSplit.js';
import { groupShuffleSplit, leaveGroupsOut, leaveOneOut, leavePOut, predefinedSplit, timeSeriesSplit } from './moreSplitters.js';
import { stratifiedGroupKFold } from './stratifiedGroupKFold.js';
import { sklearnProfile, type SklearnVersion } from './version.js';
import { DEFAULT_LIMITS, type CvResult, type PyNumber, type SplitLimits } from './types.js';

/** The cross-validation splitters of `/v1/sklearn/cv_split`. */
export const SPLITTERS = [
  'KFold',
  'StratifiedKFold',
  'GroupKFold',
  'ShuffleSplit',
  'StratifiedShuffleSplit',
  'RepeatedKFold',
  'RepeatedStratifiedKFold',
  'StratifiedGroupKFold',
  'GroupShuffleSplit',
  'TimeSeriesSplit',
  'LeaveOneOut',
  'LeavePOut',
  'LeaveOneGroupOut',
  'LeavePGroupsOut',
  'PredefinedSplit',
] as const;

/** A splitter's name, as sklearn spells its class. */
export type SplitterName = (typeof SPLITTERS)[number];

/** A `cv_split` request after validation: the splitter, its keyword arguments and the data. */
export interface CvSplitOptions {
  readonly splitter: SplitterName;
  readonly n_samples?: number | null;
  readonly n_splits?: PyNumber | null;
  readonly n_repeats?: PyNumber | null;
  readonly shuffle?: boolean | null;
  readonly random_state?: number | bigint | null;
  readonly test_size?: PyNumber | null;
  readonly train_size?: PyNumber | null;
  readonly y?: Labels | null;
  readonly groups?: Labels | null;
  /** TimeSeriesSplit. */
  readonly max_train_size?: number | null;
  readonly gap?: number | null;
  /** TimeSeriesSplit's test_size is an integer count (the shuffle splitters use `test_size`). */
  readonly tss_test_size?: number | null;
  /** LeavePOut. */
  readonly p?: number | null;
  /** LeavePGroupsOut. */
  readonly n_groups?: number | null;
  /** PredefinedSplit. */
  readonly test_fold?: readonly number[] | null;
  /** The release whose behaviour to reproduce (default "1.9"). */
  readonly sklearn_version?: SklearnVersion | null;
}

/** Requires a field the schema guarantees. */
function need<T>(v: T | null | undefined, what: string): T {
  if (v === null || v === undefined) throw new TypeError(`${what} is required`);
  return v;
}

/** An int n_splits as a number for the shuffle splitters (default 10). */
function shuffleSplits(v: PyNumber | null | undefined): number {
  if (!v) return 10;
  return v.kind === 'int' ? Number(v.value) : v.value;
}

/**
 * `[(train.tolist(), test.tolist()) for train, test in Splitter(**kwargs).split(np.zeros(n_samples), y, groups)]`
 * for the seven splitters, in scikit-learn 1.2.1's order and with its refusals.
 * @example cvSplit({ splitter: 'KFold', n_samples: 10, n_splits: pyInt(3), shuffle: true, random_state: 4294967295 })
 */
export function cvSplit(o: CvSplitOptions, limits: SplitLimits = DEFAULT_LIMITS): CvResult {
  const k = o.n_splits ?? undefined;
  const profile = sklearnProfile(o.sklearn_version);
  switch (o.splitter) {
    case 'KFold':
      return kFold({ n_samples: need(o.n_samples, 'n_samples'), n_splits: k, shuffle: o.shuffle ?? false, random_state: o.random_state ?? null }, limits);
    case 'StratifiedKFold':
      return stratifiedKFold(
        { n_samples: o.n_samples ?? null, y: need(o.y, 'y'), n_splits: k, shuffle: o.shuffle ?? false, random_state: o.random_state ?? null },
        limits,
      );
    case 'GroupKFold':
      return groupKFold(
        { n_samples: o.n_samples ?? null, groups: need(o.groups, 'groups'), n_splits: k, shuffle: o.shuffle ?? false, random_state: o.random_state ?? null },
        limits,
        profile,
      );
    case 'ShuffleSplit':
      return {
        folds: shuffleSplit(
          {
            n_samples: need(o.n_samples, 'n_samples'),
            n_splits: shuffleSplits(o.n_splits),
            test_size: o.test_size ?? null,
            train_size: o.train_size ?? null,
            random_state: need(o.random_state, 'random_state'),
          },
          limits,
        ),
        warnings: [],
      };
    case 'StratifiedShuffleSplit':
      return {
        folds: stratifiedShuffleSplit(
          {
            n_samples: o.n_samples ?? null,
            y: need(o.y, 'y'),
            n_splits: shuffleSplits(o.n_splits),
            test_size: o.test_size ?? null,
            train_size: o.train_size ?? null,
            random_state: need(o.random_state, 'random_state'),
          },
          limits,
          profile,
        ),
        warnings: [],
      };
    case 'RepeatedKFold':
      return repeatedKFold(
        { n_samples: need(o.n_samples, 'n_samples'), n_splits: k, n_repeats: o.n_repeats ?? undefined, random_state: need(o.random_state, 'random_state') },
        limits,
      );
    case 'RepeatedStratifiedKFold':
      return repeatedStratifiedKFold(
        { n_samples: o.n_samples ?? null, y: need(o.y, 'y'), n_splits: k, n_repeats: o.n_repeats ?? undefined, random_state: need(o.random_state, 'random_state') },
        limits,
      );
    case 'StratifiedGroupKFold':
      return stratifiedGroupKFold(
        {
          n_samples: o.n_samples ?? null,
          y: need(o.y, 'y'),
          groups: need(o.groups, 'groups'),
          n_splits: k,
          shuffle: o.shuffle ?? false,
          random_state: o.random_state ?? null,
        },
        limits,
        profile,
      );
    case 'GroupShuffleSplit':
      return {
        folds: groupShuffleSplit(
          {
            n_samples: o.n_samples ?? null,
            groups: need(o.groups, 'groups'),
            n_splits: o.n_splits ? shuffleSplits(o.n_splits) : 5,
            test_size: o.test_size ?? null,
            train_size: o.train_size ?? null,
            random_state: need(o.random_state, 'random_state'),
          },
          limits,
        ),
        warnings: [],
      };
    case 'TimeSeriesSplit':
      return timeSeriesSplit(
        { n_samples: need(o.n_samples, 'n_samples'), n_splits: k, max_train_size: o.max_train_size ?? null, test_size: o.tss_test_size ?? null, gap: o.gap ?? 0 },
        limits,
      );
    case 'LeaveOneOut':
      return leaveOneOut({ n_samples: need(o.n_samples, 'n_samples') }, limits);
    case 'LeavePOut':
      return leavePOut({ n_samples: need(o.n_samples, 'n_samples'), p: need(o.p, 'p') }, limits);
    case 'LeaveOneGroupOut':
      return leaveGroupsOut({ n_samples: o.n_samples ?? null, groups: need(o.groups, 'groups') }, limits);
    case 'LeavePGroupsOut':
      return leaveGroupsOut({ n_samples: o.n_samples ?? null, groups: need(o.groups, 'groups'), n_groups: need(o.n_groups, 'n_groups') }, limits);
    case 'PredefinedSplit':
      return predefinedSplit({ n_samples: o.n_samples ?? null, test_fold: need(o.test_fold, 'test_fold') }, limits);
  }
}
