/**
 * Engine vs torch on identical work, in one run (`npx tsx bench/tensors.bench.ts`).
 *
 * torch 1.13 (/usr/bin/python3) and the torch 2.13 wheel run in persistent Python processes with
 * `torch.set_num_threads(1)`, repetitions interleaved with the engine's (bench/lib.ts compare); each side's
 * median. Ratios are torch time / engine time (> 1: the engine is faster).
 *
 * `--parity`: instead of timing, measures the bit-exact rate of the normal paths against torch over
 * at least a million values each (the numbers of docs/normal-parity.md).
 */
import { nativeNormal } from '../src/native/index.js';
import { execFileSync } from 'node:child_process';
import { Generator } from '../src/engine/torch/generator/generator.js';
import { tensorOp, type TensorOpRequest } from '../src/engine/torch/tensor/factory.js';
import { fillNormalFloat32, fillNormalFloat64 } from '../src/engine/torch/tensor/normal.js';
import type { CpuKernel } from '../src/engine/torch/tensor/tensor.js';
import { compare, timeJs } from './lib.js';
import { normalBlocksWasm } from '../src/engine/torch/tensor/avx2/normalWasm.js';
import { fillUniformFloat32 } from '../src/engine/torch/tensor/uniform.js';

const PYTHON = '/usr/bin/python3';

interface Work {
  name: string;
  req: TensorOpRequest;
  torch: string;
}

const WORK: Work[] = [
  { name: 'rand float32 16.7M', req: { op: 'rand', size: [16777216] }, torch: 'torch.rand(16777216)' },
  { name: 'randint [0,1000) 10M', req: { op: 'randint', low: 0, high: 1000, size: [10000000] }, torch: 'torch.randint(0, 1000, (10000000,))' },
  { name: 'randperm 10M', req: { op: 'randperm', n: 10000000 }, torch: 'torch.randperm(10000000)' },
  { name: 'randn float32 16.7M', req: { op: 'randn', size: [16777216] }, torch: 'torch.randn(16777216)' },
  { name: 'normal_(2, 3) float32 16.7M', req: { op: 'normal', size: [16777216], mean: 2, std: 3 }, torch: 'torch.empty(16777216).normal_(2, 3)' },
];

/** The float32 AVX2 normal transform alone (no draws) on 16.7M uniforms: WebAssembly SIMD against the native kernel. */
function kernels(): void {
  const n = 16_777_216;
  const u = new Float32Array(n);
  fillUniformFloat32(new Generator(0n), u, 0, 1);
  const a = new Float32Array(n);
  const wasm = timeJs(() => {
    a.set(u);
    normalBlocksWasm(a, 0, n, 0, 1);
  }, 5);
  const b = new Float32Array(n);
  const k = nativeNormal;
  const nat = k
    ? timeJs(() => {
        b.set(u);
        k.normalBlocks(b, 0, n, 0, 1);
      }, 5)
    : null;
  const same = nat !== null && a.every((v, i) => Object.is(v, b[i]));
  console.log('\n## float32 AVX2 normal transform alone, 16.7M uniforms (normal_fill_16_AVX2 blocks, no draws)\n');
  console.log('| kernel | ms | speed |');
  console.log('|---|---:|---:|');
  console.log(`| WebAssembly SIMD (double-precision FMA emulation, the fallback) | ${(wasm * 1e3).toFixed(1)} | 1.00x |`);
  console.log(nat === null ? '| native (not built) | n/a | n/a |' : `| native, real vfmadd (native/normal_avx2.cc) | ${(nat * 1e3).toFixed(1)} | ${(wasm / nat).toFixed(2)}x (same bits: ${same ? 'yes' : 'NO'}) |`);
}

async function timing(): Promise<void> {
  kernels();
  const g = new Generator(0n);
  await compare(
    `tensor factories (native normal kernel: ${nativeNormal ? 'yes' : 'no, WebAssembly'})`,
    WORK.map((w) => ({
      name: w.name,
      js: () => {
        g.manualSeed(0n);
        return tensorOp(g, w.req);
      },
      py: `torch.manual_seed(0); ${w.torch}`,
    })),
  );
}

/** torch outputs as raw bytes: `calls` calls of `expr` after manual_seed(seed), concatenated. */
function torchBytes(expr: string, seed: number, calls: number, kernel: CpuKernel): Buffer {
  const script = `
import sys, torch
torch.set_num_threads(1)
torch.manual_seed(${seed})
w = sys.stdout.buffer
for _ in range(${calls}):
    w.write((${expr}).numpy().tobytes())
`;
  const env = kernel === 'default' ? { ...process.env, ATEN_CPU_CAPABILITY: 'default' } : process.env;
  return execFileSync(PYTHON, ['-c', script], { env, maxBuffer: 1 << 30 });
}

interface ParityCase {
  path: string;
  dtype: 'float32' | 'float64';
  n: number;
  calls: number;
  mean: number;
  std: number;
  kernel: CpuKernel;
}

function parity(): void {
  const cases: ParityCase[] = [];
  for (const kernel of ['avx2', 'default'] as const) {
    for (const dtype of ['float64', 'float32'] as const) {
      cases.push({ path: 'vectorised (n >= 16)', dtype, n: 1_000_003, calls: 1, mean: 0, std: 1, kernel });
      cases.push({ path: 'vectorised, mean 2 std 3', dtype, n: 1_000_003, calls: 1, mean: 2, std: 3, kernel });
      cases.push({ path: 'scalar (n < 16, cached pair)', dtype, n: 7, calls: 150_000, mean: 0, std: 1, kernel });
      cases.push({ path: 'scalar, mean -1.5 std 0.25', dtype, n: 7, calls: 150_000, mean: -1.5, std: 0.25, kernel });
    }
  }
  console.log('| path | dtype | kernel | values | bit-exact | rate |');
  console.log('|---|---|---|---:|---:|---:|');
  let seed = 1;
  for (const c of cases) {
    seed += 7;
    const expr = `torch.empty(${c.n}, dtype=torch.${c.dtype}).normal_(${c.mean}, ${c.std})`;
    const buf = torchBytes(expr, seed, c.calls, c.kernel);
    const total = c.n * c.calls;
    const expected = c.dtype === 'float64' ? new Float64Array(buf.buffer, buf.byteOffset, total) : new Float32Array(buf.buffer, buf.byteOffset, total);
    const g = new Generator(BigInt(seed));
    const got = c.dtype === 'float64' ? new Float64Array(total) : new Float32Array(total);
    for (let k = 0; k < c.calls; k++) {
      const part = got.subarray(k * c.n, (k + 1) * c.n);
      if (c.dtype === 'float64') fillNormalFloat64(g, part as Float64Array, c.mean, c.std, c.kernel);
      else fillNormalFloat32(g, part as Float32Array, c.mean, c.std, c.kernel);
    }
    let same = 0;
    for (let i = 0; i < total; i++) if (Object.is(got[i], expected[i])) same++;
    console.log(`| ${c.path} | ${c.dtype} | ${c.kernel} | ${total} | ${same} | ${((100 * same) / total).toFixed(4)} % |`);
  }
}

if (process.argv.includes('--parity')) parity();
else await timing();
