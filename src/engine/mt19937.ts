import { mersenneFromState } from 'pure-rand/generator/mersenne';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';

/**
 * The MT19937 core torch's CPU generator and numpy's legacy `RandomState` share: the 624-word state,
 * the reference seeding recurrence, the twist, and the hand-over to pure-rand's `mersenne` (which
 * tempers each word as it draws it). Each library keeps its own seeding on top (torch's
 * `init_with_uint32`, numpy's `init_by_array`).
 * @internal
 */

/** MT19937 state size in 32-bit words. */
export const MT_N = 624;
/** MT19937 middle word offset. */
const MT_M = 397;

/**
 * The reference `init_genrand(s)` (torch: `at::mt19937::init_with_uint32`, numpy: `mt19937_seed`):
 * `mt[0] = s; mt[i] = 1812433253 * (mt[i-1] ^ (mt[i-1] >> 30)) + i`.
 * @example initGenrand(5489)[1] // 1301868182
 */
export function initGenrand(s: number): Uint32Array {
  const mt = new Uint32Array(MT_N);
  mt[0] = s >>> 0;
  for (let i = 1; i < MT_N; i++) {
    const p = mt[i - 1]!;
    mt[i] = (Math.imul(1812433253, p ^ (p >>> 30)) + i) >>> 0;
  }
  return mt;
}

/** One standard in-place twist step of word k (the body of the reference `next_state` loop). */
export function twistWord(mt: Uint32Array, k: number): void {
  const y = (mt[k]! & 0x80000000) | (mt[(k + 1) % MT_N]! & 0x7fffffff);
  mt[k] = (mt[(k + MT_M) % MT_N]! ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0)) >>> 0;
}

/**
 * pure-rand's `mersenne` positioned on `mt` (the untempered words of the current generation) with the
 * next draw at word `next` (0..624; 624 = the whole generation used, the next draw twists first).
 *
 * pure-rand twists each word right after reading it: its state is words [0, index) of the next
 * generation and [index, 624) of the current one, so words [0, next) are twisted here. `next = 624`
 * is the full twist with index 0.
 */
export function mersenneAt(mt: Uint32Array, next: number): JumpableRandomGenerator {
  const u = Uint32Array.from(mt);
  for (let i = 0; i < next; i++) twistWord(u, i);
  const state = new Array<number>(MT_N + 1);
  state[0] = next % MT_N;
  for (let i = 0; i < MT_N; i++) state[i + 1] = u[i]! | 0;
  return mersenneFromState(state);
}
