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

/** One train/test pair, index lists exactly as scikit-learn's `.tolist()` gives them. */
export interface Fold {
  readonly train: Int32Array;
  readonly test: Int32Array;
}

/** What a cross-validation split returns: the folds in sklearn's order and the UserWarnings raised, each once. */
export interface CvResult {
  readonly folds: Fold[];
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
