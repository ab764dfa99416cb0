/**
 * The allocator settings (native/malloc.cc through src/native/malloc.ts): applied where the addon is built
 * and the C library is glibc (0 leaves a parameter as glibc has it). Their effect on resident
 * memory under load is what test/http/soak.test.ts measures.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { defaultConfig } from '../../src/config.js';
import { tuneMalloc } from '../../src/native/malloc.js';

const built = existsSync(new URL('../../native/build/malloc.node', import.meta.url));

describe('allocator settings', () => {
  it('defaults: a fixed 256 KiB mmap threshold and two arenas', () => {
    const c = defaultConfig();
    assert.equal(c.MALLOC_MMAP_THRESHOLD_BYTES, 262144);
    assert.equal(c.MALLOC_ARENAS, 2);
  });

  it('are applied by the addon', { skip: built ? false : 'native/build/malloc.node not built (npm run build:native)' }, () => {
    assert.equal(tuneMalloc({ MALLOC_MMAP_THRESHOLD_BYTES: 262144, MALLOC_ARENAS: 2 }), true);
    // 0 leaves both as they are: nothing to apply, still true
    assert.equal(tuneMalloc({ MALLOC_MMAP_THRESHOLD_BYTES: 0, MALLOC_ARENAS: 0 }), true);
  });
});
