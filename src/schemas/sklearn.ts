import { z } from 'zod';
import { Size } from './common.js';
import { SKLEARN_VERSIONS } from '../engine/sklearn/version.js';
import type { SplitterName } from '../engine/sklearn/cvSplit.js';
import { pyFloats, pyInts, pyLabels, pyNumber, pyPlain } from './python.js';

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


// Schemas of CONTRACT-sklearn.md. Request bodies on these routes are parsed in the body parser's
// 'python' mode: numbers written as floats (`1.0`, `1e0`) arrive as PyFloat, because scikit-learn gives
// `1` and `1.0` different meanings, and every field that may hold a number is wrapped (src/schemas/
// python.ts): pyInts refuses a float where an integer is due, pyNumber and pyLabels keep the Python
// type for the engine. Integers beyond ±2^53 written as JSON numbers are refused (as NaN), except the
// int64 bounds of numpy/integers, kept exact as decimal strings.

/** Largest integer a JSON number may carry exactly (2^53 - 1). */
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** A finite JSON number (integer or float; which one is decided from the request text). */
const PyNum = z.number().meta({ description: 'An integer (a count) or a float (a fraction): `1` and `1.0` differ, as in Python' });

/** A number field whose Python type sklearn reads (PyNumber), with its documentation. */
function pyNum(description: string) {
  return pyNumber(PyNum.meta({ description }));
}

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
function sizeField(description = 'null, an integer (a count of samples) or a float in (0, 1) (a fraction, rounded as sklearn: test up, train down)') {
  return pyNumber(PyNum.meta({ description })).nullable();
}

/** A split count: an integer (a float is refused by sklearn with its message for the k-fold family). */
const NSplits = pyNum('number of splits (an integer)');

/** A boolean field (a number there is refused as the number it is). */
const Bool = pyPlain(z.boolean());
/** A boolean field with a default, filled before the request is hashed (a prefault: documented as the default). */
function boolField(fallback: boolean) {
  return Bool.prefault(fallback);
}

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
const LabelColumn = z
  .array(z.union([z.string(), z.number(), z.boolean()]))
  .superRefine(homogeneous)
  .meta({
    description:
      'All strings (compared by code point, trailing U+0000 dropped), all numbers (compared as float64; integers beyond ±2^53 refused) or all booleans',
  });

/** A label column as the engine takes it (Labels). */
export const LabelsField = pyLabels(LabelColumn).meta({ id: 'Labels' });
/** A label column, or null. */
const NullableLabels = LabelsField.nullable();

export const TrainTestSplitRequest = z
  .strictObject({
    n_samples: pyInts(Size.meta({ description: 'len(X) for X = np.arange(n_samples); defaults to the length of stratify' })).optional(),
    test_size: sizeField().optional(),
    train_size: sizeField().optional(),
    random_state: pyInts(RandomState).optional(),
    shuffle: boolField(true),
    stratify: NullableLabels.optional(),
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
    n_samples: pyInts(Size),
    n_splits: NSplits.optional(),
    shuffle: Bool.optional(),
    random_state: pyInts(RandomState).optional(),
  })
  .superRefine(seedWhenShuffled);

const StratifiedKFoldRequest = z
  .strictObject({
    splitter: z.literal('StratifiedKFold'),
    sklearn_version: SklearnVersionField,
    n_samples: pyInts(Size).optional(),
    y: LabelsField,
    n_splits: NSplits.optional(),
    shuffle: Bool.optional(),
    random_state: pyInts(RandomState).optional(),
  })
  .superRefine(seedWhenShuffled);

const GroupKFoldRequest = z
  .strictObject({
    splitter: z.literal('GroupKFold'),
    sklearn_version: SklearnVersionField,
    n_samples: pyInts(Size).optional(),
    groups: LabelsField,
    n_splits: NSplits.optional(),
    shuffle: pyPlain(z.boolean().meta({ description: 'sklearn >= 1.6 only (a 400 under "1.2")' })).optional(),
    random_state: pyInts(RandomState).optional(),
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
    n_samples: pyInts(Size).optional(),
    y: LabelsField,
    groups: LabelsField,
    n_splits: NSplits.optional(),
    shuffle: Bool.optional(),
    random_state: pyInts(RandomState).optional(),
  })
  .superRefine(seedWhenShuffled);

const GroupShuffleSplitRequest = z.strictObject({
  splitter: z.literal('GroupShuffleSplit'),
  sklearn_version: SklearnVersionField,
  n_samples: pyInts(Size).optional(),
  groups: LabelsField,
  n_splits: pyInts(z.int().min(0).max(MAX_SAFE).meta({ description: 'number of splits (default 5)' })).optional(),
  test_size: sizeField('as in train_test_split, of the number of groups; both null means 0.2').optional(),
  train_size: sizeField().optional(),
  random_state: pyInts(RandomStateRequired),
});

/** A non-negative integer count (the service refuses negatives sklearn would mis-read). */
const Count = z.int().min(0).max(MAX_SAFE);

const TimeSeriesSplitRequest = z.strictObject({
  splitter: z.literal('TimeSeriesSplit'),
  sklearn_version: SklearnVersionField,
  n_samples: pyInts(Size),
  n_splits: NSplits.optional(),
  max_train_size: pyInts(Count.nullable().meta({ description: 'null or 0: no limit (sklearn tests its truthiness)' })).optional(),
  test_size: pyInts(Count.nullable().meta({ description: 'test window (default n_samples // (n_splits + 1)); 0 is a 422 (sklearn crashes in range())' })).optional(),
  gap: pyInts(z.int().min(-MAX_SAFE).max(MAX_SAFE).meta({ description: 'samples left out before each test window (default 0); sklearn accepts a negative gap' })).optional(),
});

const LeaveOneOutRequest = z.strictObject({ splitter: z.literal('LeaveOneOut'), sklearn_version: SklearnVersionField, n_samples: pyInts(Size) });

const LeavePOutRequest = z.strictObject({
  splitter: z.literal('LeavePOut'),
  sklearn_version: SklearnVersionField,
  n_samples: pyInts(Size),
  p: pyInts(z.int().min(-MAX_SAFE).max(MAX_SAFE).meta({ description: 'size of each test set; p ≤ 0 is a 422 (sklearn crashes)' })),
});

const LeaveOneGroupOutRequest = z.strictObject({
  splitter: z.literal('LeaveOneGroupOut'),
  sklearn_version: SklearnVersionField,
  n_samples: pyInts(Size).optional(),
  groups: LabelsField,
});

const LeavePGroupsOutRequest = z.strictObject({
  splitter: z.literal('LeavePGroupsOut'),
  sklearn_version: SklearnVersionField,
  n_samples: pyInts(Size).optional(),
  groups: LabelsField,
  n_groups: pyInts(z.int().min(-MAX_SAFE).max(MAX_SAFE).meta({ description: 'groups per test set; ≤ 0 is a 422 (sklearn crashes)' })),
});

const PredefinedSplitRequest = z
  .strictObject({
    splitter: z.literal('PredefinedSplit'),
    sklearn_version: SklearnVersionField,
    n_samples: pyInts(Size.meta({ description: 'ignored by sklearn (PredefinedSplit never looks at X); must equal len(test_fold) when given' })).optional(),
    test_fold: pyInts(z.array(z.int().min(-MAX_SAFE).max(MAX_SAFE)).meta({ description: 'fold of each sample; -1 = always in train' })),
  })
  .superRefine((v, ctx) => {
    if (v.n_samples !== undefined && v.n_samples !== v.test_fold.length) {
      ctx.addIssue({ code: 'custom', path: ['n_samples'], message: `n_samples (${v.n_samples}) differs from len(test_fold) (${v.test_fold.length})` });
    }
  });

const shuffleSizes = {
  n_splits: pyInts(z.int().min(0).max(MAX_SAFE).meta({ description: 'number of splits; 0 gives no folds (default 10)' })).optional(),
  test_size: sizeField('as in train_test_split; both null means test_size 0.1').optional(),
  train_size: sizeField().optional(),
  random_state: pyInts(RandomStateRequired),
};

const ShuffleSplitRequest = z.strictObject({ splitter: z.literal('ShuffleSplit'),
    sklearn_version: SklearnVersionField, n_samples: pyInts(Size), ...shuffleSizes });

const StratifiedShuffleSplitRequest = z.strictObject({
  splitter: z.literal('StratifiedShuffleSplit'),
    sklearn_version: SklearnVersionField,
  n_samples: pyInts(Size).optional(),
  y: LabelsField,
  ...shuffleSizes,
});

const repeatedFields = {
  n_splits: NSplits.optional(),
  n_repeats: pyNum('number of repetitions (an integer, default 10)').optional(),
  random_state: pyInts(RandomStateRequired),
};

const RepeatedKFoldRequest = z.strictObject({ splitter: z.literal('RepeatedKFold'),
    sklearn_version: SklearnVersionField, n_samples: pyInts(Size), ...repeatedFields });

const RepeatedStratifiedKFoldRequest = z.strictObject({
  splitter: z.literal('RepeatedStratifiedKFold'),
    sklearn_version: SklearnVersionField,
  n_samples: pyInts(Size).optional(),
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
    seed: pyInts(
      z.union([NumpySeedInt, z.array(NumpySeedInt)]).meta({
        description:
          'An integer (a JSON number when safe, else a decimal string) or an array of them. RandomState: each in [0, 2^32 - 1], an array seeds through init_by_array. default_rng: any non-negative integer (SeedSequence)',
      }),
    ),
    n: pyInts(Size),
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
    random_state: pyInts(RandomStateRequired),
    length: pyInts(Size.meta({ description: 'len of the data np.arange(length); defaults to the length of stratify' })).optional(),
    replace: boolField(true),
    n_samples: pyInts(Size.nullable().meta({ description: 'samples to draw (default: length)' })).optional(),
    stratify: NullableLabels.optional(),
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
/** Number of draws; null or absent: one, answered as a scalar. */
const DrawSize = pyInts(Size.nullable().meta({ description: 'number of draws; null: one draw, answered as a scalar' })).optional();
const NumpySeed = pyInts(z.union([NumpySeedInt, z.array(NumpySeedInt)]).meta({ description: 'as for /v1/numpy/permutation' }));

export const ChoiceRequest = z
  .strictObject({
    sklearn_version: NumpyIgnoredVersion,
    seed: NumpySeed,
    generator: NumpyGeneratorField,
    a: pyInts(z.int().min(-MAX_SAFE).max(MAX_SAFE).meta({ description: 'population arange(a) (an integer)' })),
    size: DrawSize,
    replace: boolField(true),
    p: pyFloats(z.array(z.number()).meta({ description: 'probabilities of each of the a entries' })).nullable().optional(),
  })
  .meta({ id: 'NumpyChoiceRequest' });

export const ChoiceResponse = z
  .object({ seed: z.union([z.string(), z.array(z.string())]), generator: z.enum(['RandomState', 'default_rng']), choice: z.union([z.int(), z.array(z.int())]) })
  .meta({ id: 'NumpyChoiceResponse' });

/** An int64 bound: a safe-integer JSON number or a decimal string (a JSON integer beyond ±2^53 arrives as its decimal string). */
const Int64Bound = z.union([z.int().min(-MAX_SAFE).max(MAX_SAFE), z.string().regex(/^-?[0-9]{1,40}$/, 'must be a decimal integer string')]);

export const IntegersRequest = z
  .strictObject({
    sklearn_version: NumpyIgnoredVersion,
    seed: NumpySeed,
    generator: NumpyGeneratorField,
    low: pyInts(Int64Bound, 'string'),
    high: pyInts(Int64Bound.nullable().meta({ description: 'exclusive upper bound; null: draws from [0, low)' }), 'string').optional(),
    size: DrawSize,
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
