/**
 * The native AVX2 normal kernel (native/normal_avx2.cc, real `_mm256_fmadd_ps`) against the WebAssembly one
 * (the verified fallback; block by block in test/engine/torch/tensor/avx2/normal.wasm.test.ts) and torch's own bytes (the float32 avx2 normal cases of tensors.jsonl and
 * tensors-2.13.jsonl), bit for bit. Skipped where the addon is not built or the CPU lacks AVX2/FMA.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { Generator } from '../../src/engine/torch/generator/generator.js';
import { profileFor, type TorchVersion } from '../../src/engine/torch/generator/profile.js';
import { nativeNormalKernel, setNativeNormalKernel } from '../../src/engine/torch/tensor/avx2/nativeKernel.js';
import { fillNormalFloat32 } from '../../src/engine/torch/tensor/normal.js';
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
