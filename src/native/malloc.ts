// The C library's allocator, tuned once for the service process (native/malloc.cc, built by
// `npm run build:native`): see the settings MALLOC_MMAP_THRESHOLD_BYTES and MALLOC_ARENAS in src/config.ts.
import { createRequire } from 'node:module';

interface MallocAddon {
  tune(mmapThresholdBytes: number, arenaMax: number): boolean;
}

function isMallocAddon(m: unknown): m is MallocAddon {
  return typeof m === 'object' && m !== null && 'tune' in m && typeof m.tune === 'function';
}

/**
 * Applies the allocator settings (0 leaves one as the C library has it). Returns whether they were
 * applied: false when the addon is not built or the C library is not glibc.
 */
export function tuneMalloc(settings: { MALLOC_MMAP_THRESHOLD_BYTES: number; MALLOC_ARENAS: number }): boolean {
  let addon: unknown;
  try {
    addon = createRequire(import.meta.url)('../../native/build/malloc.node');
  } catch {
    return false;
  }
  return isMallocAddon(addon) && addon.tune(settings.MALLOC_MMAP_THRESHOLD_BYTES, settings.MALLOC_ARENAS);
}
