/**
 * A JSON number as Python's `json` module reads it: an `int` (exact, any size) when written without
 * fraction or exponent, else a `float`. scikit-learn gives the two different meanings (`test_size: 1` is a
 * count, `1.0` a refused fraction).
 */
export type PyNumber = { readonly kind: 'int'; readonly value: bigint } | { readonly kind: 'float'; readonly value: number };

/** A Python `int`. @example pyInt(5) */
export function pyInt(v: number | bigint): PyNumber {
  return { kind: 'int', value: BigInt(v) };
}

/** A Python `float`. @example pyFloat(0.25) */
export function pyFloat(v: number): PyNumber {
  return { kind: 'float', value: v };
}

/**
 * `start, start + 1, …, stop - 1`: a slice of `np.arange(n)`, which numpy gives as a view (TimeSeriesSplit's
 * folds), kept as its bounds rather than written out. Iterable and sized like an array of its indices.
 */
export class IndexRange implements Iterable<number> {
  constructor(
    readonly start: number,
    readonly stop: number,
  ) {}

  get length(): number {
    return Math.max(0, this.stop - this.start);
  }

  *[Symbol.iterator](): Iterator<number> {
    for (let i = this.start; i < this.stop; i++) yield i;
  }
}

/** An index list: written out, or a range of `np.arange(n)`. */
export type Indices = Int32Array | IndexRange;

/** The indices as numbers (a range written out). */
export function indexArray(a: Indices): Int32Array {
  if (a instanceof Int32Array) return a;
  const out = new Int32Array(a.length);
  for (let i = 0; i < out.length; i++) out[i] = a.start + i;
  return out;
}

/** One train/test pair, index lists exactly as scikit-learn's `.tolist()` gives them. */
export interface Fold {
  readonly train: Int32Array;
  readonly test: Int32Array;
}

/** A cross-validation fold: as a Fold, or ranges of `np.arange(n)` where sklearn yields its slices. */
export interface CvFold {
  readonly train: Indices;
  readonly test: Indices;
}

/** What a cross-validation split returns: the folds in sklearn's order and the UserWarnings raised, each once. */
export interface CvResult {
  readonly folds: CvFold[];
  readonly warnings: string[];
}

/** Work limits the engine checks before computing (413 above). */
export interface SplitLimits {
  /** Largest `n_samples` (or labels' length). */
  readonly maxSamples: number;
  /** Most output indices (`n_samples` × folds, or (n_train + n_test) × n_splits). */
  readonly maxOutput: number;
}

/** The contract's default limits: 10,000,000 samples, 50,000,000 output indices. */
export const DEFAULT_LIMITS: SplitLimits = { maxSamples: 10_000_000, maxOutput: 50_000_000 };
