/** The scikit-learn releases a request may name with `sklearn_version` (CONTRACT-sklearn.md, *Versions*). */
export const SKLEARN_VERSIONS = ['1.9', '1.6', '1.2'] as const;

/** One of `SKLEARN_VERSIONS`. */
export type SklearnVersion = (typeof SKLEARN_VERSIONS)[number];

/** The default `sklearn_version`: scikit-learn 1.9.1 on numpy 2.4. */
export const DEFAULT_SKLEARN_VERSION: SklearnVersion = '1.9';

/**
 * What differs between the served releases, as switches of the one code path (docs/sklearn-versions.md).
 */
export interface SklearnProfile {
  readonly version: SklearnVersion;
  /** sklearn >= 1.3 `@validate_params`: InvalidParameterError texts first, random_state range checked always. */
  readonly validateParams: boolean;
  /** GroupKFold takes `shuffle`/`random_state` (sklearn >= 1.6). */
  readonly groupKFoldShuffle: boolean;
  /**
   * GroupKFold's `argsort(n_samples_per_group)`: numpy 1.24 introsort (1.2), numpy 2.x SIMD sort whose tie
   * order depends on the CPU (1.6: ties refused), a stable sort (1.9, PR #28464).
   */
  readonly groupKFoldSort: 'introsort' | 'simd' | 'stable';
  /** StratifiedShuffleSplit's one-member refusal names the classes (1.9, PR #32265). */
  readonly namesTooFewClasses: boolean;
  /** StratifiedGroupKFold's shuffle permutes the groups and sorts stably (1.9, PR #32540). */
  readonly sgkfShuffleByGroupPermutation: boolean;
  /** StratifiedGroupKFold refuses n_splits above the number of groups (1.9). */
  readonly sgkfChecksGroups: boolean;
  /** `resample` draws through `RandomState.choice` and rewords its length-0 message (1.9). */
  readonly resampleViaChoice: boolean;
}

const PROFILES: Record<SklearnVersion, SklearnProfile> = {
  '1.9': {
    version: '1.9',
    validateParams: true,
    groupKFoldShuffle: true,
    groupKFoldSort: 'stable',
    namesTooFewClasses: true,
    sgkfShuffleByGroupPermutation: true,
    sgkfChecksGroups: true,
    resampleViaChoice: true,
  },
  '1.6': {
    version: '1.6',
    validateParams: true,
    groupKFoldShuffle: true,
    groupKFoldSort: 'simd',
    namesTooFewClasses: false,
    sgkfShuffleByGroupPermutation: false,
    sgkfChecksGroups: false,
    resampleViaChoice: false,
  },
  '1.2': {
    version: '1.2',
    validateParams: false,
    groupKFoldShuffle: false,
    groupKFoldSort: 'introsort',
    namesTooFewClasses: false,
    sgkfShuffleByGroupPermutation: false,
    sgkfChecksGroups: false,
    resampleViaChoice: false,
  },
};

/**
 * The switches of one release.
 * @example sklearnProfile('1.2').groupKFoldSort // 'introsort'
 */
export function sklearnProfile(v: SklearnVersion | null | undefined): SklearnProfile {
  return PROFILES[v ?? DEFAULT_SKLEARN_VERSION];
}
