import type { ModuleSpec } from '../engine/torch/nn/module.js';
import type { TensorStep } from '../engine/torch/script/run.js';
import { countParameters, moduleWork } from '../engine/torch/nn/count.js';
import { combinatorialOutputIndices } from '../engine/sklearn/moreSplitters.js';

/** The DataLoader fields the work estimate reads. */
export interface LoaderWorkFields {
  dataset_size?: number | undefined;
  shuffle?: boolean;
  num_samples?: number | null;
  epochs?: number;
  sampler?: { type: string; num_samples?: number | null; indices?: readonly number[]; weights?: readonly number[] } | null;
  forward_dropout?: ReadonlyArray<{ numel_per_item: number }> | null;
}

/**
 * Elements one pass computes: the indices it yields, the permutations or weights it draws over
 * (at least the dataset), and the dropout elements the loop body draws.
 */
function passWork(b: LoaderWorkFields, size: number): number {
  const s = b.sampler;
  let yielded: number;
  let drawn: number;
  if (s?.type === 'weighted_random') {
    yielded = s.num_samples ?? 0;
    drawn = s.weights?.length ?? 0;
  } else if (s?.type === 'subset_random') {
    yielded = s.indices?.length ?? 0;
    drawn = yielded;
  } else if (s?.type === 'random') {
    yielded = s.num_samples ?? size;
    drawn = size;
  } else {
    yielded = b.shuffle ? (b.num_samples ?? size) : size;
    drawn = size;
  }
  const dropout = (b.forward_dropout ?? []).reduce((a, d) => a + d.numel_per_item, 0);
  return Math.max(yielded, drawn) + yielded * dropout;
}

/** Elements a DataLoader request computes: per-pass work times passes (at least one pass). */
export function dataLoaderWork(b: LoaderWorkFields, size: number = b.dataset_size ?? 0): number {
  return passWork(b, size) * Math.max(1, b.epochs ?? 1);
}

// ---------------------------------------------------------------------------------------------
// The work model: what a request costs, estimated from its validated body before any work and
// without allocating. `elements` is what MAX_ELEMENTS counts; `iterations` bounds every
// loop the engine and the writer run (elements, nested lists, epochs, worker seeds, batches);
// `bytes` bounds the answer's length. See docs/work-model.md.
// ---------------------------------------------------------------------------------------------

/** Estimated cost of one request. */
export interface Cost {
  /** Elements computed (MAX_ELEMENTS / MAX_STREAM_ELEMENTS / MAX_OUTPUT_INDICES). */
  elements: number;
  /** Loop iterations of the engine and the writer, at least one per JSON value written. */
  iterations: number;
  /** Upper bound of the answer's bytes (MAX_OUTPUT_BYTES, MAX_INFLIGHT_BYTES). */
  bytes: number;
  /** Most DataLoader workers any loader of the request names (MAX_NUM_WORKERS). */
  workers?: number;
}

/** Bytes of the answer's envelope (seed, rng_state: 5056 bytes in base64, keys). */
export const ENVELOPE_BYTES = 8192;
/** Bytes one written value takes at most with its separator, by dtype (floats: Python's repr). */
const VALUE_BYTES: Record<string, number> = { float32: 25, float64: 25, int64: 21, int32: 12, int16: 7, int8: 5, uint8: 4, bool: 6 };
/** Bytes of one work unit of `moduleWork` (an element, a nested list, or an eighth of a tensor's header). */
const UNIT_BYTES = 25;

/** Adds costs. */
export function addCost(...cs: Cost[]): Cost {
  return cs.reduce(
    (a, c) => ({ elements: a.elements + c.elements, iterations: a.iterations + c.iterations, bytes: a.bytes + c.bytes, workers: Math.max(a.workers ?? 0, c.workers ?? 0) }),
    { elements: 0, iterations: 0, bytes: 0, workers: 0 },
  );
}

/** Cost of a tensor of `shape` drawn `draws` times per element (sparse_ draws twice), written as nested lists. */
export function tensorCost(shape: readonly number[], dtype: string = 'float32', draws = 1): Cost {
  let numel = 1;
  let lists = 0;
  for (const d of shape) {
    lists += numel;
    numel *= d;
  }
  const per = VALUE_BYTES[dtype] ?? 25;
  return { elements: numel * draws, iterations: numel * draws + lists + shape.length + 8, bytes: numel * per + lists * 3 + 256 };
}

/** Cost of a tensor op of /v1/tensors or a script. */
export function tensorOpCost(op: Pick<TensorStep, 'op' | 'size' | 'n' | 'dtype'>): Cost {
  if (op.op === 'randperm') return tensorCost([op.n ?? 0], op.dtype ?? 'int64');
  return tensorCost(op.size ?? [], op.dtype ?? 'float32');
}

/** Cost of an nn.init call on a tensor of `size` (sparse_ also draws a permutation per column). */
export function initCost(b: { fn: string; size: readonly number[] }): Cost {
  const c = tensorCost(b.size, 'float32', b.fn === 'sparse_' ? 2 : 1);
  // sparse_ and orthogonal_ loop over columns/rows besides the elements
  return { ...c, iterations: c.iterations + (b.size[0] ?? 0) + (b.size[1] ?? 0) };
}

/** Cost of building a module and writing its state_dict. */
export function moduleCost(spec: ModuleSpec): Cost {
  const units = moduleWork(spec);
  return { elements: countParameters(spec), iterations: units + 8, bytes: units * UNIT_BYTES + 256 };
}

/** The DataLoader fields the cost model reads beyond the element count. */
export interface LoaderCostFields extends LoaderWorkFields {
  batch_size?: number | null;
  drop_last?: boolean;
  num_workers?: number;
}

/** Decimal digits of the largest index below `n` (at least 1). */
function digits(n: number): number {
  return n <= 10 ? 1 : Math.ceil(Math.log10(n));
}

/**
 * Cost of a DataLoader's passes: the sampler's draws and yielded indices, one object per batch, and per
 * epoch its base_seed and one seed per worker (an epoch over an empty dataset still costs them).
 */
export function loaderCost(b: LoaderCostFields, size: number = b.dataset_size ?? 0): Cost {
  const epochs = b.epochs ?? 1;
  const passes = Math.max(1, epochs);
  const elements = dataLoaderWork(b, size);
  const s = b.sampler;
  const yielded = s?.type === 'weighted_random' ? (s.num_samples ?? 0) : s?.type === 'subset_random' ? (s.indices?.length ?? 0) : s?.type === 'random' ? (s.num_samples ?? size) : b.shuffle ? (b.num_samples ?? size) : size;
  const bs = b.batch_size ?? null;
  const batches = bs === null ? yielded : Math.ceil(yielded / bs);
  const workers = b.num_workers ?? 0;
  // indices are below the dataset size (subset indices are checked against it); weighted: below len(weights)
  const idxBytes = digits(Math.max(size, s?.weights?.length ?? 0)) + 2;
  const perEpochBytes = 80 + workers * 23;
  // JSON: {"batches":[[i,...],...],"base_seed":"...","worker_seeds":[...]}; NDJSON repeats the epoch head per batch
  const jsonBytes = passes * (perEpochBytes + yielded * idxBytes + batches * 3);
  const ndjsonBytes = passes * (perEpochBytes + yielded * idxBytes + batches * (perEpochBytes + 20));
  return {
    elements: elements + passes * workers,
    iterations: elements + passes * (4 + workers) + batches * passes + 8,
    bytes: Math.max(jsonBytes, ndjsonBytes) + ENVELOPE_BYTES,
    workers,
  };
}

/** Cost of random_split: one permutation of the dataset, one list per part. */
export function randomSplitCost(b: { dataset_size: number; lengths: readonly number[] }): Cost {
  const n = b.dataset_size;
  return { elements: n, iterations: n + 2 * b.lengths.length + 8, bytes: n * (digits(n) + 1) + b.lengths.length * 40 + 256 };
}

/** The splitters whose folds are every combination of samples or groups (counted, not estimated). */
type Combinatorial = Parameters<typeof combinatorialOutputIndices>[0]['splitter'];
const COMBINATORIAL: ReadonlySet<string> = new Set<Combinatorial>(['LeaveOneOut', 'LeavePOut', 'LeaveOneGroupOut', 'LeavePGroupsOut']);
function isCombinatorial(splitter: string): splitter is Combinatorial {
  return COMBINATORIAL.has(splitter);
}

/** Cost of index lists over `n` samples: `outputs` indices in `lists` lists. */
function indexCost(n: number, outputs: number, lists: number): Cost {
  return { elements: outputs, iterations: outputs + n + 2 * lists + 8, bytes: outputs * (digits(n) + 1) + lists * 40 + 4096 };
}

/** A validated label column (Labels) or list: what its length is read from. */
type Column = { values: ArrayLike<unknown> } | null | undefined;

/** A count sklearn reads by its Python type (PyNumber): its value as a number. */
type Count = { value: number | bigint } | number | null | undefined;
function countOf(c: Count): number | undefined {
  return c === null || c === undefined ? undefined : typeof c === 'number' ? c : Number(c.value);
}

/** Length of the sample axis of an sklearn body: n_samples, else the label columns'. */
function samplesOf(b: { n_samples?: number | null; stratify?: Column; y?: Column; groups?: Column }): number {
  return b.n_samples ?? b.stratify?.values.length ?? b.y?.values.length ?? b.groups?.values.length ?? 0;
}

/** Cost of train_test_split: every sample in train or test. */
export function trainTestSplitCost(b: { n_samples?: number | null; stratify?: Column }): Cost {
  const n = samplesOf(b);
  return indexCost(n, n, 2);
}

/**
 * Cost of a cross-validation split: each fold lists at most every sample once (train and test
 * together), n_splits folds per repetition (defaults: 5, ShuffleSplit 10, n_repeats 10).
 */
export function cvSplitCost(b: {
  splitter: string;
  n_samples?: number | null;
  n_splits?: Count;
  n_repeats?: Count;
  p?: number;
  n_groups?: number;
  y?: Column;
  groups?: Column;
  test_fold?: number[] | null;
}): Cost {
  const n = b.n_samples ?? b.y?.values.length ?? b.groups?.values.length ?? b.test_fold?.length ?? 0;
  const splitter = b.splitter;
  if (isCombinatorial(splitter)) {
    // every fold lists all n samples (train + test): the engine's own exact count, over the distinct groups
    const distinct = b.groups ? new Set(Array.from(b.groups.values)).size : 0;
    const total = combinatorialOutputIndices({
      splitter,
      n_samples: n,
      p: b.p,
      n_groups: b.n_groups,
      n_groups_distinct: distinct,
    });
    const outputs = total > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(total);
    const folds = n > 0 ? Math.ceil(outputs / n) : 0;
    return indexCost(n, outputs, 2 * folds);
  }
  const shuffle = b.splitter === 'ShuffleSplit' || b.splitter === 'StratifiedShuffleSplit' || b.splitter === 'GroupShuffleSplit';
  const splits = b.splitter === 'PredefinedSplit' ? new Set(b.test_fold ?? []).size : Math.max(0, countOf(b.n_splits) ?? (shuffle ? 10 : 5));
  const repeats = b.splitter.startsWith('Repeated') ? Math.max(0, countOf(b.n_repeats) ?? 10) : 1;
  const folds = splits * repeats;
  return indexCost(n, n * folds, 2 * folds);
}

/** Cost of sklearn.utils.resample: n_samples (default: the data's length) drawn indices. */
export function resampleCost(b: { length?: number | null; n_samples?: number | null; stratify?: Column }): Cost {
  const n = b.length ?? b.stratify?.values.length ?? 0;
  const k = b.n_samples ?? n;
  return indexCost(n + k, k, 1);
}

/**
 * Cost of a numpy choice/integers draw: `size` values (one when size is null); a choice without
 * replacement or with `p` also walks the population (permutation, cdf).
 */
export function drawCost(b: { size?: number | null; a?: number; replace?: boolean; p?: Column }): Cost {
  const k = b.size ?? 1;
  const population = b.a !== undefined && (b.replace === false || (b.p !== null && b.p !== undefined)) ? b.a : 0;
  // int64 values: at most 20 digits and a comma each
  return { elements: k, iterations: k + population + 8, bytes: k * 21 + 4096 };
}

/** Cost of a numpy permutation of n. */
export function permutationCost(b: { n: number }): Cost {
  return indexCost(b.n, b.n, 1);
}
