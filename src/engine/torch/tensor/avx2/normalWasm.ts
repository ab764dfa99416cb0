import { NORMAL_WASM_BASE64 } from './normal.wasm.js';
import { instantiateWasm } from '../../../wasm.js';

/**
 * The AVX2 float32 normal block transform compiled to WebAssembly (SIMD) from src/engine/torch/tensor/avx2/assembly/normalSimd.ts and
 * src/engine/torch/tensor/avx2/assembly/normal.ts (the line-by-line twin of avxMathfun.ts's normalBlock16Avx2): same float32
 * roundings, same single-rounding FMAs.
 * @internal
 */
interface NormalModule {
  memory: { buffer: ArrayBuffer };
  normalBlocks(ptr: number, n: number, mean: number, std: number): void;
}

/** Byte offset of the data area (the module's second page); the first holds its own data. */
const DATA_PTR = 65536;
/** Floats transformed per call: the second page, a multiple of 16. */
const CHUNK = 16384;

let mod: NormalModule | null | undefined;
function instance(): NormalModule | null {
  if (mod === undefined) mod = instantiateWasm<NormalModule>(NORMAL_WASM_BASE64);
  return mod;
}

/**
 * Applies `normal_fill_16_AVX2` to data[from .. from + count) (count a multiple of 16) in WebAssembly.
 * Returns false when WebAssembly is unavailable; the caller then runs the JavaScript blocks.
 */
export function normalBlocksWasm(data: Float32Array, from: number, count: number, mean: number, std: number): boolean {
  const m = instance();
  if (m === null) return false;
  for (let done = 0; done < count; done += CHUNK) {
    const n = Math.min(CHUNK, count - done);
    const view = new Float32Array(m.memory.buffer, DATA_PTR, n);
    view.set(data.subarray(from + done, from + done + n));
    m.normalBlocks(DATA_PTR, n, mean, std);
    data.set(view, from + done);
  }
  return true;
}
