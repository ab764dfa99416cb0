/**
 * torch 1.13's argument checks for the random factories, with torch's exact messages
 * (aten/src/ATen/native/DistributionTemplates.h@v1.13.1). Each throws a TorchError (HTTP 422).
 * @internal
 */
import { TorchError } from '../../errors.js';
import { cppTypeName, formatDouble, scalarTypeName } from './format.js';
import type { DType, FloatDType } from './tensor.js';

/** = FLT_MAX */
export const FLOAT32_MAX = 3.4028234663852886e38;

/** `std::numeric_limits<scalar_t>::max()` of each floating dtype; the integer dtypes have no entry. */
export const FLOAT_MAX: Partial<Record<DType, number>> & Record<FloatDType, number> = {
  float32: FLOAT32_MAX,
  float64: Number.MAX_VALUE,
  float16: 65504,
  bfloat16: 3.3895313892515355e38,
};

/** `"<name>" not implemented for '<Type>'`: a kernel's AT_DISPATCH refusing a dtype. */
export function notImplemented(kernel: string, dtype: DType): TorchError {
  return new TorchError(`"${kernel}" not implemented for '${scalarTypeName(dtype)}'`, 'RuntimeError', 'dtype');
}

/**
 * uniform_impl_ (`check_uniform_bounds`):
 * `CHECK_OUT_OF_BOUNDS(from, "from", min, max, dtype); CHECK_OUT_OF_BOUNDS(to, "to", min, max, dtype);`
 * `TORCH_CHECK(from <= to, "uniform_ expects to return a [from, to) range, but found from=", from, " > to=", to);`
 * `TORCH_CHECK((to - from) <= std::numeric_limits<scalar_t>::max(), "uniform_ expects to-from <= std::numeric_limits<", toString(self.scalar_type()), ">::max(), but found to=", to, " and from=", from, " which result in to-from to exceed the limit");`
 * @example checkUniformBounds(1, 0, 'float32') // throws "uniform_ expects to return a [from, to) range, but found from=1 > to=0"
 */
export function checkUniformBounds(from: number, to: number, dtype: DType): asserts dtype is FloatDType {
  const max = FLOAT_MAX[dtype];
  if (max === undefined) throw notImplemented('check_uniform_bounds', dtype);
  const name = cppTypeName(dtype);
  if (!(from >= -max && from <= max)) throw new TorchError(`from is out of bounds for ${name}`, 'RuntimeError', 'from');
  if (!(to >= -max && to <= max)) throw new TorchError(`to is out of bounds for ${name}`, 'RuntimeError', 'to');
  if (!(from <= to)) {
    throw new TorchError(`uniform_ expects to return a [from, to) range, but found from=${formatDouble(from)} > to=${formatDouble(to)}`);
  }
  if (!(to - from <= max)) {
    throw new TorchError(
      `uniform_ expects to-from <= std::numeric_limits<${scalarTypeName(dtype)}>::max(), but found to=${formatDouble(to)} and from=${formatDouble(from)} which result in to-from to exceed the limit`,
    );
  }
}

/**
 * normal_impl_: `TORCH_CHECK(std >= 0.0, "normal expects std >= 0.0, but found std ", std);`, then the
 * kernel's `"normal_kernel_cpu" not implemented` for integer dtypes (2.x returns an empty tensor before
 * the dispatch: factory.ts, profile.ts normalEmptyReturnsEarly).
 * @example checkNormalArgs(-1, 'float32') // throws "normal expects std >= 0.0, but found std -1"
 */
export function checkNormalArgs(std: number, dtype: DType): asserts dtype is FloatDType {
  checkNormalStd(std);
  if (FLOAT_MAX[dtype] === undefined) throw notImplemented('normal_kernel_cpu', dtype);
}

/** normal_impl_'s `CHECK_NORMAL_STD(std)` alone: what 2.x checks of an empty tensor before returning it. */
export function checkNormalStd(std: number): void {
  if (!(std >= 0.0)) throw new TorchError(`normal expects std >= 0.0, but found std ${formatDouble(std)}`, 'RuntimeError', 'std');
}

/**
 * bernoulli_(p): `TORCH_CHECK(0 <= p && p <= 1, "bernoulli_ expects p to be in [0, 1], but got p=", p);`
 * @example checkBernoulliP(1.5) // throws "bernoulli_ expects p to be in [0, 1], but got p=1.5"
 */
export function checkBernoulliP(p: number): void {
  if (!(p >= 0 && p <= 1)) throw new TorchError(`bernoulli_ expects p to be in [0, 1], but got p=${formatDouble(p)}`, 'RuntimeError', 'p');
}

/**
 * A negative dimension: `Trying to create tensor with negative dimension -1: [-1]` (torch's
 * `empty` check). The HTTP schema refuses these first (400); the engine checks again.
 */
export function checkSize(size: readonly number[]): void {
  for (const d of size) {
    if (!Number.isSafeInteger(d)) throw new TorchError(`size must be integers, got ${String(d)}`, 'TypeError', 'size');
    if (d < 0) {
      throw new TorchError(`Trying to create tensor with negative dimension ${d}: [${size.join(', ')}]`, 'RuntimeError', 'size');
    }
  }
}
