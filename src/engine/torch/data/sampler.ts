import { Generator } from '../generator/generator.js';
import { TorchError } from '../../errors.js';
import { multinomial } from '../tensor/multinomial.js';
import { fillRandperm } from '../tensor/randperm.js';
import { randintList } from './draws.js';

/**
 * An index sampler: `iter(sampler)` as a lazy stream of dataset indices for one pass. Nothing is
 * drawn before the first element is asked for, as with torch's generator-function samplers.
 */
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
 * Checks `RandomSampler.__init__` makes (replacement is a bool by schema).
 * torch/utils/data/sampler.py@v1.13.1: `if not isinstance(self.num_samples, int) or self.num_samples <= 0:
 * raise ValueError("num_samples should be a positive integer value, but got num_samples={}")`.
 */
export function checkRandomSampler(n: number, o: RandomSamplerOptions, path = 'num_samples'): void {
  const ns = o.num_samples ?? n;
  if (!(ns > 0)) throw new TorchError(`num_samples should be a positive integer value, but got num_samples=${ns}`, 'ValueError', path);
}

/** One `randperm(n, generator=g)` into a reused buffer (int32 indices: n < 2^31). */
function permInto(buf: Int32Array, g: Generator): Int32Array {
  fillRandperm(g, buf);
  return buf;
}

/**
 * `RandomSampler(range(n), replacement, num_samples, generator)`.
 *
 * torch/utils/data/sampler.py@v1.13.1 RandomSampler.__iter__: without a generator, a private one is
 * seeded with `int(torch.empty((), dtype=torch.int64).random_().item())` at the first element; then
 * `randperm(n)` num_samples // n times and the first num_samples % n of one more (always drawn), or
 * `randint(high=n, size=(32,))` chunks with replacement.
 * @example [...randomSampler(10)(new Generator(0n))] // a permutation of 0..9
 */
export function randomSampler(n: number, o: RandomSamplerOptions = {}): Sampler {
  const numSamples = o.num_samples ?? n;
  // one permutation buffer for every pass: a pass starts only after the previous one ended or was abandoned
  let perm: Int32Array | null = null;
  return function* (global: Generator) {
    // seed = int(torch.empty((), dtype=torch.int64).random_().item()); generator.manual_seed(seed)
    const gen = o.generator ?? new Generator(global.randomInt63(), global.profile);
    if (n === 0) {
      // torch.randint(high=0, ...) refuses; self.num_samples // 0 raises in Python
      if (o.replacement) throw new TorchError("random_ expects 'from' to be less than 'to', but got from=0 >= to=0");
      throw new TorchError('integer division or modulo by zero', 'ZeroDivisionError');
    }
    if (o.replacement) {
      // for _ in range(self.num_samples // 32): yield from torch.randint(high=n, size=(32,), ...).tolist()
      for (let c = 0; c < Math.floor(numSamples / 32); c++) yield* randintList(gen, n, 32);
      const rest = numSamples % 32;
      if (rest > 0) yield* randintList(gen, n, rest);
    } else {
      // for _ in range(self.num_samples // n): yield from torch.randperm(n, generator=generator).tolist()
      // yield from torch.randperm(n, generator=generator).tolist()[:self.num_samples % n]
      const buf = (perm ??= new Int32Array(n));
      for (let c = 0; c < Math.floor(numSamples / n); c++) yield* permInto(buf, gen);
      const last = permInto(buf, gen);
      const rest = numSamples % n;
      for (let i = 0; i < rest; i++) yield last[i]!;
    }
  };
}

/**
 * `SubsetRandomSampler(indices, generator)`: `indices[p]` for `p` in `randperm(len(indices))`, drawn
 * at the first element from `generator`, or from the global generator directly (no private reseeding).
 *
 * torch/utils/data/sampler.py@v1.13.1: `for i in torch.randperm(len(self.indices), generator=self.generator): yield self.indices[i]`
 */
export function subsetRandomSampler(indices: readonly number[], generator: Generator | null = null): Sampler {
  return function* (global: Generator) {
    const perm = permInto(new Int32Array(indices.length), generator ?? global);
    for (let i = 0; i < perm.length; i++) yield indices[perm[i]!]!;
  };
}

/** Options of `WeightedRandomSampler`, with torch's names. */
export interface WeightedRandomSamplerOptions {
  weights: readonly number[];
  num_samples: number;
  replacement?: boolean;
  generator?: Generator | null;
}

/**
 * `WeightedRandomSampler(weights, num_samples, replacement=True, generator)`: one
 * `torch.multinomial(as_tensor(weights, dtype=double), num_samples, replacement)` at the first element.
 *
 * torch/utils/data/sampler.py@v1.13.1: `rand_tensor = torch.multinomial(self.weights, self.num_samples, self.replacement, generator=self.generator)`
 */
export function weightedRandomSampler(o: WeightedRandomSamplerOptions): Sampler {
  return function* (global: Generator) {
    yield* multinomial(o.generator ?? global, o.weights, o.num_samples, o.replacement ?? true);
  };
}
