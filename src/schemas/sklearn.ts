import { z } from 'zod';
import { Size } from './common.js';
import { SKLEARN_VERSIONS } from '../engine/sklearn/version.js';
import type { SplitterName } from '../engine/sklearn/cvSplit.js';

/** `sklearn_version`: which scikit-learn release to reproduce; filled in (default "1.9") before the request is hashed. */
const SklearnVersionField = z
  .enum(SKLEARN_VERSIONS, { error: () => `sklearn_version must be one of ${SKLEARN_VERSIONS.map((v) => `"${v}"`).join(', ')}` })
  .default('1.9')
  .meta({ description: 'The scikit-learn release whose answer to give: "1.9" (1.9.1, default), "1.6" (1.6.1) or "1.2" (1.2.1)' });

/**
 * `sklearn_version` on the numpy routes: accepted (one of the same values) so a client may send one
 * field everywhere, and dropped before hashing: numpy's draws are the same on numpy 1.24 to 2.4.
 */
const NumpyIgnoredVersion = z
  .enum(SKLEARN_VERSIONS, { error: () => `sklearn_version must be one of ${SKLEARN_VERSIONS.map((v) => `"${v}"`).join(', ')}` })
  .optional()
  .transform(() => undefined)
  .meta({ description: 'Ignored: numpy draws do not depend on the scikit-learn release (accepted so one field can go on every request)' });


// Schemas of CONTRACT-sklearn.md. Request bodies on these routes are parsed losslessly (see
// src/http/routes/v1/sklearn.ts): numbers reach these schemas as JS numbers, and which fields were
// written as floats (`1.0`, `1e0`) travels beside the body, because scikit-learn gives `1` and `1.0`
// different meanings. Integers beyond ±2^53 written as JSON numbers arrive as NaN and are refused here.

/** Largest integer a JSON number may carry exactly (2^53 - 1). */
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** A finite JSON number (integer or float; which one is decided from the request text). */
const PyNum = z.number().meta({ description: 'An integer (a count) or a float (a fraction): `1` and `1.0` differ, as in Python' });

/** `random_state` where the answer depends on it: an integer; numpy accepts [0, 2^32 - 1] (refused with numpy's message otherwise). */
const RandomStateRequired = z
  .int()
  .min(-MAX_SAFE)
  .max(MAX_SAFE)
  .meta({ description: 'numpy.random.RandomState(random_state), one per request; numpy accepts [0, 2^32 - 1]' });

/** `random_state` where it may be absent: null is numpy's global generator, refused where the answer depends on it. */
const RandomState = z
  .int()
  .min(-MAX_SAFE)
  .max(MAX_SAFE)
  .nullable()
  .meta({ description: "numpy.random.RandomState(random_state), one per request; numpy accepts [0, 2^32 - 1]. null (numpy's global generator) only where the answer does not depend on it" });

/** A size: null, an integer count or a float fraction of n_samples. */
const SizeField = PyNum.nullable().meta({ description: 'null, an integer (a count of samples) or a float in (0, 1) (a fraction, rounded as sklearn: test up, train down)' });

/** A split count: an integer (a float is refused by sklearn with its message for the k-fold family). */
const NSplits = PyNum.meta({ description: 'number of splits (an integer)' });

function homogeneous(v: unknown[], ctx: z.RefinementCtx): void {
  if (v.length === 0) return;
  const kind = typeof v[0];
  for (let i = 1; i < v.length; i++) {
    if (typeof v[i] !== kind) {
      ctx.addIssue({ code: 'custom', path: [i], message: `labels must be all strings, all numbers or all booleans (element 0 is a ${kind}, element ${i} a ${typeof v[i]})` });
      return;
    }
  }
}

/** A label column (`stratify`, `y`, `groups`): all strings, all numbers or all booleans. */
export const LabelsField = z
  .array(z.union([z.string(), z.number(), z.boolean()]))
  .superRefine(homogeneous)
  .meta({
    id: 'Labels',
    description:
      'All strings (compared by code point, trailing U+0000 dropped), all numbers (compared as float64; integers beyond ±2^53 refused) or all booleans',
  });

export const TrainTestSplitRequest = z
  .strictObject({
    n_samples: Size.optional().meta({ description: 'len(X) for X = np.arange(n_samples); defaults to the length of stratify' }),
    test_size: SizeField.optional(),
    train_size: SizeField.optional(),
    random_state: RandomState.optional(),
    shuffle: z.boolean().default(true),
    stratify: LabelsField.nullable().optional(),
    sklearn_version: SklearnVersionField,
  })
  .superRefine((v, ctx) => {
    if (v.n_samples === undefined && (v.stratify === undefined || v.stratify === null)) {
      ctx.addIssue({ code: 'custom', path: ['n_samples'], message: 'n_samples is required without stratify' });
    }
    if (v.shuffle && (v.random_state === undefined || v.random_state === null)) {
      ctx.addIssue({ code: 'custom', path: ['random_state'], message: 'random_state is required with shuffle: numpy\'s global generator is not reproducible' });
    }
  })
  .meta({ id: 'TrainTestSplitRequest' });

export const TrainTestSplitResponse = z
  .object({
    random_state: z.int().nullable(),
    train: z.array(z.int()),
    test: z.array(z.int()),
  })
  .meta({ id: 'TrainTestSplitResponse' });

/** Refinement: `random_state` required when `shuffle` is true (KFold, StratifiedKFold). */
function seedWhenShuffled(v: { shuffle?: boolean | undefined; random_state?: number | null | undefined }, ctx: z.RefinementCtx): void {
  if (v.shuffle === true && (v.random_state === undefined || v.random_state === null)) {
    ctx.addIssue({ code: 'custom', path: ['random_state'], message: 'random_state is required with shuffle: numpy\'s global generator is not reproducible' });
  }
}

const KFoldRequest = z
  .strictObject({
    splitter: z.literal('KFold'),
    sklearn_version: SklearnVersionField,
    n_samples: Size,
    n_splits: NSplits.optional(),
    shuffle: z.boolean().optional(),
    random_state: RandomState.optional(),
  })
  .superRefine(seedWhenShuffled);

const StratifiedKFoldRequest = z
  .strictObject({
    splitter: z.literal('StratifiedKFold'),
    sklearn_version: SklearnVersionField,
    n_samples: Size.optional(),
    y: LabelsField,
    n_splits: NSplits.optional(),
    shuffle: z.boolean().optional(),
    random_state: RandomState.optional(),
  })
  .superRefine(seedWhenShuffled);

const GroupKFoldRequest = z
  .strictObject({
    splitter: z.literal('GroupKFold'),
    sklearn_version: SklearnVersionField,
    n_samples: Size.optional(),
    groups: LabelsField,
    n_splits: NSplits.optional(),
    shuffle: z.boolean().optional().meta({ description: 'sklearn >= 1.6 only (a 400 under "1.2")' }),
    random_state: RandomState.optional(),
  })
  .superRefine(seedWhenShuffled)
  .superRefine((v, ctx) => {
    if (v.sklearn_version === '1.2') {
      for (const f of ['shuffle', 'random_state'] as const) {
        if (v[f] !== undefined) {
          ctx.addIssue({ code: 'custom', path: [f], message: `GroupKFold has no ${f} in scikit-learn 1.2 (added in 1.6): TypeError: GroupKFold.__init__() got an unexpected keyword argument '${f}'` });
        }
      }
    }
  });

const StratifiedGroupKFoldRequest = z
  .strictObject({
    splitter: z.literal('StratifiedGroupKFold'),
    sklearn_version: SklearnVersionField,
    n_samples: Size.optional(),
    y: LabelsField,
    groups: LabelsField,
    n_splits: NSplits.optional(),
    shuffle: z.boolean().optional(),
    random_state: RandomState.optional(),
  })
  .superRefine(seedWhenShuffled);

const GroupShuffleSplitRequest = z.strictObject({
  splitter: z.literal('GroupShuffleSplit'),
  sklearn_version: SklearnVersionField,
  n_samples: Size.optional(),
  groups: LabelsField,
  n_splits: z.int().min(0).max(MAX_SAFE).optional().meta({ description: 'number of splits (default 5)' }),
  test_size: SizeField.optional().meta({ description: 'as in train_test_split, of the number of groups; both null means 0.2' }),
  train_size: SizeField.optional(),
  random_state: RandomStateRequired,
});

/** A non-negative integer count (the service refuses negatives sklearn would mis-read). */
const Count = z.int().min(0).max(MAX_SAFE);

const TimeSeriesSplitRequest = z.strictObject({
  splitter: z.literal('TimeSeriesSplit'),
  sklearn_version: SklearnVersionField,
  n_samples: Size,
  n_splits: NSplits.optional(),
  max_train_size: Count.nullable().optional().meta({ description: 'null or 0: no limit (sklearn tests its truthiness)' }),
  test_size: Count.nullable().optional().meta({ description: 'test window (default n_samples // (n_splits + 1)); 0 is a 422 (sklearn crashes in range())' }),
  gap: z.int().min(-MAX_SAFE).max(MAX_SAFE).optional().meta({ description: 'samples left out before each test window (default 0); sklearn accepts a negative gap' }),
});

const LeaveOneOutRequest = z.strictObject({ splitter: z.literal('LeaveOneOut'), sklearn_version: SklearnVersionField, n_samples: Size });

const LeavePOutRequest = z.strictObject({
  splitter: z.literal('LeavePOut'),
  sklearn_version: SklearnVersionField,
  n_samples: Size,
  p: z.int().min(-MAX_SAFE).max(MAX_SAFE).meta({ description: 'size of each test set; p ≤ 0 is a 422 (sklearn crashes)' }),
});

const LeaveOneGroupOutRequest = z.strictObject({
  splitter: z.literal('LeaveOneGroupOut'),
  sklearn_version: SklearnVersionField,
  n_samples: Size.optional(),
  groups: LabelsField,
});

const LeavePGroupsOutRequest = z.strictObject({
  splitter: z.literal('LeavePGroupsOut'),
  sklearn_version: SklearnVersionField,
  n_samples: Size.optional(),
  groups: LabelsField,
  n_groups: z.int().min(-MAX_SAFE).max(MAX_SAFE).meta({ description: 'groups per test set; ≤ 0 is a 422 (sklearn crashes)' }),
});

const PredefinedSplitRequest = z
  .strictObject({
    splitter: z.literal('PredefinedSplit'),
    sklearn_version: SklearnVersionField,
    n_samples: Size.optional().meta({ description: 'ignored by sklearn (PredefinedSplit never looks at X); must equal len(test_fold) when given' }),
    test_fold: z.array(z.int().min(-MAX_SAFE).max(MAX_SAFE)).meta({ description: 'fold of each sample; -1 = always in train' }),
  })
  .superRefine((v, ctx) => {
    if (v.n_samples !== undefined && v.n_samples !== v.test_fold.length) {
      ctx.addIssue({ code: 'custom', path: ['n_samples'], message: `n_samples (${v.n_samples}) differs from len(test_fold) (${v.test_fold.length})` });
    }
  });

const shuffleSizes = {
  n_splits: z.int().min(0).max(MAX_SAFE).optional().meta({ description: 'number of splits; 0 gives no folds (default 10)' }),
  test_size: SizeField.optional().meta({ description: 'as in train_test_split; both null means test_size 0.1' }),
  train_size: SizeField.optional(),
  random_state: RandomStateRequired,
};

const ShuffleSplitRequest = z.strictObject({ splitter: z.literal('ShuffleSplit'),
    sklearn_version: SklearnVersionField, n_samples: Size, ...shuffleSizes });

const StratifiedShuffleSplitRequest = z.strictObject({
  splitter: z.literal('StratifiedShuffleSplit'),
    sklearn_version: SklearnVersionField,
  n_samples: Size.optional(),
  y: LabelsField,
  ...shuffleSizes,
});

const repeatedFields = {
  n_splits: NSplits.optional(),
  n_repeats: PyNum.optional().meta({ description: 'number of repetitions (an integer, default 10)' }),
  random_state: RandomStateRequired,
};

const RepeatedKFoldRequest = z.strictObject({ splitter: z.literal('RepeatedKFold'),
    sklearn_version: SklearnVersionField, n_samples: Size, ...repeatedFields });

const RepeatedStratifiedKFoldRequest = z.strictObject({
  splitter: z.literal('RepeatedStratifiedKFold'),
    sklearn_version: SklearnVersionField,
  n_samples: Size.optional(),
  y: LabelsField,
  ...repeatedFields,
});

/** One request schema per splitter the engine's cvSplit runs (SPLITTERS): a missing or extra one is a compile error. */
const splitterSchemas = {
  KFold: KFoldRequest,
  StratifiedKFold: StratifiedKFoldRequest,
  GroupKFold: GroupKFoldRequest,
  ShuffleSplit: ShuffleSplitRequest,
  StratifiedShuffleSplit: StratifiedShuffleSplitRequest,
  RepeatedKFold: RepeatedKFoldRequest,
  RepeatedStratifiedKFold: RepeatedStratifiedKFoldRequest,
  StratifiedGroupKFold: StratifiedGroupKFoldRequest,
  GroupShuffleSplit: GroupShuffleSplitRequest,
  TimeSeriesSplit: TimeSeriesSplitRequest,
  LeaveOneOut: LeaveOneOutRequest,
  LeavePOut: LeavePOutRequest,
  LeaveOneGroupOut: LeaveOneGroupOutRequest,
  LeavePGroupsOut: LeavePGroupsOutRequest,
  PredefinedSplit: PredefinedSplitRequest,
} satisfies Record<SplitterName, z.ZodObject>;
const { KFold: kFoldRequest, ...otherSplitters } = splitterSchemas;

export const CvSplitRequest = z
  .discriminatedUnion('splitter', [kFoldRequest, ...Object.values(otherSplitters)])
  .meta({ id: 'CvSplitRequest' });

export const CvSplitResponse = z
  .object({
    random_state: z.int().nullable(),
    folds: z.array(z.object({ train: z.array(z.int()), test: z.array(z.int()) })),
    warnings: z.array(z.string()),
  })
  .meta({ id: 'CvSplitResponse' });

/** A numpy seed element: a safe-integer JSON number or a decimal string. */
const NumpySeedInt = z.union([z.int().min(-MAX_SAFE).max(MAX_SAFE), z.string().regex(/^-?[0-9]{1,400}$/, 'must be a decimal integer string')]);

export const PermutationRequest = z
  .strictObject({
    sklearn_version: NumpyIgnoredVersion,
    seed: z.union([NumpySeedInt, z.array(NumpySeedInt)]).meta({
      description:
        'An integer (a JSON number when safe, else a decimal string) or an array of them. RandomState: each in [0, 2^32 - 1], an array seeds through init_by_array. default_rng: any non-negative integer (SeedSequence)',
    }),
    n: Size,
    generator: z.enum(['RandomState', 'default_rng']).default('RandomState'),
  })
  .superRefine((v, ctx) => {
    if (v.generator === 'default_rng' && Array.isArray(v.seed) && v.seed.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['seed'], message: 'a seed array must not be empty' });
    }
  })
  .meta({ id: 'NumpyPermutationRequest' });

export const PermutationResponse = z
  .object({
    seed: z.union([z.string(), z.array(z.string())]).meta({ description: 'the seed as decimal strings' }),
    generator: z.enum(['RandomState', 'default_rng']),
    permutation: z.array(z.int()),
  })
  .meta({ id: 'NumpyPermutationResponse' });

export const ResampleRequest = z
  .strictObject({
    random_state: RandomStateRequired,
    length: Size.optional().meta({ description: 'len of the data np.arange(length); defaults to the length of stratify' }),
    replace: z.boolean().default(true),
    n_samples: Size.nullable().optional().meta({ description: 'samples to draw (default: length)' }),
    stratify: LabelsField.nullable().optional(),
    sklearn_version: SklearnVersionField,
  })
  .superRefine((v, ctx) => {
    if (v.length === undefined && (v.stratify === undefined || v.stratify === null)) {
      ctx.addIssue({ code: 'custom', path: ['length'], message: 'length is required without stratify' });
    }
  })
  .meta({ id: 'SklearnResampleRequest' });

export const ResampleResponse = z.object({ random_state: z.int(), indices: z.array(z.int()) }).meta({ id: 'SklearnResampleResponse' });

const NumpyGeneratorField = z.enum(['RandomState', 'default_rng']).default('RandomState');
const NumpySeed = z.union([NumpySeedInt, z.array(NumpySeedInt)]).meta({ description: 'as for /v1/numpy/permutation' });

export const ChoiceRequest = z
  .strictObject({
    sklearn_version: NumpyIgnoredVersion,
    seed: NumpySeed,
    generator: NumpyGeneratorField,
    a: z.int().min(-MAX_SAFE).max(MAX_SAFE).meta({ description: 'population arange(a) (an integer)' }),
    size: Size.nullable().optional().meta({ description: 'number of draws; null: one draw, answered as a scalar' }),
    replace: z.boolean().default(true),
    p: z.array(z.number()).nullable().optional().meta({ description: 'probabilities of each of the a entries' }),
  })
  .meta({ id: 'NumpyChoiceRequest' });

export const ChoiceResponse = z
  .object({ seed: z.union([z.string(), z.array(z.string())]), generator: z.enum(['RandomState', 'default_rng']), choice: z.union([z.int(), z.array(z.int())]) })
  .meta({ id: 'NumpyChoiceResponse' });

/** An int64 bound: a safe-integer JSON number or a decimal string (beyond ±2^53 as JSON numbers arrive as NaN and are refused). */
const Int64Bound = z.union([z.int().min(-MAX_SAFE).max(MAX_SAFE), z.string().regex(/^-?[0-9]{1,40}$/, 'must be a decimal integer string')]);

export const IntegersRequest = z
  .strictObject({
    sklearn_version: NumpyIgnoredVersion,
    seed: NumpySeed,
    generator: NumpyGeneratorField,
    low: Int64Bound,
    high: Int64Bound.nullable().optional().meta({ description: 'exclusive upper bound; null: draws from [0, low)' }),
    size: Size.nullable().optional().meta({ description: 'number of draws; null: one draw, answered as a scalar' }),
  })
  .meta({ id: 'NumpyIntegersRequest' });

export const IntegersResponse = z
  .object({ seed: z.union([z.string(), z.array(z.string())]), generator: z.enum(['RandomState', 'default_rng']), integers: z.union([z.int(), z.array(z.int())]) })
  .meta({ id: 'NumpyIntegersResponse' });

export type ResampleBody = z.output<typeof ResampleRequest>;
export type ChoiceBody = z.output<typeof ChoiceRequest>;
export type IntegersBody = z.output<typeof IntegersRequest>;
export type TrainTestSplitBody = z.output<typeof TrainTestSplitRequest>;
export type CvSplitBody = z.output<typeof CvSplitRequest>;
export type PermutationBody = z.output<typeof PermutationRequest>;
