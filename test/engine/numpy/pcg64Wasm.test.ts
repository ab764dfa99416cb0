// pcg64.wat's shuffle of arange(n) (Generator.permutation) against the JavaScript limb arithmetic and
// shuffleInPlace: the same permutation and the same generator state afterwards, bit for bit.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { permutationOf } from '../../../src/engine/numpy/bitSource.js';
import { NumpyGenerator, PCG64 } from '../../../src/engine/numpy/pcg64.js';

test('property: WebAssembly and JavaScript PCG64 permutations agree, and so do the draws after them', () => {
  fc.assert(
    fc.property(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 70000 }), (seed, pre, n) => {
      const a = new PCG64(seed);
      const b = new PCG64(seed);
      for (let k = 0; k < pre; k++) assert.equal(a.nextUint32(), b.nextUint32());
      assert.deepEqual(new NumpyGenerator(b).permutation(n), permutationOf(a, n));
      for (let k = 0; k < 3; k++) assert.equal(b.nextUint32(), a.nextUint32());
      assert.equal(b.nextUint64(), a.nextUint64());
    }),
    { numRuns: 60 },
  );
});

test('a 1M permutation is the same in WebAssembly and JavaScript', () => {
  assert.deepEqual(new NumpyGenerator(new PCG64(42)).permutation(1_000_000), permutationOf(new PCG64(42), 1_000_000));
});
