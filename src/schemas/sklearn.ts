import { z } from 'zod';
import { Size } from './common.js';

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
    n_samples: Size,
    n_splits: NSplits.optional(),
    shuffle: z.boolean().optional(),
    random_state: RandomState.optional(),
  })
  .superRefine(seedWhenShuffled);

const StratifiedKFoldRequest = z
  .strictObject({
    splitter: z.literal('StratifiedKFold'),
    n_samples: Size.optional(),
    y: LabelsField,
    n_splits: NSplits.optional(),
    shuffle: z.boolean().optional(),
    random_state: RandomState.optional(),
  })
  .superRefine(seedWhenShuffled);

const GroupKFoldRequest = z.strictObject({
  splitter: z.literal('GroupKFold'),
  n_samples: Size.optional(),
  groups: LabelsField,
  n_splits: NSplits.optional(),
});

const shuffleSizes = {
  n_splits: z.int().min(0).max(MAX_SAFE).optional().meta({ description: 'number of splits; 0 gives no folds (default 10)' }),
  test_size: SizeField.optional().meta({ description: 'as in train_test_split; both null means test_size 0.1' }),
  train_size: SizeField.optional(),
  random_state: RandomStateRequired,
};

const ShuffleSplitRequest = z.strictObject({ splitter: z.literal('ShuffleSplit'), n_samples: Size, ...shuffleSizes });

const StratifiedShuffleSplitRequest = z.strictObject({
  splitter: z.literal('StratifiedShuffleSplit'),
  n_samples: Size.optional(),
  y: LabelsField,
  ...shuffleSizes,
});

const repeatedFields = {
  n_splits: NSplits.optional(),
  n_repeats: PyNum.optional().meta({ description: 'number of repetitions (an integer, default 10)' }),
  random_state: RandomStateRequired,
};

const RepeatedKFoldRequest = z.strictObject({ splitter: z.literal('RepeatedKFold'), n_samples: Size, ...repeatedFields });

const RepeatedStratifiedKFoldRequest = z.strictObject({
  splitter: z.literal('RepeatedStratifiedKFold'),
  n_samples: Size.optional(),
  y: LabelsField,
  ...repeatedFields,
});

export const CvSplitRequest = z
  .discriminatedUnion('splitter', [
    KFoldRequest,
    StratifiedKFoldRequest,
    GroupKFoldRequest,
    ShuffleSplitRequest,
    StratifiedShuffleSplitRequest,
    RepeatedKFoldRequest,
    RepeatedStratifiedKFoldRequest,
  ])
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

export type TrainTestSplitBody = z.output<typeof TrainTestSplitRequest>;
export type CvSplitBody = z.output<typeof CvSplitRequest>;
export type PermutationBody = z.output<typeof PermutationRequest>;
