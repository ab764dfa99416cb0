import { z, type core } from 'zod';
import { MAX_SEED, MIN_SEED } from '../engine/torch/generator/seed.js';
import { DEFAULT_TORCH_VERSION, TORCH_VERSIONS } from '../engine/torch/generator/profile.js';

/** Largest integer the schemas accept for sizes and counts (2^53 - 1). */
export const MAX_INT = Number.MAX_SAFE_INTEGER;

/** A non-negative size or count. */
export const Size = z.int().min(0).max(MAX_INT);
/** A positive count. */
export const PositiveInt = z.int().min(1).max(MAX_INT);

/**
 * A torch seed: a safe-integer JSON number or a decimal string in [-2^63, 2^64 - 1],
 * normalised once to its uint64 value as a bigint (what `torch.initial_seed()` returns).
 */
/**
 * An exact integer as the body parser delivers it: a safe-integer number, a BigInt (the lossless JSON
 * parser's form for integers beyond ±2^53, e.g. Python's `json.dumps(2**63)`), or a decimal string.
 */
const ExactInt = z
  .union([
    z.int().min(-MAX_INT).max(MAX_INT),
    z.bigint(),
    z.string().regex(/^-?[0-9]{1,20}$/, 'must be a decimal integer string'),
  ]);

export const Seed = ExactInt
  .transform((v, ctx) => {
    const b = BigInt(v);
    if (b < MIN_SEED || b > MAX_SEED) {
      ctx.addIssue({ code: 'custom', message: 'must be an integer in [-2^63, 2^64 - 1]' });
      return z.NEVER;
    }
    return BigInt.asUintN(64, b);
  })
  .meta({ description: 'Integer in [-2^63, 2^64 - 1]: a JSON number when it is a safe integer, else a decimal string. Negative values wrap modulo 2^64 as in torch.' });

/** A 64-bit integer argument (randint bounds) as a number, BigInt or decimal string, kept exact as a bigint; values past int64 reach the engine, which refuses them as torch does. */
export const Int64 = ExactInt
  .transform((v, ctx) => {
    const b = BigInt(v);
    // beyond int64 (up to ±(2^64 - 1)) the engine gives torch's own refusal ("Overflow when unpacking long ...", 422)
    if (b < -(1n << 64n) + 1n || b > (1n << 64n) - 1n) {
      ctx.addIssue({ code: 'custom', message: 'must be an integer in [-(2^64 - 1), 2^64 - 1]' });
      return z.NEVER;
    }
    return b;
  });

/**
 * Which torch CPU kernel to reproduce: `avx2` (x86-64 with AVX2), `avx512` (torch's choice on AVX-512
 * hosts since 2.1: the same numbers, there is no 16-lane normal kernel) or `default` (no AVX2).
 */
export const CpuKernel = z.enum(['avx2', 'avx512', 'default']).default('avx2');

/** Which torch build to reproduce (engine/generator/profile.ts): 2.14 (default), 2.13 or 1.13. */
export const TorchVersionField = z
  .enum(TORCH_VERSIONS, { error: () => `must be one of ${TORCH_VERSIONS.map((v) => JSON.stringify(v)).join(', ')}` })
  .default(DEFAULT_TORCH_VERSION)
  .meta({ description: 'torch build to reproduce: "2.14" (torch 2.14.1 wheel, default), "2.13" (2.13.0+cpu wheel) or "1.13" (Debian bookworm 1.13.1)' });

/** Fields every computing request shares: the seed (or a torch state blob) and the kernel. */
export const computingFields = {
  seed: Seed.optional(),
  rng_state: z
    .string()
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64')
    .optional()
    .meta({ description: 'base64 of the 5056 bytes of torch.get_rng_state(); replaces seed' }),
  return_rng_state: z.boolean().default(false),
  cpu_kernel: CpuKernel,
  torch_version: TorchVersionField,
};

/** Refinement: exactly one of seed and rng_state. */
export function seedOrState(v: { seed?: unknown; rng_state?: unknown }, ctx: z.RefinementCtx): void {
  if (v.seed === undefined && v.rng_state === undefined) {
    ctx.addIssue({ code: 'custom', path: ['seed'], message: 'seed is required (or rng_state)' });
  } else if (v.seed !== undefined && v.rng_state !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['rng_state'], message: 'give either seed or rng_state, not both' });
  }
}

/** A tensor as the API returns it. */
export const TensorOut = z
  .object({
    shape: z.array(z.int()),
    dtype: z.string(),
    data: z.unknown().meta({ description: 'nested lists exactly as tensor.tolist(); a bare number for a 0-d tensor' }),
  })
  .meta({ id: 'Tensor' });

/** RFC 9457 problem details with located field errors. */
export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem' });

/** The uint64 seed echo. */
export const SeedOut = z.string().meta({ description: 'uint64 decimal string, as torch.initial_seed() prints' });

/** The members of a union's options, each extended by the fields `S`. */
type ExtendedEach<T extends readonly z.ZodObject[], S extends z.ZodRawShape> = {
  [K in keyof T]: T[K] extends z.ZodObject<infer Sh, infer C> ? z.ZodObject<core.util.Extend<Sh, S>, C> : never;
};

/** Each member of a discriminated union's options extended by the same fields, keeping every member's type. */
export function extendEach<const T extends readonly z.ZodObject[], S extends z.ZodRawShape>(options: T, shape: S): ExtendedEach<T, S> {
  // Array.prototype.map cannot express a mapped tuple type: the one assertion names what map returns
  return options.map((o) => o.extend(shape)) as ExtendedEach<T, S>;
}
