import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { Generator } from '../../../../src/engine/torch/generator/generator.js';
import { DataLoader, dataLoaderEpochs } from '../../../../src/engine/torch/data/dataloader.js';
import { multinomial } from '../../../../src/engine/torch/tensor/multinomial.js';

/** Words drawn from `g` by `fn`, counted through the next word of a twin generator. */
function wordsDrawn(seed: bigint, fn: (g: Generator) => void): number {
  const g = new Generator(seed);
  fn(g);
  const next = g.random();
  const twin = new Generator(seed);
  for (let k = 0; k < 1_000_000; k++) if (twin.random() === next) return k;
  return -1;
}

describe('samplers draw what torch draws', () => {
  test('multinomial with replacement: one uniform53 (2 words) per sample; without: 2 words per category', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.1, max: 5, noNaN: true }), { minLength: 1, maxLength: 20 }), fc.integer({ min: 1, max: 40 }), (w, n) => {
        assert.equal(wordsDrawn(7n, (g) => multinomial(g, w, n, true)), 2 * n);
        assert.equal(wordsDrawn(7n, (g) => multinomial(g, w, Math.min(n, w.length), false)), 2 * w.length);
      }),
      { numRuns: 50 },
    );
  });
  test('multinomial without replacement returns distinct indices, the positive ones first', () => {
    fc.assert(
      // zero or normal weights: a subnormal weight divided by its exponential draw underflows to 0, in torch too
      // (`self.div(q)` then topk), and may then lose to a zero weight
      fc.property(fc.array(fc.oneof(fc.constant(0), fc.double({ min: 1e-6, max: 5, noNaN: true })), { minLength: 1, maxLength: 30 }), fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), (w, s) => {
        const pos = w.filter((x) => x > 0).length;
        fc.pre(pos > 0);
        const out = multinomial(new Generator(s), w, pos, false);
        assert.equal(new Set(out).size, pos);
        for (const i of out) assert.ok(w[i]! > 0);
      }),
      { numRuns: 100 },
    );
  });
  test('a loader with its own generator and the default sampler never touches the global generator', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 3 }), fc.boolean(), (n, bs, epochs, repl) => {
        assert.equal(
          wordsDrawn(1n, (g) => {
            for (const e of dataLoaderEpochs(g, { dataset_size: n, batch_size: bs, shuffle: true, replacement: repl, epochs, generator_seed: 5n })) [...e.batches];
          }),
          0,
        );
      }),
      { numRuns: 50 },
    );
  });
  test('abandoned pass: the sampler ran prefetch_factor * num_workers batches ahead (spec §3.4 example)', () => {
    // RandomSampler(replacement, num_samples=200), batch 20, abandoned after 1 batch: 1 chunk of 32 with 0 workers, 4 with 2
    for (const [workers, chunks] of [[0, 1], [2, 4]] as const) {
      const words = wordsDrawn(0n, (g) => {
        const l = new DataLoader({ dataset_size: 1000, batch_size: 20, shuffle: true, replacement: true, num_samples: 200, generator_seed: 0n, num_workers: workers });
        [...l.pass(g, { break_at: 0 }).batches];
      });
      assert.equal(words, 0);
      const g0 = new Generator(0n);
      const l = new DataLoader({ dataset_size: 1000, batch_size: 20, shuffle: true, replacement: true, num_samples: 200, num_workers: workers });
      [...l.pass(g0, { break_at: 0 }).batches];
      // global: base seed (2) + sampler seed (2); the private generator's chunks are not on global
      assert.equal(wordsDrawn(0n, (g) => [...new DataLoader({ dataset_size: 1000, batch_size: 20, shuffle: true, replacement: true, num_samples: 200, num_workers: workers }).pass(g, { break_at: 0 }).batches]), 4);
      // on the loader's generator (shared with its sampler) the chunks show in the next pass's base seed
      const loader = new DataLoader({ dataset_size: 1000, batch_size: 20, shuffle: true, replacement: true, num_samples: 200, generator_seed: 9n, num_workers: workers });
      [...loader.pass(g0, { break_at: 0 }).batches];
      const twin = new Generator(9n);
      for (let k = 0; k < 2 + 32 * chunks; k++) twin.random();
      assert.equal(loader.pass(g0).base_seed, twin.randomInt63());
    }
  });
  test('persistent workers keep the first base seed; the sampler still draws per pass', () => {
    const epochs = [...dataLoaderEpochs(new Generator(4n), { dataset_size: 8, shuffle: true, num_workers: 2, persistent_workers: true, epochs: 3 })].map((e) => ({ ...e, batches: [...e.batches] }));
    assert.equal(new Set(epochs.map((e) => e.base_seed)).size, 1);
    assert.deepEqual(epochs[2]!.worker_seeds, [epochs[0]!.base_seed, epochs[0]!.base_seed + 1n]);
    assert.notDeepEqual(epochs[0]!.batches, epochs[1]!.batches);
  });
});
