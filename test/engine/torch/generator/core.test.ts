import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { Generator } from '../../../../src/engine/torch/generator/generator.js';
import { toUint64Seed } from '../../../../src/engine/torch/generator/seed.js';
import { fma32 } from '../../../../src/engine/libm/fma.js';
import { randperm } from '../../../../src/engine/torch/tensor/randperm.js';
import { fillUniformFloat32 } from '../../../../src/engine/torch/tensor/uniform.js';
import { uniformTensor } from '../../../../src/engine/torch/tensor/uniform.js';
import { toList } from '../../../../src/engine/torch/tensor/tensor.js';
import { dataLoaderEpochs } from '../../../../src/engine/torch/data/dataloader.js';
import { randomSplit, splitLengths } from '../../../../src/engine/torch/data/dataset.js';
import { buildModule } from '../../../../src/engine/torch/nn/registry.js';
import { exactFma32 } from '../../../helpers/exact.js';
import { join } from 'node:path';

const seedArb = fc.bigInt({ min: -(1n << 63n), max: (1n << 64n) - 1n });

describe('generator', () => {
  test('seeds map as torch maps them: two\'s complement, low 32 bits only', () => {
    assert.equal(toUint64Seed(-1), 18446744073709551615n);
    assert.equal(toUint64Seed('-9223372036854775808'), 9223372036854775808n);
    assert.throws(() => toUint64Seed('18446744073709551616'), RangeError);
    const a = new Generator(0n);
    const b = new Generator(1n << 32n);
    const c = new Generator(1n << 63n);
    for (let i = 0; i < 1000; i++) {
      const v = a.random();
      assert.equal(b.random(), v, `draw ${i}`);
      assert.equal(c.random(), v, `draw ${i}`);
    }
    assert.equal(b.initialSeed(), 1n << 32n);
  });

  test('MT19937 reference: seed 5489 gives std::mt19937\'s 10000th output 4123659995', () => {
    const g = new Generator(5489n);
    let v = 0;
    for (let i = 0; i < 10000; i++) v = g.random();
    assert.equal(v, 4123659995);
  });

  test('torch.rand(2) after manual_seed(0) is 0.49625658988952637, 0.7682217955589294', () => {
    assert.deepEqual(toList(uniformTensor(new Generator(0n), [2], 0, 1, 'float32', 'avx2')), [0.49625658988952637, 0.7682217955589294]);
  });

  test('property: the engine state exported after any number of draws continues the same stream', () => {
    fc.assert(
      fc.property(seedArb, fc.integer({ min: 0, max: 3000 }), (seed, k) => {
        const g = new Generator(seed);
        for (let i = 0; i < k; i++) g.random();
        const h = new Generator(0n).setEngineState(g.getEngineState());
        for (let i = 0; i < 700; i++) assert.equal(h.random(), g.random());
        assert.equal(h.initialSeed(), g.initialSeed());
      }),
      { numRuns: 60 },
    );
  });

  test('state right after seeding is torch\'s: left 1, next 0, mt[0] = low 32 bits', () => {
    const s = new Generator(0x1_0000_0005n).getEngineState();
    assert.equal(s.left, 1);
    assert.equal(s.next, 0);
    assert.equal(s.mt[0], 5);
    const g = new Generator(3n);
    for (let i = 0; i < 625; i++) g.random();
    const t = g.getEngineState();
    assert.equal(t.next, 1);
    assert.equal(t.left, 624);
  });
});

describe('float32 uniform_ rounding', () => {
  test('property: fma32 equals the exactly rounded x*d + a (BigInt rationals)', () => {
    const f32 = fc.float({ noNaN: true, noDefaultInfinity: true, min: Math.fround(-1e30), max: Math.fround(1e30) });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffff }), f32, f32, (k, d, a) => {
        const x = k * 2 ** -24;
        assert.equal(fma32(x, d, a), exactFma32(x, d, a));
      }),
      { numRuns: 20000 },
    );
  });

  test('fma32 is exact where a plain double sum double-rounds: uniform_(1e-38, 0.3), every k < 2^18', () => {
    const a = Math.fround(1e-38);
    const d = Math.fround(Math.fround(0.3) - a);
    let plainDiffers = 0;
    for (let k = 0; k < 1 << 18; k++) {
      const x = k * 2 ** -24;
      const exact = exactFma32(x, d, a);
      assert.equal(fma32(x, d, a), exact, `k=${k}`);
      if (Math.fround(x * d + a) !== exact) plainDiffers++;
    }
    assert.ok(plainDiffers > 0, 'this range must exercise the double-rounding case');
  });

  test('the default kernel rounds twice', () => {
    const g1 = new Generator(0n);
    const g2 = new Generator(0n);
    const a = new Float32Array(1000);
    const b = new Float32Array(1000);
    fillUniformFloat32(g1, a, -3.7, 12.25, 'avx2');
    fillUniformFloat32(g2, b, -3.7, 12.25, 'default');
    const d = Math.fround(Math.fround(12.25) - Math.fround(-3.7));
    const g3 = new Generator(0n);
    for (let i = 0; i < 1000; i++) {
      const x = (g3.random() & 0xffffff) * 2 ** -24;
      assert.equal(b[i], Math.fround(Math.fround(x * d) + Math.fround(-3.7)));
      assert.equal(a[i], exactFma32(x, d, Math.fround(-3.7)));
    }
  });
});

describe('randperm', () => {
  test('property: the division form of random() % m is exact for every 32-bit word and m < 2^31', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 1, max: 2 ** 31 - 1 }), (x, m) => {
        let z = x - Math.floor(x / m) * m;
        if (z >= m) z -= m;
        else if (z < 0) z += m;
        assert.equal(z, x % m);
        assert.equal(x - Math.floor(x / m) * m, x % m, 'no correction needed');
      }),
      { numRuns: 200_000 },
    );
  });

  test('property: a permutation of 0..n-1 drawing n-1 words', () => {
    fc.assert(
      fc.property(seedArb, fc.integer({ min: 0, max: 500 }), (seed, n) => {
        const g = new Generator(seed);
        const p = Array.from(randperm(g, n).data as Float64Array);
        assert.deepEqual([...p].sort((x, y) => x - y), Array.from({ length: n }, (_, i) => i));
        const h = new Generator(seed);
        for (let i = 0; i < Math.max(n - 1, 0); i++) h.random();
        assert.equal(g.random(), h.random());
      }),
      { numRuns: 100 },
    );
  });
});

describe('DataLoader and random_split', () => {
  test('property: same seed, same epochs; each shuffled epoch is a permutation', () => {
    fc.assert(
      fc.property(seedArb, fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 9 }), fc.boolean(), (seed, n, bs, dropLast) => {
        const run = () =>
          [...dataLoaderEpochs(new Generator(seed), { dataset_size: n, batch_size: bs, shuffle: true, drop_last: dropLast, epochs: 3 })].map((e) => ({
            base: e.base_seed,
            batches: [...e.batches] as number[][],
          }));
        const a = run();
        assert.deepEqual(run(), a);
        for (const e of a) {
          const flat = e.batches.flat();
          if (!dropLast) assert.deepEqual([...flat].sort((x, y) => x - y), Array.from({ length: n }, (_, i) => i));
          assert.ok(e.batches.every((b) => b.length === bs || (!dropLast && b === e.batches.at(-1))));
          assert.ok(e.base < 1n << 63n);
        }
      }),
      { numRuns: 80 },
    );
  });

  test('a loader with its own generator never touches the global one', () => {
    const g = new Generator(5n);
    for (const e of dataLoaderEpochs(g, { dataset_size: 10, batch_size: 3, shuffle: true, epochs: 2, generator_seed: 7n })) [...e.batches];
    assert.equal(g.random(), new Generator(5n).random());
  });

  test('persistent workers draw the base seed once', () => {
    const epochs = [...dataLoaderEpochs(new Generator(1n), { dataset_size: 4, num_workers: 2, persistent_workers: true, epochs: 3 })];
    assert.equal(new Set(epochs.map((e) => e.base_seed)).size, 1);
    assert.deepEqual(epochs[0]!.worker_seeds, [epochs[0]!.base_seed, epochs[0]!.base_seed + 1n]);
  });

  test('random_split fractions: floors then round-robin remainder, warnings for empty parts', () => {
    assert.deepEqual(splitLengths(10, [0.33, 0.33, 0.34]).lengths, [4, 3, 3]);
    assert.deepEqual(splitLengths(3, [0, 1]), { lengths: [0, 3], warnings: ['Length of split at index 0 is 0. This might result in an empty dataset.'] });
    assert.deepEqual(randomSplit(new Generator(0n), 10, [0.3, 0.7]).subsets, [[4, 1, 7], [5, 3, 9, 0, 8, 6, 2]]);
    assert.throws(() => splitLengths(10, [0.2, 0.4, 0.3, 0.1]), /Sum of input lengths does not equal/);
    assert.throws(() => splitLengths(10, [1.5, -0.5]), /Fraction at index 0 is not between 0 and 1/);
  });
});

describe('modules', () => {
  test('Linear(2, 1) after manual_seed(1) is the blog post numbers', () => {
    const sd = buildModule({ g: new Generator(1n), kernel: 'avx2' }, { type: 'Linear', in_features: 2, out_features: 1 });
    assert.deepEqual(
      sd.map(([k, t]) => [k, toList(t)]),
      [
        ['weight', [[0.36434608697891235, -0.3121015429496765]]],
        ['bias', [-0.13708077371120453]],
      ],
    );
  });
  test('property: one request never changes another (independent generators)', () => {
    fc.assert(
      fc.property(seedArb, seedArb, (s1, s2) => {
        const spec = { type: 'Linear', in_features: 3, out_features: 2 };
        const alone = buildModule({ g: new Generator(s1), kernel: 'avx2' }, spec);
        buildModule({ g: new Generator(s2), kernel: 'avx2' }, spec);
        const again = buildModule({ g: new Generator(s1), kernel: 'avx2' }, spec);
        assert.deepEqual(again.map(([k, t]) => [k, toList(t)]), alone.map(([k, t]) => [k, toList(t)]));
      }),
      { numRuns: 50 },
    );
  });
});

describe('long uniform_ runs pinned by sha256 (uniform-digests.json, written by real torch)', async () => {
  const { readFileSync } = await import('node:fs');
  const { createHash } = await import('node:crypto');
  const { join } = await import('node:path');
  const doc = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', '..', 'parity', 'fixtures', 'uniform-digests.json'), 'utf8')) as {
    cases: Array<{ seed: string; from: number; to: number; n: number; sha256: string; python: string }>;
  };
  for (const c of doc.cases) {
    test(c.python, () => {
      const out = new Float32Array(c.n);
      fillUniformFloat32(new Generator(BigInt(c.seed)), out, c.from, c.to);
      assert.equal(createHash('sha256').update(new Uint8Array(out.buffer)).digest('hex'), c.sha256);
    });
  }
});

describe('bulk draws (WebAssembly step on pure-rand state)', () => {
  test('property: fillInt32 gives pure-rand\'s words and leaves the stream where word-by-word draws would', () => {
    fc.assert(
      fc.property(seedArb, fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 1000, max: 40_000 }), (seed, skip, n) => {
        const bulk = new Generator(seed);
        const single = new Generator(seed);
        for (let i = 0; i < skip; i++) {
          bulk.random();
          single.random();
        }
        const out = new Int32Array(n);
        bulk.fillInt32(out, n);
        for (let i = 0; i < n; i++) assert.equal(out[i]! >>> 0, single.random(), `word ${i}`);
        for (let i = 0; i < 700; i++) assert.equal(bulk.random(), single.random());
        assert.deepEqual(bulk.getEngineState(), single.getEngineState());
      }),
      { numRuns: 25 },
    );
  });

  test('the WebAssembly modules are built from their committed sources (scripts/build-wasm.ts)', async () => {
    const { spawnSync } = await import('node:child_process');
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build-wasm.ts', '--check'], { cwd: join(import.meta.dirname, '..', '..', '..', '..'), encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  });
});
