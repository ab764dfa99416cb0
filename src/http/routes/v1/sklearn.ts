import { resample } from '../../../engine/sklearn/resample.js';
import { numpyChoice, numpyIntegers } from '../../../engine/numpy/draws.js';
import { numpyPermutation } from '../../../engine/numpy/permutation.js';
import { cvSplit } from '../../../engine/sklearn/cvSplit.js';
import { trainTestSplit } from '../../../engine/sklearn/trainTestSplit.js';
import { indexArray, type CvFold, type Indices } from '../../../engine/sklearn/types.js';
import { pythonKey } from '../../../schemas/python.js';
import {
  CvSplitRequest,
  CvSplitResponse,
  PermutationRequest,
  PermutationResponse,
  TrainTestSplitRequest,
  TrainTestSplitResponse,
  ResampleRequest,
  ResampleResponse,
  ChoiceRequest,
  ChoiceResponse,
  IntegersRequest,
  IntegersResponse,
} from '../../../schemas/sklearn.js';
import { defineBodyCompute } from '../../compute.js';
import { JsonInteger } from '../../json.js';
import { cvSplitCost, drawCost, permutationCost, resampleCost, trainTestSplitCost } from '../../work.js';

// The scikit-learn and numpy endpoints of CONTRACT-sklearn.md, registered with registerCompute like the
// torch ones (src/http/routes/v1/index.ts): their bodies are parsed in 'python' number mode (`1` is an
// int, `1.0` a float: src/schemas/python.ts), their cost bounds MAX_OUTPUT_INDICES, their key tells the
// fields written as floats, and their engine call reads the validated body only (no torch generator).

/** What every sklearn/numpy route shares: Python numbers, the Python cache key, MAX_OUTPUT_INDICES. */
const python = { generator: false, numbers: 'python', elementsLimit: 'MAX_OUTPUT_INDICES', key: pythonKey } as const;

/** X-Sklearn-Version: the scikit-learn release that answered (the sklearn routes; numpy draws do not depend on one). */
function sklearnHeaders(b: { sklearn_version: string }): Record<string, string> {
  return { 'x-sklearn-version': b.sklearn_version };
}

/** An index list as a plain array (the JSON writer's integer-list path); a range written out. */
function ints(a: Indices): number[] {
  return Array.from(indexArray(a));
}

function foldsOf(folds: CvFold[]): Array<{ train: number[]; test: number[] }> {
  return folds.map((f) => ({ train: ints(f.train), test: ints(f.test) }));
}

/** int64 draws as exact JSON integers (plain numbers when safe). */
function int64s(a: bigint[]): Array<number | JsonInteger> {
  const safe = a.every((x) => x >= -9007199254740991n && x <= 9007199254740991n);
  return a.map((x) => (safe ? Number(x) : new JsonInteger(x)));
}

/** A numpy seed as the engine takes it (bigints), and as answers echo it (decimal strings: the JSON writer's bigints). */
function numpySeed(seed: number | string | Array<number | string>): bigint | bigint[] {
  return Array.isArray(seed) ? seed.map((s) => BigInt(s)) : BigInt(seed);
}

/** The sklearn and numpy endpoints: schemas, cost (src/http/work.ts) and the engine call, one step from here. */
export const sklearnCompute = [
  defineBodyCompute({
    ...python,
    url: '/v1/sklearn/train_test_split',
    operationId: 'sklearnTrainTestSplit',
    summary: 'sklearn.model_selection.train_test_split(np.arange(n_samples), ...) as scikit-learn 1.2.1',
    description:
      '`X_train, X_test = train_test_split(np.arange(n_samples), test_size=, train_size=, random_state=, shuffle=, stratify=)`: the index lists element for element. Sizes: an integer is a count, a float a fraction (`1` and `1.0` differ). Refusals carry sklearn\'s message (422).',
    body: TrainTestSplitRequest,
    response: TrainTestSplitResponse,
    headers: sklearnHeaders,
    cost: trainTestSplitCost,
    run: (b, limits) => {
      const f = trainTestSplit(
        {
          n_samples: b.n_samples ?? null,
          test_size: b.test_size ?? null,
          train_size: b.train_size ?? null,
          random_state: b.random_state ?? null,
          shuffle: b.shuffle,
          stratify: b.stratify ?? null,
          sklearn_version: b.sklearn_version,
        },
        limits,
      );
      return { random_state: b.random_state ?? null, train: ints(f.train), test: ints(f.test) };
    },
  }),
  defineBodyCompute({
    ...python,
    url: '/v1/sklearn/cv_split',
    operationId: 'sklearnCvSplit',
    summary: 'The folds of a scikit-learn 1.2.1 cross-validation splitter',
    description:
      '`[(train.tolist(), test.tolist()) for train, test in Splitter(**fields).split(np.zeros(n_samples), y, groups)]` for KFold, StratifiedKFold, GroupKFold, ShuffleSplit, StratifiedShuffleSplit, RepeatedKFold and RepeatedStratifiedKFold, with the UserWarnings sklearn raises.',
    body: CvSplitRequest,
    response: CvSplitResponse,
    headers: sklearnHeaders,
    cost: cvSplitCost,
    run: (b, limits) => {
      const tss = b.splitter === 'TimeSeriesSplit';
      const random_state = 'random_state' in b ? (b.random_state ?? null) : null;
      const res = cvSplit(
        {
          splitter: b.splitter,
          n_samples: b.n_samples ?? null,
          // the shuffle splitters' n_splits is a plain integer (a float is refused), the others' a PyNumber
          n_splits: 'n_splits' in b && b.n_splits !== undefined ? (typeof b.n_splits === 'number' ? { kind: 'int', value: BigInt(b.n_splits) } : b.n_splits) : null,
          n_repeats: 'n_repeats' in b ? (b.n_repeats ?? null) : null,
          shuffle: 'shuffle' in b ? (b.shuffle ?? null) : null,
          random_state,
          test_size: !tss && 'test_size' in b ? (b.test_size ?? null) : null,
          train_size: 'train_size' in b ? (b.train_size ?? null) : null,
          y: 'y' in b ? b.y : null,
          groups: 'groups' in b ? b.groups : null,
          max_train_size: 'max_train_size' in b ? (b.max_train_size ?? null) : null,
          gap: 'gap' in b ? (b.gap ?? 0) : 0,
          tss_test_size: tss ? (b.test_size ?? null) : null,
          p: 'p' in b ? b.p : null,
          n_groups: 'n_groups' in b ? b.n_groups : null,
          test_fold: 'test_fold' in b ? b.test_fold : null,
          sklearn_version: b.sklearn_version,
        },
        limits,
      );
      return { random_state, folds: foldsOf(res.folds), warnings: res.warnings };
    },
  }),
  defineBodyCompute({
    ...python,
    url: '/v1/numpy/permutation',
    operationId: 'numpyPermutation',
    summary: 'numpy.random.RandomState(seed).permutation(n) or numpy.random.default_rng(seed).permutation(n), numpy 1.24',
    description:
      'The legacy MT19937 generator (integer seeds in [0, 2^32 - 1], arrays through init_by_array) or PCG64 seeded through SeedSequence (any non-negative integer).',
    body: PermutationRequest,
    response: PermutationResponse,
    headers: () => ({}),
    cost: permutationCost,
    run: (b, limits) => {
      const seed = numpySeed(b.seed);
      return { seed, generator: b.generator, permutation: ints(numpyPermutation({ seed, n: b.n, generator: b.generator }, limits.maxSamples)) };
    },
  }),
  defineBodyCompute({
    ...python,
    url: '/v1/sklearn/resample',
    operationId: 'sklearnResample',
    summary: 'sklearn.utils.resample(np.arange(length), replace=, n_samples=, random_state=, stratify=)',
    description: 'The drawn indices, element for element, for the scikit-learn release named by `sklearn_version`. Refusals carry sklearn\'s message (422).',
    body: ResampleRequest,
    response: ResampleResponse,
    headers: sklearnHeaders,
    cost: resampleCost,
    run: (b, limits) => {
      const indices = resample(
        {
          length: b.length ?? null,
          replace: b.replace,
          n_samples: b.n_samples ?? null,
          random_state: b.random_state,
          stratify: b.stratify ?? null,
          sklearn_version: b.sklearn_version,
        },
        limits,
      );
      return { random_state: b.random_state, indices };
    },
  }),
  defineBodyCompute({
    ...python,
    url: '/v1/numpy/choice',
    operationId: 'numpyChoice',
    summary: 'numpy.random.RandomState(seed).choice(a, size, replace, p) or default_rng(seed).choice(...)',
    description: 'Draws from arange(a) as the legacy generator or numpy\'s Generator do (the same on numpy 1.24 to 2.4). Refusals carry numpy\'s message (422).',
    body: ChoiceRequest,
    response: ChoiceResponse,
    headers: () => ({}),
    cost: drawCost,
    run: (b, limits) => {
      const seed = numpySeed(b.seed);
      const out = numpyChoice({ seed, generator: b.generator, a: b.a, size: b.size ?? null, replace: b.replace, p: b.p?.values ?? null }, limits.maxSamples);
      return { seed, generator: b.generator, choice: b.size === null || b.size === undefined ? out[0] : out };
    },
  }),
  defineBodyCompute({
    ...python,
    url: '/v1/numpy/integers',
    operationId: 'numpyIntegers',
    summary: 'numpy.random.RandomState(seed).randint(low, high, size) or default_rng(seed).integers(low, high, size), int64',
    description: 'Masked rejection (legacy) or Lemire\'s bounded integers (Generator), the same on numpy 1.24 to 2.4. Bounds beyond ±2^53 as decimal strings; answers beyond are exact JSON integers.',
    body: IntegersRequest,
    response: IntegersResponse,
    headers: () => ({}),
    cost: drawCost,
    run: (b, limits) => {
      const seed = numpySeed(b.seed);
      const high = b.high === null || b.high === undefined ? null : BigInt(b.high);
      const out = int64s(numpyIntegers({ seed, generator: b.generator, low: BigInt(b.low), high, size: b.size ?? null }, limits.maxSamples));
      return { seed, generator: b.generator, integers: b.size === null || b.size === undefined ? out[0] : out };
    },
  }),
];
