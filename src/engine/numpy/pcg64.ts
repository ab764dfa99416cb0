import { type BitSource, interval, permutationOf, shuffleInPlace } from './bitSource.js';
import { SeedSequence, type SeedEntropy } from './seedSequence.js';
import { PCG64_WASM_BASE64 } from './pcg64.wasm.js';
import { instantiateWasm } from '../wasm.js';

/** pcg64.wat's exports. */
interface PcgWasm {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  shuffle(n: number): void;
}
let pcgWasm: PcgWasm | null | undefined;
/** Byte offset of the array in pcg64.wat's memory. */
const ARRAY_AT = 64;
/** Largest n the WebAssembly shuffle takes (int32 indices, 32-bit memory offsets). */
const WASM_MAX_N = 0x1fffffff;

/** = 2^128 - 1 */
const MASK128 = (1n << 128n) - 1n;
/** PCG_DEFAULT_MULTIPLIER_128 = 2549297995355413924 * 2^64 + 4865540595714422341. */
const MULTIPLIER = (2549297995355413924n << 64n) + 4865540595714422341n;

/** A 128-bit value as eight 16-bit limbs, least significant first. */
function toLimbs(v: bigint): Float64Array {
  const out = new Float64Array(8);
  for (let i = 0; i < 8; i++) out[i] = Number((v >> BigInt(16 * i)) & 0xffffn);
  return out;
}

/** `pcg_setseq_128_step_r` in BigInt: state * MULTIPLIER + inc mod 2^128. */
function stepBig(state: bigint, inc: bigint): bigint {
  return (state * MULTIPLIER + inc) & MASK128;
}

/**
 * numpy's `PCG64` bit generator (XSL-RR 128/64, numpy/random/src/pcg64/pcg64.h@v1.24.2) seeded through
 * `SeedSequence`, with numpy's 32-bit buffering (a 64-bit output serves two 32-bit draws, low half first).
 *
 * The 128-bit LCG runs on eight 16-bit limbs in doubles (every partial sum < 2^36, exact).
 * @example new PCG64(0).nextUint64() // 11749869230777074271n, as np.random.PCG64(0).random_raw()
 */
export class PCG64 implements BitSource {
  // The state and the increment as eight 16-bit limbs each, least significant first.
  private s0 = 0; private s1 = 0; private s2 = 0; private s3 = 0; private s4 = 0; private s5 = 0; private s6 = 0; private s7 = 0;
  private readonly i0: number; private readonly i1: number; private readonly i2: number; private readonly i3: number;
  private readonly i4: number; private readonly i5: number; private readonly i6: number; private readonly i7: number;
  private hasUint32 = false;
  private uinteger = 0;
  private outHi = 0;
  private outLo = 0;

  /** `PCG64(SeedSequence(entropy))`. @throws NumpyError for a negative entropy value. */
  constructor(entropy: SeedEntropy) {
    const w = new SeedSequence(entropy).generateState(8);
    // val = seed_seq.generate_state(4, np.uint64); pcg64_set_seed(&rng_state, val, val + 2)
    const u64 = (k: number): bigint => (BigInt(w[2 * k + 1]!) << 32n) | BigInt(w[2 * k]!);
    const initstate = (u64(0) << 64n) | u64(1);
    const initseq = (u64(2) << 64n) | u64(3);
    // pcg_setseq_128_srandom_r: state = 0; inc = (initseq << 1) | 1; step; state += initstate; step
    const inc = ((initseq << 1n) | 1n) & MASK128;
    let state = stepBig(0n, inc);
    state = (state + initstate) & MASK128;
    state = stepBig(state, inc);
    const il = toLimbs(inc);
    [this.i0, this.i1, this.i2, this.i3, this.i4, this.i5, this.i6, this.i7] = il;
    this.setLimbs(toLimbs(state));
  }

  private setLimbs(l: Float64Array): void {
    [this.s0, this.s1, this.s2, this.s3, this.s4, this.s5, this.s6, this.s7] = l;
  }

  /** The 128-bit state and increment, as `bit_generator.state['state']`. */
  get state(): { state: bigint; inc: bigint } {
    const l = (a: number[]): bigint => a.reduceRight((v, x) => (v << 16n) | BigInt(x), 0n);
    return {
      state: l([this.s0, this.s1, this.s2, this.s3, this.s4, this.s5, this.s6, this.s7]),
      inc: l([this.i0, this.i1, this.i2, this.i3, this.i4, this.i5, this.i6, this.i7]),
    };
  }

  /**
   * One LCG step (`state = state * MULTIPLIER + inc`), then the XSL-RR output into outHi/outLo.
   * Unrolled schoolbook product on 16-bit limbs; the multiplier's limbs are
   * [63045, 40908, 57188, 17285, 23972, 8134, 60677, 9056] (least significant first); each column sum < 2^36.
   */
  private step(): void {
    const s0 = this.s0, s1 = this.s1, s2 = this.s2, s3 = this.s3, s4 = this.s4, s5 = this.s5, s6 = this.s6, s7 = this.s7;
    let c0 = this.i0 + s0 * 63045;
    const q0 = Math.floor(c0 / 65536);
    c0 -= q0 * 65536;
    let c1 = this.i1 + s0 * 40908 + s1 * 63045 + q0;
    const q1 = Math.floor(c1 / 65536);
    c1 -= q1 * 65536;
    let c2 = this.i2 + s0 * 57188 + s1 * 40908 + s2 * 63045 + q1;
    const q2 = Math.floor(c2 / 65536);
    c2 -= q2 * 65536;
    let c3 = this.i3 + s0 * 17285 + s1 * 57188 + s2 * 40908 + s3 * 63045 + q2;
    const q3 = Math.floor(c3 / 65536);
    c3 -= q3 * 65536;
    let c4 = this.i4 + s0 * 23972 + s1 * 17285 + s2 * 57188 + s3 * 40908 + s4 * 63045 + q3;
    const q4 = Math.floor(c4 / 65536);
    c4 -= q4 * 65536;
    let c5 = this.i5 + s0 * 8134 + s1 * 23972 + s2 * 17285 + s3 * 57188 + s4 * 40908 + s5 * 63045 + q4;
    const q5 = Math.floor(c5 / 65536);
    c5 -= q5 * 65536;
    let c6 = this.i6 + s0 * 60677 + s1 * 8134 + s2 * 23972 + s3 * 17285 + s4 * 57188 + s5 * 40908 + s6 * 63045 + q5;
    const q6 = Math.floor(c6 / 65536);
    c6 -= q6 * 65536;
    let c7 = this.i7 + s0 * 9056 + s1 * 60677 + s2 * 8134 + s3 * 23972 + s4 * 17285 + s5 * 57188 + s6 * 40908 + s7 * 63045 + q6;
    c7 -= Math.floor(c7 / 65536) * 65536;
    this.s0 = c0; this.s1 = c1; this.s2 = c2; this.s3 = c3; this.s4 = c4; this.s5 = c5; this.s6 = c6; this.s7 = c7;
    // pcg_output_xsl_rr_128_64: pcg_rotr_64(((uint64_t)(state >> 64u)) ^ (uint64_t)state, state >> 122u)
    const xhi = ((c7 * 65536 + c6) ^ (c3 * 65536 + c2)) >>> 0;
    const xlo = ((c5 * 65536 + c4) ^ (c1 * 65536 + c0)) >>> 0;
    let rot = c7 >>> 10;
    let hi = xhi;
    let lo = xlo;
    if (rot >= 32) {
      hi = xlo;
      lo = xhi;
      rot -= 32;
    }
    if (rot !== 0) {
      const h = ((hi >>> rot) | (lo << (32 - rot))) >>> 0;
      lo = ((lo >>> rot) | (hi << (32 - rot))) >>> 0;
      hi = h;
    }
    this.outHi = hi;
    this.outLo = lo;
  }

  /** `pcg64_next64`. */
  nextUint64(): bigint {
    this.step();
    return (BigInt(this.outHi) << 32n) | BigInt(this.outLo);
  }

  /**
   * `_shuffle_raw` of arange(n) with `random_interval`, in WebAssembly (pcg64.wat, 64-bit integer arithmetic):
   * the same draws and the same state afterwards as shuffleInPlace on this generator. Null (nothing drawn)
   * where WebAssembly is unavailable or n is outside 2..2^29.
   * @internal
   */
  shuffledArange(n: number): Int32Array | null {
    if (n < 2 || n > WASM_MAX_N) return null;
    const w = pcgWasm === undefined ? (pcgWasm = instantiateWasm<PcgWasm>(PCG64_WASM_BASE64)) : pcgWasm;
    if (w === null) return null;
    const need = ARRAY_AT + 4 * n;
    const have = w.memory.buffer.byteLength;
    if (need > have) w.memory.grow(Math.ceil((need - have) / 65536));
    const io = new Uint32Array(w.memory.buffer, 0, 10);
    io[0] = this.s0 + this.s1 * 65536; io[1] = this.s2 + this.s3 * 65536; io[2] = this.s4 + this.s5 * 65536; io[3] = this.s6 + this.s7 * 65536;
    io[4] = this.i0 + this.i1 * 65536; io[5] = this.i2 + this.i3 * 65536; io[6] = this.i4 + this.i5 * 65536; io[7] = this.i6 + this.i7 * 65536;
    io[8] = this.hasUint32 ? 1 : 0;
    io[9] = this.uinteger;
    w.shuffle(n);
    this.s0 = io[0]! & 0xffff; this.s1 = io[0]! >>> 16; this.s2 = io[1]! & 0xffff; this.s3 = io[1]! >>> 16;
    this.s4 = io[2]! & 0xffff; this.s5 = io[2]! >>> 16; this.s6 = io[3]! & 0xffff; this.s7 = io[3]! >>> 16;
    this.hasUint32 = io[8] !== 0;
    this.uinteger = io[9]!;
    return new Int32Array(w.memory.buffer, ARRAY_AT, n).slice();
  }

  /** `pcg64_next32`: the low half of a new 64-bit output, then its high half. */
  nextUint32(): number {
    if (this.hasUint32) {
      this.hasUint32 = false;
      return this.uinteger;
    }
    this.step();
    this.hasUint32 = true;
    this.uinteger = this.outHi;
    return this.outLo;
  }
}

/**
 * numpy's `Generator` on a bit source: the draws a split needs (`shuffle`, `permutation`).
 * @example defaultRng(42).permutation(10) // [5, 6, 0, 7, 3, 2, 4, 9, 1, 8]
 */
export class NumpyGenerator {
  constructor(readonly bitGenerator: BitSource) {}

  /** `random_interval(max)` on this generator. */
  interval(max: number): number {
    return interval(this.bitGenerator, max);
  }

  /** `Generator.shuffle(x)` of a 1-d array (`_shuffle_raw` with `random_interval`, not Lemire). */
  shuffle<T>(x: { length: number; [i: number]: T }): void {
    shuffleInPlace(this.bitGenerator, x);
  }

  /** `Generator.permutation(n)`. */
  permutation(n: number): Int32Array {
    const b = this.bitGenerator;
    return (b instanceof PCG64 ? b.shuffledArange(n) : null) ?? permutationOf(b, n);
  }
}

/**
 * `numpy.random.default_rng(seed)` = `Generator(PCG64(SeedSequence(seed)))`.
 * @throws NumpyError `expected non-negative integer` for a negative seed.
 * @example defaultRng(42).permutation(10) // [5, 6, 0, 7, 3, 2, 4, 9, 1, 8]
 */
export function defaultRng(seed: SeedEntropy): NumpyGenerator {
  return new NumpyGenerator(new PCG64(seed));
}
