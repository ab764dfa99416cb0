import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { Generator } from '../../../../../src/engine/torch/generator/generator.js';
import { normalBlock16Avx2 } from '../../../../../src/engine/torch/tensor/avx2/avxMathfun.js';
import { normalBlocksWasm } from '../../../../../src/engine/torch/tensor/avx2/normalWasm.js';
import { fillUniformFloat32 } from '../../../../../src/engine/torch/tensor/uniform.js';
import { loadNativeNormal } from '../../../../../src/native/index.js';

/** The native kernel (native/normal_avx2.cc) where it is built and the CPU runs it: a third twin to compare. */
const native = loadNativeNormal();

// The WebAssembly twin (src/engine/torch/tensor/avx2/assembly/normal.ts) of the AVX2 float32 normal block must equal the JavaScript one
// bit for bit (both are checked against torch by the fixtures and bench/tensors.bench.ts --parity), and so must the
// native kernel with real FMAs where it is built (test/native/normal.test.ts checks it against the fixtures).
test(`property: WebAssembly${native ? ', native' : ''} and JavaScript AVX2 normal blocks give the same float32 bits`, () => {
  const f32 = (lo: number, hi: number) => fc.float({ min: Math.fround(lo), max: Math.fround(hi), noNaN: true });
  fc.assert(
    fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), fc.integer({ min: 1, max: 400 }), f32(-100, 100), f32(0, 50), (seed, blocks, mean, std) => {
      const a = new Float32Array(blocks * 16);
      fillUniformFloat32(new Generator(seed), a, 0, 1);
      a[0] = 0; // u = 0: u1 = 1
      a[1] = 1 - 2 ** -24; // the largest uniform
      a[a.length - 1] = 2 ** -24; // the smallest nonzero one
      const b = a.slice();
      const c = a.slice();
      for (let i = 0; i < a.length; i += 16) normalBlock16Avx2(a, i, mean, std);
      assert.ok(normalBlocksWasm(b, 0, b.length, mean, std));
      native?.normalBlocks(c, 0, c.length, mean, std);
      for (let i = 0; i < a.length; i++) {
        assert.ok(Object.is(a[i], b[i]), `element ${i}: ${a[i]} vs ${b[i]} (WebAssembly)`);
        if (native) assert.ok(Object.is(a[i], c[i]), `element ${i}: ${a[i]} vs ${c[i]} (native)`);
      }
    }),
    { numRuns: 120 },
  );
});
