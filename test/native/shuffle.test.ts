/**
 * randperm's native swap loop (native/shuffle.cc) against the JavaScript one and torch's own bytes (the
 * randperm cases of tensors.jsonl and tensors-2.13.jsonl). Skipped where the addon is not built.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { Generator } from '../../src/engine/torch/generator/generator.js';
import { profileFor, type TorchVersion } from '../../src/engine/torch/generator/profile.js';
import { randperm, setNativeSwapRun } from '../../src/engine/torch/tensor/randperm.js';
import { loadNativeSwap, nativeSwap } from '../../src/native/index.js';

const native = loadNativeSwap();
after(() => setNativeSwapRun(nativeSwap));

function perm(useNative: boolean, seed: bigint, n: number, version: TorchVersion = '1.13'): Int32Array {
  setNativeSwapRun(useNative ? native : null);
  return randperm(new Generator(seed, profileFor(version)), n).data as Int32Array;
}

describe('native randperm swaps', { skip: native === null ? 'native/build/shuffle.node not built (npm run build:native)' : false }, () => {
  it('swaps exactly as the JavaScript loop on many sizes and seeds', () => {
    for (const n of [1024, 1025, 8192, 8193, 16385, 100003, 1_000_000]) {
      for (const seed of [0n, 1n, 2n ** 64n - 1n]) assert.deepEqual(perm(true, seed, n), perm(false, seed, n), `n ${n} seed ${seed}`);
    }
  });

  it('refuses swap targets outside the array', () => {
    assert.throws(() => native!.swapRun(new Int32Array(4), new Int32Array([0, 3]), 2, 2), /outside/);
    assert.throws(() => native!.swapRun(new Int32Array(4), new Int32Array(8), 0, 8), /outside/);
  });

  for (const file of ['tensors.jsonl', 'tensors-2.13.jsonl']) {
    it(`replays the randperm cases of ${file} through the native loop`, () => {
      let checked = 0;
      for (const line of readFileSync(new URL(`../parity/fixtures/${file}`, import.meta.url), 'utf8').split('\n')) {
        if (line.trim() === '') continue;
        const fx = JSON.parse(line) as { id: string; request: Record<string, unknown>; sha256?: string; expect: { tensor?: unknown } };
        const r = fx.request;
        if (r.op !== 'randperm' || (r.dtype ?? 'int64') !== 'int64' || fx.sha256 === undefined || fx.expect.tensor === undefined) continue;
        const n = Number(r.n);
        if (n < 1025) continue; // below one native run
        const p = perm(true, BigInt(String(r.seed)), n, (r.torch_version ?? '1.13') as TorchVersion);
        const bytes = new BigInt64Array(Array.from(p, (v) => BigInt(v)));
        assert.equal(createHash('sha256').update(new Uint8Array(bytes.buffer)).digest('hex'), fx.sha256, fx.id);
        checked++;
      }
      assert.ok(checked >= 1, `${checked} cases`);
    });
  }
});
