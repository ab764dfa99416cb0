import { mersenne, mersenneFromState } from 'pure-rand/generator/mersenne';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';
import { initGenrand, mersenneAt, MT_N as N, twistWord } from '../../mt19937.js';
import { toUint64Seed } from './seed.js';
import { MT19937_WASM_BASE64 } from './mt19937.wasm.js';
import { instantiateWasm } from '../../wasm.js';
import { PROFILES, type TorchProfile } from './profile.js';

/** = 2^32 */
const TWO_POW_32 = 4294967296;
/** = 2^-53 */
const TWO_POW_M53 = 1.1102230246251565e-16;

/**
 * The double in [0, 1) of one `random64()` = (hi << 32) | lo: its 53 low bits * 2^-53, as
 * `uniform_real_distribution<double>(0, 1)` (aten/src/ATen/core/TransformationHelper.h `uniform_real`,
 * MASK = 2^53 - 1). (hi & 0x1FFFFF) * 2^32 + lo is exact in a double, and so is the product.
 * `hi` may be the word's signed int32 pattern (only its low 21 bits are read); `lo` must be unsigned.
 */
export function unit53(hi: number, lo: number): number {
  return ((hi & 0x1fffff) * TWO_POW_32 + lo) * TWO_POW_M53;
}
/** Seed of a fresh `torch.Generator()`: c10 `default_rng_seed_val` = 67280421310721 = 0x3D30F19CD101. */
export const DEFAULT_RNG_SEED = 67280421310721n;

/** torch's CPU generator state in its own terms (c10 `mt19937_data_pod`). */
export interface TorchEngineState {
  /** the_initial_seed: the uint64 given to manual_seed. */
  seed: bigint;
  /** `left_`: draws until the next full regeneration, 1..624. */
  left: number;
  /** `next_`: index of the next word, 0..624. */
  next: number;
  /** `state_`: the 624 untempered words. */
  mt: Uint32Array;
}

/** Bulk draws of at least this many words go through the WebAssembly twister. */
const BULK_MIN_WORDS = 1024;
/** Word offset of the output area in the WebAssembly memory (byte 4096). */
const BULK_OUT_WORD = 1024;
/** Words one call of the WebAssembly `fill` writes: the rest of its 64 KiB page. */
const BULK_CHUNK_WORDS = 16384 - BULK_OUT_WORD;

interface BulkEngine {
  memory: { buffer: ArrayBuffer };
  fill(index: number, n: number): number;
  uniform_f32(index: number, n: number, d: number, a: number, fused: number): number;
  randint_i32(index: number, n: number, r: number, base: number): number;
}

let bulk: BulkEngine | null | undefined;
/**
 * pure-rand's MT19937 step in WebAssembly (mt19937.wat): the same state, the same words, about
 * three times faster for long runs (bench/generator.bench.ts). Null where WebAssembly is unavailable.
 */
function bulkEngine(): BulkEngine | null {
  if (bulk === undefined) bulk = instantiateWasm<BulkEngine>(MT19937_WASM_BASE64);
  return bulk;
}

/** torch's state right after `manual_seed(seed)`: `init_with_uint32`, `left_ = 1`, `next_ = 0`. */
function seededState(seed: bigint): TorchEngineState {
  // at::mt19937::init_with_uint32: state_[0] = seed & 0xffffffff, then the reference recurrence.
  return { seed, left: 1, next: 0, mt: initGenrand(Number(seed & 0xffffffffn)) };
}

/**
 * torch's `CPUGeneratorImpl` (c10/core/... `at::mt19937`), drawing from pure-rand's `mersenne`.
 *
 * One object is one torch generator: the global one of a request, or a `torch.Generator()`.
 * It also owns the cached second Box-Muller value of the scalar normal path (`next_double_normal_sample`)
 * and the float normal a state blob may carry (`next_float_normal_sample`).
 * @example
 * const g = new Generator(0n); g.random() // 2357136044, as torch.randint(2**32, (1,)) after manual_seed(0)... via random()
 */
export class Generator {
  private rng!: JumpableRandomGenerator;
  private seed!: bigint;
  /** torch-format state at the last seeding or import; export replays `drawn` words from it. */
  private base!: TorchEngineState | null;
  private drawn = 0;
  /** Cached second value of the scalar-path Box-Muller pair (double), or null. */
  nextDoubleNormal: number | null = null;
  /**
   * The cached float normal (`next_float_normal_sample_`), or null: no CPU kernel reads or writes it, but
   * `set_rng_state` restores it and `get_rng_state` writes it back, so a blob round-trips (state.ts).
   */
  nextFloatNormal: number | null = null;
  /**
   * The torch build this generator's process runs (profile.ts): the kernels read its switches once per
   * call. The engine's own default is 1.13 (the build it was first written for); the HTTP layer always
   * sets the request's `torch_version`. Generators made from this one (generator_seed) inherit it.
   */
  profile: TorchProfile;

  constructor(seed: bigint | number | string = DEFAULT_RNG_SEED, profile: TorchProfile = PROFILES['1.13']) {
    this.profile = profile;
    this.manualSeed(seed);
  }

  /**
   * `torch.manual_seed(seed)` / `Generator.manual_seed(seed)`: re-seeds and clears both normal caches
   * (CPUGeneratorImpl::set_current_seed: `next_float_normal_sample_.reset(); next_double_normal_sample_.reset();`).
   */
  manualSeed(seed: bigint | number | string): this {
    this.seed = toUint64Seed(seed);
    const low = Number(this.seed & 0xffffffffn);
    // at::mt19937::init_with_uint32: state_[0] = seed & 0xffffffff, then the reference recurrence.
    this.rng = mersenne(low | 0);
    // the torch-format base state is only needed to export the state: built on demand
    this.base = null;
    this.drawn = 0;
    this.nextDoubleNormal = null;
    this.nextFloatNormal = null;
    return this;
  }

  /** `initial_seed()`: the uint64 seed as given (all 64 bits). */
  initialSeed(): bigint {
    return this.seed;
  }

  /** `random()`: the next 32-bit MT19937 output as an unsigned integer. */
  random(): number {
    this.drawn++;
    return this.rng.next() >>> 0;
  }

  /**
   * Fills `out[0..n)` with the next `n` 32-bit outputs, as signed int32 bit patterns (`x >>> 0` gives
   * the uint32): the bulk form of `random()` for the kernels that consume one word per element.
   */
  fillInt32(out: Int32Array, n: number = out.length): void {
    this.drawn += n;
    const w = n >= BULK_MIN_WORDS ? bulkEngine() : null;
    if (w === null) {
      const rng = this.rng;
      for (let i = 0; i < n; i++) out[i] = rng.next();
      return;
    }
    this.bulkRun(w, n, (index, m, done, mem) => {
      const next = w.fill(index, m);
      out.set(mem.subarray(BULK_OUT_WORD, BULK_OUT_WORD + m), done);
      return next;
    });
  }

  /**
   * float32 `uniform_` draws straight from the twister: out[i] = RN32(x*d + a) (`fused`, valid where the
   * caller proved x*d + a exact in a double) or RN32(RN32(x*d) + a), x = (word & 0xFFFFFF) * 2^-24.
   * Returns false (drawing nothing) when the WebAssembly step is not used; the caller then draws itself.
   * @internal
   */
  fillUniform24(out: Float32Array, d: number, a: number, fused: boolean): boolean {
    const n = out.length;
    const w = n >= BULK_MIN_WORDS ? bulkEngine() : null;
    if (w === null) return false;
    this.drawn += n;
    this.bulkRun(w, n, (index, m, done) => {
      const next = w.uniform_f32(index, m, d, a, fused ? 1 : 0);
      out.set(new Float32Array(w.memory.buffer, BULK_OUT_WORD * 4, m), done);
      return next;
    });
    return true;
  }

  /**
   * randint's 32-bit path straight from the twister: out[i] = (word % r) + base as int32, for 1 <= r <= 2^32 and
   * base + r <= 2^31. Returns false (drawing nothing) when the WebAssembly step is not used.
   * @internal
   */
  fillRandintInt32(out: Int32Array, r: number, base: number): boolean {
    const n = out.length;
    const w = n >= BULK_MIN_WORDS ? bulkEngine() : null;
    if (w === null) return false;
    this.drawn += n;
    this.bulkRun(w, n, (index, m, done, mem) => {
      const next = w.randint_i32(index, m, r, base);
      out.set(mem.subarray(BULK_OUT_WORD, BULK_OUT_WORD + m), done);
      return next;
    });
    return true;
  }

  /** Moves pure-rand's state into the WebAssembly memory, runs `chunk` over n words, and hands it back. */
  private bulkRun(w: BulkEngine, n: number, chunk: (index: number, m: number, done: number, mem: Int32Array) => number): void {
    const state = this.rng.getState!();
    const mem = new Int32Array(w.memory.buffer);
    for (let i = 0; i < N; i++) mem[i] = state[i + 1]!;
    let index = state[0]!;
    for (let done = 0; done < n; done += BULK_CHUNK_WORDS) index = chunk(index, Math.min(BULK_CHUNK_WORDS, n - done), done, mem);
    const next = new Array<number>(N + 1);
    next[0] = index;
    for (let i = 0; i < N; i++) next[i + 1] = mem[i]!;
    this.rng = mersenneFromState(next);
  }

  /** `random64()` as a BigInt: (hi << 32) | lo. */
  random64(): bigint {
    const hi = this.random();
    const lo = this.random();
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  /** A double in [0, 1) from `random64()` (two draws, the first the high half): see `unit53`. */
  uniform53(): number {
    const hi = this.random();
    return unit53(hi, this.random());
  }

  /** `torch.empty((), dtype=torch.int64).random_()`: random64() mod 2^63, as a BigInt. */
  randomInt63(): bigint {
    const hi = this.random() & 0x7fffffff;
    const lo = this.random();
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  /** The engine state as torch's `get_rng_state()` holds it. */
  getEngineState(): TorchEngineState {
    const base = this.base ?? seededState(this.seed);
    const mt = base.mt.slice();
    let left = base.left;
    let next = base.next;
    for (let k = this.drawn; k > 0; ) {
      // at::mt19937::operator(): if (--left_ == 0) next_state(); return temper(state_[next_++])
      if (left === 1) {
        for (let i = 0; i < N; i++) twistWord(mt, i);
        left = N + 1;
        next = 0;
      }
      const step = Math.min(k, left - 1);
      left -= step;
      next += step;
      k -= step;
    }
    return { seed: this.seed, left, next, mt };
  }

  /** Restores an engine state in torch's terms (after validation by the caller). */
  setEngineState(state: TorchEngineState): this {
    this.seed = state.seed;
    this.base = { seed: state.seed, left: state.left, next: state.next, mt: state.mt.slice() };
    this.drawn = 0;
    // left_ = 1: the next draw regenerates the whole state first (next_ is then reset to 0)
    this.rng = mersenneAt(state.mt, state.left === 1 ? N : state.next);
    return this;
  }

}
