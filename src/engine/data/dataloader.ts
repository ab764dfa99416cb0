import { Generator } from '../generator/generator.js';
import { TorchError } from '../errors.js';
import { randomSampler, sequentialSampler, type Sampler } from './sampler.js';

/** `DataLoader(range(dataset_size), ...)` options, with torch's names and defaults. */
export interface DataLoaderOptions {
  dataset_size: number;
  batch_size?: number | null;
  shuffle?: boolean;
  drop_last?: boolean;
  /** `generator=torch.Generator().manual_seed(generator_seed)`; null: the global generator. */
  generator_seed?: bigint | null;
  replacement?: boolean;
  num_samples?: number | null;
  num_workers?: number;
  persistent_workers?: boolean;
  epochs?: number;
}

/** One pass over the loader: its iterator's `_base_seed` and its batches. */
export interface Epoch {
  base_seed: bigint;
  worker_seeds?: bigint[];
  batches: Iterable<number[] | number>;
}

/** Validates options the way `DataLoader.__init__` and `RandomSampler.__init__` do. */
export function checkDataLoader(o: DataLoaderOptions): void {
  const n = o.dataset_size;
  if ((o.num_workers ?? 0) < 0) {
    throw new TorchError('num_workers option should be non-negative; use num_workers=0 to disable multiprocessing.', 'ValueError', 'num_workers');
  }
  if (o.persistent_workers && (o.num_workers ?? 0) === 0) {
    throw new TorchError('persistent_workers option needs num_workers > 0', 'ValueError', 'persistent_workers');
  }
  if (o.batch_size === null && o.drop_last) {
    throw new TorchError('batch_size=None option disables auto-batching and is mutually exclusive with drop_last', 'ValueError', 'drop_last');
  }
  if (!o.shuffle && (o.replacement || (o.num_samples !== undefined && o.num_samples !== null))) {
    throw new TorchError('replacement and num_samples apply to RandomSampler only: set shuffle to true', 'ValueError', o.replacement ? 'replacement' : 'num_samples');
  }
  if (o.shuffle) {
    const ns = o.num_samples ?? n;
    if (!(ns > 0)) {
      throw new TorchError(`num_samples should be a positive integer value, but got num_samples=${ns}`, 'ValueError', o.num_samples == null ? 'dataset_size' : 'num_samples');
    }
  }
}

/** Number of indices one pass yields (before batching). */
export function passLength(o: DataLoaderOptions): number {
  return o.shuffle ? (o.num_samples ?? o.dataset_size) : o.dataset_size;
}

/** Cuts an index stream into batches of `batchSize` (BatchSampler), or single indices when null. */
function* batched(indices: Iterable<number>, batchSize: number | null, dropLast: boolean): Generator_<number[] | number> {
  if (batchSize === null) {
    yield* indices;
    return;
  }
  let batch: number[] = [];
  for (const i of indices) {
    batch.push(i);
    if (batch.length === batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0 && !dropLast) yield batch;
}
type Generator_<T> = globalThis.Generator<T, void, unknown>;

/**
 * The passes of `for epoch in range(epochs): for batch in loader` over `DataLoader(range(n), ...)`,
 * drawing from `global` (and the loader's own generator) in torch's order.
 *
 * torch/utils/data/dataloader.py@v1.13.1 `_BaseDataLoaderIter.__init__`:
 * `self._base_seed = loader._get_shared_seed()`... in 1.13:
 * `self._base_seed = torch.empty((), dtype=torch.int64).random_(generator=loader.generator).item()`.
 * Epochs are produced lazily: consume each epoch's batches fully before asking for the next epoch.
 */
export function* dataLoaderEpochs(global: Generator, o: DataLoaderOptions): Generator_<Epoch> {
  checkDataLoader(o);
  const loaderGen = o.generator_seed === undefined || o.generator_seed === null ? null : new Generator(o.generator_seed);
  const gl = loaderGen ?? global;
  const sampler: Sampler = o.shuffle
    ? randomSampler(o.dataset_size, { replacement: o.replacement ?? false, num_samples: o.num_samples ?? null, generator: loaderGen })
    : sequentialSampler(o.dataset_size);
  const batchSize = o.batch_size === undefined ? 1 : o.batch_size;
  const workers = o.num_workers ?? 0;
  let baseSeed = 0n;
  for (let e = 0; e < (o.epochs ?? 1); e++) {
    // persistent workers keep the first iterator: no new base seed after the first pass
    if (!(o.persistent_workers && e > 0)) baseSeed = gl.randomInt63();
    const epoch: Epoch = { base_seed: baseSeed, batches: batched(sampler(global), batchSize, o.drop_last ?? false) };
    if (workers > 0) epoch.worker_seeds = Array.from({ length: workers }, (_, i) => BigInt.asUintN(64, baseSeed + BigInt(i)));
    yield epoch;
  }
}
