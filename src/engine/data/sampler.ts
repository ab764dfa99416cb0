import { Generator } from '../generator/generator.js';
import { randintList, randpermList } from '../tensor/random.js';

/** An index sampler: a lazy stream of dataset indices for one pass (`iter(sampler)`). */
export type Sampler = (global: Generator) => Iterable<number>;

/** `SequentialSampler(range(n))`: 0, 1, ..., n - 1 with no draws. */
export function sequentialSampler(n: number): Sampler {
  return function* () {
    for (let i = 0; i < n; i++) yield i;
  };
}

/** Options of `RandomSampler`, with torch's names. */
export interface RandomSamplerOptions {
  replacement?: boolean;
  num_samples?: number | null;
  /** The sampler's own generator (a `DataLoader(generator=g)` passes it through). */
  generator?: Generator | null;
}

/**
 * `RandomSampler(range(n), replacement, num_samples, generator)`.
 *
 * torch/utils/data/sampler.py@v1.13.1 RandomSampler.__iter__: without a generator, a private one is
 * seeded with `int(torch.empty((), dtype=torch.int64).random_().item())` at the first element; then
 * `randperm(n)` num_samples // n times and the first num_samples % n of one more (always drawn), or
 * `randint(high=n, size=(32,))` chunks with replacement.
 */
export function randomSampler(n: number, o: RandomSamplerOptions = {}): Sampler {
  const numSamples = o.num_samples ?? n;
  return function* (global: Generator) {
    const gen = o.generator ?? new Generator(global.randomInt63());
    if (o.replacement) {
      for (let c = 0; c < Math.floor(numSamples / 32); c++) yield* randintList(gen, n, 32);
      const rest = numSamples % 32;
      if (rest > 0) yield* randintList(gen, n, rest);
    } else {
      for (let c = 0; c < Math.floor(numSamples / n); c++) yield* randpermList(gen, n);
      const last = randpermList(gen, n);
      const rest = numSamples % n;
      for (let i = 0; i < rest; i++) yield last[i]!;
    }
  };
}
