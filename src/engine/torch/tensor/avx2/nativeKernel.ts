/**
 * The optional native AVX2 normal kernel (native/normal_avx2.cc: torch's normal_fill_16_AVX2 with real
 * `_mm256_fmadd_ps`), handed to the engine from outside (src/native/index.ts loads the addon where it is
 * built and the CPU has AVX2 and FMA): the engine itself loads nothing. Without it the float32 AVX2 blocks
 * run in WebAssembly (normalWasm.ts), the same bits.
 * @internal
 */
export interface NativeNormalKernel {
  /**
   * normal_fill_16_AVX2 on data[from .. from + count) in place, count a multiple of 16; with `words` the
   * range first holds raw 32-bit MT19937 outputs (as int32 bit patterns), turned into `(w & 0xFFFFFF) * 2^-24`.
   */
  normalBlocks(data: Float32Array, from: number, count: number, mean: number, std: number, words?: boolean): void;
}

let kernel: NativeNormalKernel | null = null;

/** Installs (or, with null, removes) the native kernel for this thread. */
export function setNativeNormalKernel(k: NativeNormalKernel | null): void {
  kernel = k;
}

/** The native kernel in use on this thread, or null. */
export function nativeNormalKernel(): NativeNormalKernel | null {
  return kernel;
}
