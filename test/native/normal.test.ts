/**
 * The native AVX2 normal kernel (native/normal_avx2.cc, real `_mm256_fmadd_ps`) against the WebAssembly one
 * (the verified fallback) and torch's own bytes (the float32 avx2 normal cases of tensors.jsonl and
 * tensors-2.13.jsonl), bit for bit. Skipped where the addon is not built or the CPU lacks AVX2/FMA.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { Generator } from '../../src/engine/torch/generator/generator.js';
import { profileFor, type TorchVersion } from '../../src/engine/torch/generator/profile.js';
import { nativeNormalKernel, setNativeNormalKernel } from '../../src/engine/torch/tensor/avx2/nativeKernel.js';
import { normalBlocksWasm } from '../../src/engine/torch/tensor/avx2/normalWasm.js';
import { fillNormalFloat32 } from '../../src/engine/torch/tensor/normal.js';
import { fillUniformFloat32 } from '../../src/engine/torch/tensor/random.js';
import { loadNativeNormal } from '../../src/native/index.js';

const native = loadNativeNormal();
const skip = native === null ? 'native/build/normal_avx2.node not built (npm run build:native) or no AVX2+FMA' : false;
const before = nativeNormalKernel();
after(() => setNativeNormalKernel(before));

/** fillNormalFloat32 with the native kernel installed, or without it (WebAssembly). */
function fill(useNative: boolean, seed: bigint, n: number, mean: number, std: number, version: TorchVersion = '1.13'): Float32Array {
  setNativeNormalKernel(useNative ? native : null);
  const out = new Float32Array(n);
  fillNormalFloat32(new Generator(seed, profileFor(version)), out, mean, std, 'avx2');
  return out;
}

function assertSameBits(a: Float32Array, b: Float32Array, what: string): void {
  assert.equal(a.length, b.length);
  const ua = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const ub = new Uint32Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < a.length; i++) if (ua[i] !== ub[i]) assert.fail(`${what}: element ${i}: ${a[i]} vs ${b[i]}`);
}

describe('native AVX2 normal kernel', { skip }, () => {
  it('property: native and WebAssembly blocks give the same float32 bits', () => {
    const f32 = (lo: number, hi: number) => fc.float({ min: Math.fround(lo), max: Math.fround(hi), noNaN: true });
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), fc.integer({ min: 1, max: 300 }), f32(-100, 100), f32(0, 50), (seed, blocks, mean, std) => {
        const a = new Float32Array(blocks * 16);
        fillUniformFloat32(new Generator(seed), a, 0, 1);
        a[0] = 0; // u = 0: u1 = 1
        a[1] = 1 - 2 ** -24; // the largest uniform
        a[a.length - 1] = 2 ** -24; // the smallest nonzero one
        const b = a.slice();
        native!.normalBlocks(a, 0, a.length, mean, std);
        assert.ok(normalBlocksWasm(b, 0, b.length, mean, std));
        assertSameBits(a, b, `seed ${seed}`);
      }),
      { numRuns: 150 },
    );
  });

  it('fills the same bits as the WebAssembly path on many sizes (tails < 16 too), seeds, means and stds', () => {
    const sizes = [256, 257, 271, 272, 1000, 1023, 4099, 16384, 16400, 65541, 100003];
    const params: Array<[number, number]> = [[0, 1], [2, 3], [-1.5, 0.25], [1e-30, 1e-30], [0, 0], [1e6, 1e-3], [-7, 1e4]];
    let k = 0;
    for (const n of sizes) {
      for (const [mean, std] of params) {
        const seed = BigInt(k++ * 7919) ** 2n;
        for (const v of ['1.13', '2.13'] as const) assertSameBits(fill(true, seed, n, mean, std, v), fill(false, seed, n, mean, std, v), `n ${n} mean ${mean} std ${std} torch ${v}`);
      }
    }
  });

  it("rejects what it cannot do: a count that is not a multiple of 16, a range outside the array", () => {
    const a = new Float32Array(32);
    assert.throws(() => native!.normalBlocks(a, 0, 17, 0, 1), /multiple of 16/);
    assert.throws(() => native!.normalBlocks(a, 16, 32, 0, 1), /range/);
  });

  for (const file of ['tensors.jsonl', 'tensors-2.13.jsonl']) {
    it(`replays every float32 avx2 normal case of ${file} through the native kernel`, () => {
      const lines = readFileSync(new URL(`../parity/fixtures/${file}`, import.meta.url), 'utf8').split('\n').filter((l) => l.trim() !== '');
      let checked = 0;
      for (const line of lines) {
        const fx = JSON.parse(line) as { id: string; request: Record<string, unknown>; sha256?: string; expect: { tensor?: unknown } };
        const r = fx.request;
        if (!(r.op === 'randn' || r.op === 'normal') || (r.dtype ?? 'float32') !== 'float32' || (r.cpu_kernel ?? 'avx2') !== 'avx2') continue;
        if (fx.sha256 === undefined || fx.expect.tensor === undefined) continue;
        const n = (r.size as number[]).reduce((p, d) => p * d, 1);
        if (n < 256) continue; // below the size the bulk kernels take
        const std = r.std === undefined ? 1 : Number(r.std);
        const out = fill(true, BigInt(String(r.seed)), n, r.mean === undefined ? 0 : Number(r.mean), std, (r.torch_version ?? '1.13') as TorchVersion);
        assert.equal(createHash('sha256').update(new Uint8Array(out.buffer)).digest('hex'), fx.sha256, fx.id);
        checked++;
      }
      assert.ok(checked >= 4, `${checked} cases`);
    });
  }
});
