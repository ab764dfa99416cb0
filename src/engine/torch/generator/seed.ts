/**
 * Seed normalisation: what `torch.manual_seed(s)` does to a Python int before it reaches the engine.
 *
 * torch accepts any int in [-2^63, 2^64 - 1]; negative values are taken modulo 2^64
 * (two's complement), and `initial_seed()` returns that uint64. Only the low 32 bits seed MT19937.
 */

/** Smallest seed torch accepts: -2^63. */
export const MIN_SEED = -(1n << 63n);
/** Largest seed torch accepts: 2^64 - 1. */
export const MAX_SEED = (1n << 64n) - 1n;

/**
 * Converts a seed given as a JSON number (safe integer) or a decimal string to torch's uint64 seed.
 * @throws RangeError when the value is not an integer in [-2^63, 2^64 - 1].
 * @example toUint64Seed(-1) // 18446744073709551615n, as torch.initial_seed() prints after manual_seed(-1)
 */
export function toUint64Seed(seed: number | string | bigint): bigint {
  let v: bigint;
  if (typeof seed === 'bigint') v = seed;
  else if (typeof seed === 'number') {
    if (!Number.isSafeInteger(seed)) throw new RangeError('seed must be a safe integer or a decimal string');
    v = BigInt(seed);
  } else {
    if (!/^-?[0-9]{1,40}$/.test(seed)) throw new RangeError('seed must be a decimal integer string');
    v = BigInt(seed);
  }
  if (v < MIN_SEED || v > MAX_SEED) throw new RangeError('seed must be in [-2^63, 2^64 - 1]');
  return BigInt.asUintN(64, v);
}
