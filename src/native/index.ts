// Loads the optional native addons (native/build/*.node, built by `npm run build:native`) and hands them
// to the engine, which loads nothing itself. Imported for its effect by every thread that computes
// (src/http/app.ts's process and src/http/worker.ts's pool threads) and by the benchmarks.
import { createRequire } from 'node:module';
import { setNativeNormalKernel, type NativeNormalKernel } from '../engine/torch/tensor/avx2/nativeKernel.js';
import { setNativeSwapRun, type NativeSwapRun } from '../engine/torch/tensor/randperm.js';

interface NormalAddon extends NativeNormalKernel {
  supported(): boolean;
}

/** Whether a loaded module is the normal addon (checked, not asserted). */
function isNormalAddon(m: unknown): m is NormalAddon {
  return typeof m === 'object' && m !== null && 'normalBlocks' in m && typeof m.normalBlocks === 'function' && 'supported' in m && typeof m.supported === 'function';
}

/**
 * The native AVX2 normal kernel, or null: not built, NATIVE_NORMAL=0, or a CPU without AVX2 and FMA
 * (then the WebAssembly kernel runs, the same bits). The same relative path from src/native and dist/native.
 */
export function loadNativeNormal(): NativeNormalKernel | null {
  if (process.env.NATIVE_NORMAL === '0') return null;
  try {
    const addon: unknown = createRequire(import.meta.url)('../../native/build/normal_avx2.node');
    return isNormalAddon(addon) && addon.supported() ? addon : null;
  } catch {
    return null;
  }
}

/** The kernel installed in this thread (null: WebAssembly). */
export const nativeNormal: NativeNormalKernel | null = loadNativeNormal();
setNativeNormalKernel(nativeNormal);

/** Whether a loaded module is the shuffle addon. */
function isSwapAddon(m: unknown): m is NativeSwapRun {
  return typeof m === 'object' && m !== null && 'swapRun' in m && typeof m.swapRun === 'function';
}

/** randperm's native swap loop (native/shuffle.cc), or null: not built or NATIVE_SHUFFLE=0 (then JavaScript, the same swaps). */
export function loadNativeSwap(): NativeSwapRun | null {
  if (process.env.NATIVE_SHUFFLE === '0') return null;
  try {
    const addon: unknown = createRequire(import.meta.url)('../../native/build/shuffle.node');
    return isSwapAddon(addon) ? addon : null;
  } catch {
    return null;
  }
}

/** The swap loop installed in this thread (null: JavaScript). */
export const nativeSwap: NativeSwapRun | null = loadNativeSwap();
setNativeSwapRun(nativeSwap);
