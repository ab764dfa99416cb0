import type { TorchProfile } from '../generator/profile.js';
import { Generator } from '../generator/generator.js';
import { TorchError } from '../../errors.js';
import { checkpoint } from '../../cancel.js';
import {
  checkRandomSampler,
  randomSampler,
  sequentialSampler,
  subsetRandomSampler,
  weightedRandomSampler,
  type Sampler,
} from './sampler.js';

/**
 * Which generator an explicitly given sampler draws from: `loader` (the loader's own generator
 * object when it has one, else the global one), `global`, or a fresh `torch.Generator().manual_seed(seed)`.
 */
export type SamplerGenerator = 'loader' | 'global' | { seed: bigint | string | number };

/** A sampler given explicitly as `DataLoader(..., sampler=...)`, with torch's names. */
export type SamplerSpec =
  | { type: 'sequential' }
  | { type: 'random'; replacement?: boolean; num_samples?: number | null; generator?: SamplerGenerator }
  | { type: 'subset_random'; indices: readonly number[]; generator?: SamplerGenerator }
  | { type: 'weighted_random'; weights: readonly number[]; num_samples: number; replacement?: boolean; generator?: SamplerGenerator };

/** `DataLoader(range(dataset_size), ...)` options, with torch's names and defaults. */
export interface DataLoaderOptions {
  /** The torch build whose refusal texts the constructor uses (the global generator's; 1.13 when absent). */
  profile?: TorchProfile;
  dataset_size: number;
  batch_size?: number | null;
  shuffle?: boolean;
  drop_last?: boolean;
  /** `generator=torch.Generator().manual_seed(generator_seed)`; null: the global generator. */
  generator_seed?: bigint | null;
  /** RandomSampler's `replacement` when `shuffle` builds it. */
  replacement?: boolean;
  /** RandomSampler's `num_samples` when `shuffle` builds it. */
  num_samples?: number | null;
  sampler?: SamplerSpec | null;
  num_workers?: number;
  prefetch_factor?: number;
  persistent_workers?: boolean;
  /** The dataset is `Subset(range(dataset_size), dataset_indices)` (a random_split part); null: `range(dataset_size)`. */
  dataset_indices?: readonly number[] | null;
}

/** One batch: a list of dataset items, or a single item with `batch_size=None`. */
export type Batch = number[] | number;

/** One pass over the loader: its iterator's `_base_seed` and its batches. */
export interface Epoch {
  base_seed: bigint;
  worker_seeds?: bigint[];
  /** Lazy: drawn as they are iterated. Consume them before asking for the next epoch. */
  batches: Iterable<Batch>;
}

/** The number of items of the loader's dataset. */
function datasetLength(o: DataLoaderOptions): number {
  return o.dataset_indices ? o.dataset_indices.length : o.dataset_size;
}

/**
 * Validates options in the order `DataLoader.__init__` (and the samplers it builds) check them.
 * torch/utils/data/dataloader.py@v1.13.1 DataLoader.__init__.
 */
export function checkDataLoader(o: DataLoaderOptions): void {
  const n = datasetLength(o);
  const workers = o.num_workers ?? 0;
  // an explicit sampler is constructed (and checks itself) before the DataLoader
  if (o.sampler?.type === 'random') checkRandomSampler(n, { num_samples: o.sampler.num_samples ?? null }, 'sampler.num_samples');
  if (workers < 0) {
    throw new TorchError('num_workers option should be non-negative; use num_workers=0 to disable multiprocessing.', 'ValueError', 'num_workers');
  }
  if (workers === 0 && (o.prefetch_factor ?? 2) !== 2) {
    // the two sentences are glued without a space in torch's message; 2.x (torch/utils/data/dataloader.py@v2.13.0) adds
    // ", otherwise set prefetch_factor to None."
    throw new TorchError(
      'prefetch_factor option could only be specified in multiprocessing.let num_workers > 0 to enable multiprocessing' +
        (o.profile && o.profile.version !== '1.13' ? ', otherwise set prefetch_factor to None.' : '.'),
      'ValueError',
      'prefetch_factor',
    );
  }
  if (o.persistent_workers && workers === 0) {
    throw new TorchError('persistent_workers option needs num_workers > 0', 'ValueError', 'persistent_workers');
  }
  if (o.sampler && o.shuffle) throw new TorchError('sampler option is mutually exclusive with shuffle', 'ValueError', 'sampler');
  if (o.batch_size === null && o.drop_last) {
    throw new TorchError('batch_size=None option disables auto-batching and is mutually exclusive with drop_last', 'ValueError', 'drop_last');
  }
  if (!o.shuffle && (o.replacement || (o.num_samples !== undefined && o.num_samples !== null))) {
    throw new TorchError(
      'replacement and num_samples are RandomSampler options: set shuffle to true, or give them in sampler {"type": "random"}',
      'ValueError',
      o.replacement ? 'replacement' : 'num_samples',
    );
  }
  if (o.shuffle) checkRandomSampler(n, { num_samples: o.num_samples ?? null }, o.num_samples == null ? 'dataset_size' : 'num_samples');
}

/**
 * Cuts an index stream into batches of `batchSize` (BatchSampler), or single indices when null.
 * torch/utils/data/sampler.py@v1.13.1 BatchSampler.__iter__: a batch is yielded as soon as it is full,
 * so the sampler is asked for the element after a batch only when the next batch is wanted.
 */
function* batched(indices: Iterable<number>, batchSize: number | null, dropLast: boolean): Gen<Batch> {
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
type Gen<T> = globalThis.Generator<T, void, unknown>;

/** `dataset[i]` for `range(n)` or a Subset's index list, with Python's negative indexing and IndexError. */
function itemOf(o: DataLoaderOptions): (i: number) => number {
  const idx = o.dataset_indices;
  if (idx) {
    const m = idx.length;
    return (i) => {
      const j = i < 0 ? i + m : i;
      if (!(j >= 0 && j < m)) throw new TorchError('list index out of range', 'IndexError', 'sampler');
      return idx[j]!;
    };
  }
  const n = o.dataset_size;
  return (i) => {
    const j = i < 0 ? i + n : i;
    if (!(j >= 0 && j < n)) throw new TorchError('range object index out of range', 'IndexError', 'sampler');
    return j;
  };
}

/** Resolves which generator an explicit sampler uses. */
function samplerGenerator(spec: SamplerGenerator | undefined, loaderGen: Generator | null, own: Generator[]): Generator | null {
  if (spec === undefined || spec === 'loader') return loaderGen;
  if (spec === 'global') return null;
  const g = new Generator(BigInt(spec.seed));
  own.push(g);
  return g;
}

/** The index sampler of the loader (what `DataLoader.__init__` builds or is given). */
function makeSampler(o: DataLoaderOptions, loaderGen: Generator | null, own: Generator[]): Sampler {
  const n = datasetLength(o);
  const s = o.sampler;
  if (!s) {
    return o.shuffle
      ? randomSampler(n, { replacement: o.replacement ?? false, num_samples: o.num_samples ?? null, generator: loaderGen })
      : sequentialSampler(n);
  }
  switch (s.type) {
    case 'sequential':
      return sequentialSampler(n);
    case 'random':
      return randomSampler(n, { replacement: s.replacement ?? false, num_samples: s.num_samples ?? null, generator: samplerGenerator(s.generator, loaderGen, own) });
    case 'subset_random':
      return subsetRandomSampler(s.indices, samplerGenerator(s.generator, loaderGen, own));
    case 'weighted_random':
      return weightedRandomSampler({ weights: s.weights, num_samples: s.num_samples, replacement: s.replacement ?? true, generator: samplerGenerator(s.generator, loaderGen, own) });
  }
}

/** What the body of `for batch in loader:` does that draws, and where the loop breaks. */
export interface PassOptions {
  /**
   * The loop breaks when the batch with this index arrives (`if i == break_at: break` at the top of
   * the body): that batch is received, its body does not run, and the iterator is abandoned (it draws
   * nothing more). null: the whole epoch.
   */
  break_at?: number | null;
  /**
   * Training-mode Dropout layers the body's forward pass runs on each batch: `numel_per_item` input
   * elements per item of the batch, each drawing one `bernoulli_(1 - p)` (two 32-bit words) from the
   * global generator when 0 < p < 1.
   */
  forward_dropout?: ReadonlyArray<{ p: number; numel_per_item: number }> | null;
}

/** Global-generator words the loop body draws for a batch of `items` items. */
function bodyWords(items: number, dropout: PassOptions['forward_dropout']): number {
  let words = 0;
  // at::native::dropout: if (p == 0 || !train || input.numel() == 0) return input; if (p == 1) return input * 0;
  // otherwise noise.bernoulli_(1 - p): one uniform53 (random64) per element
  for (const d of dropout ?? []) if (d.p > 0 && d.p < 1) words += 2 * items * d.numel_per_item;
  return words;
}

/**
 * One pass's batches as the loop receives them.
 *
 * Without workers each `next()` asks the index sampler for one batch. With workers,
 * torch/utils/data/dataloader.py@v1.13.1 `_MultiProcessingDataLoaderIter._reset` asks for
 * `prefetch_factor * num_workers` batches at `iter()` (`for _ in range(...): self._try_put_index()`), and
 * `_process_data` asks for one more each time a batch is handed out; the order of draws is the same,
 * but an abandoned pass has run ahead.
 */
function* passBatches(global: Generator, it: Iterator<Batch>, item: (i: number) => number, prefetch: number, p: PassOptions): Gen<Batch> {
  const map = (b: Batch): Batch => (typeof b === 'number' ? item(b) : b.map(item));
  const breakAt = p.break_at ?? null;
  const queue: Batch[] = [];
  let exhausted = false;
  const pull = (): void => {
    if (exhausted) return;
    const r = it.next();
    if (r.done) exhausted = true;
    else queue.push(r.value);
  };
  for (let k = 0; k < prefetch; k++) pull();
  for (let i = 0; ; i++) {
    if ((i & 1023) === 0) checkpoint();
    if (prefetch === 0) pull();
    const b = queue.shift();
    if (b === undefined) return;
    if (prefetch > 0) pull();
    yield map(b);
    if (i === breakAt) return;
    const words = bodyWords(typeof b === 'number' ? 1 : b.length, p.forward_dropout);
    for (let w = 0; w < words; w++) global.random();
  }
}

/**
 * One `DataLoader(range(n), ...)` object: the loader's own generator, its sampler and (with
 * persistent workers) its one iterator, kept across passes as torch keeps them.
 */
export class DataLoader {
  readonly options: DataLoaderOptions;
  private readonly loaderGen: Generator | null;
  /** Every generator this loader made (its own and its sampler's): they run the global generator's torch build. */
  private readonly ownGens: Generator[] = [];
  private readonly sampler: Sampler;
  private readonly item: (i: number) => number;
  private passes = 0;
  private baseSeed = 0n;

  /** `DataLoader.__init__`: validates in torch's order and builds the sampler; draws nothing. */
  constructor(o: DataLoaderOptions) {
    checkDataLoader(o);
    this.options = o;
    this.loaderGen = o.generator_seed === undefined || o.generator_seed === null ? null : new Generator(o.generator_seed);
    if (this.loaderGen) this.ownGens.push(this.loaderGen);
    this.sampler = makeSampler(o, this.loaderGen, this.ownGens);
    this.item = itemOf(o);
  }

  /**
   * The next `for batch in loader` pass: `iter(loader)` draws `_base_seed` (except later passes with
   * persistent workers), then the batches draw lazily as they are iterated.
   *
   * torch/utils/data/dataloader.py@v1.13.1 `_BaseDataLoaderIter.__init__`:
   * `self._base_seed = torch.empty((), dtype=torch.int64).random_(generator=loader.generator).item()`.
   */
  pass(global: Generator, p: PassOptions = {}): Epoch {
    const o = this.options;
    for (const own of this.ownGens) own.profile = global.profile;
    const workers = o.num_workers ?? 0;
    // persistent workers keep the first iterator: no new base seed after the first pass
    if (!(o.persistent_workers && this.passes > 0)) this.baseSeed = (this.loaderGen ?? global).randomInt63();
    this.passes++;
    const it = batched(this.sampler(global), o.batch_size === undefined ? 1 : o.batch_size, o.drop_last ?? false)[Symbol.iterator]();
    const prefetch = workers > 0 ? (o.prefetch_factor ?? 2) * workers : 0;
    const epoch: Epoch = { base_seed: this.baseSeed, batches: passBatches(global, it, this.item, prefetch, p) };
    // _worker_loop: seed = base_seed + worker_id; random.seed(seed); torch.manual_seed(seed)
    if (workers > 0) epoch.worker_seeds = Array.from({ length: workers }, (_, i) => BigInt.asUintN(64, this.baseSeed + BigInt(i)));
    return epoch;
  }
}

/** Per-epoch pass options of a multi-epoch request. */
export interface EpochsOptions {
  epochs?: number;
  /** Per epoch, `break_at` (null or absent: the whole epoch). */
  break_at?: ReadonlyArray<number | null> | null;
  forward_dropout?: PassOptions['forward_dropout'];
}

/**
 * The passes of `for epoch in range(epochs): for batch in loader` over `DataLoader(range(n), ...)`,
 * drawing from `global` (and the loader's own generator) in torch's order. Lazy: consume each
 * epoch's batches before asking for the next epoch.
 * @example [...dataLoaderEpochs(new Generator(0n), { dataset_size: 10, batch_size: 3, shuffle: true })][0].base_seed // 900450186894289455n
 */
export function* dataLoaderEpochs(global: Generator, o: DataLoaderOptions & EpochsOptions, loader: DataLoader = new DataLoader(o)): Gen<Epoch> {
  for (let e = 0; e < (o.epochs ?? 1); e++) {
    yield loader.pass(global, { break_at: o.break_at?.[e] ?? null, forward_dropout: o.forward_dropout ?? null });
  }
}
