/**
 * The torch builds the engine reproduces, as one small profile of switches per version. Every kernel
 * keeps one code path and reads the switches it needs once per call (never per element); nothing here
 * copies a kernel. The HTTP layer picks the profile from the request's `torch_version`.
 */

/** torch versions the service reproduces. */
export type TorchVersion = '2.14' | '2.13' | '1.13';

/** Accepted `torch_version` values, the default first. */
export const TORCH_VERSIONS: readonly TorchVersion[] = ['2.14', '2.13', '1.13'];

/** The `torch_version` of a request that names none. */
export const DEFAULT_TORCH_VERSION: TorchVersion = '2.14';

/** The build each version value reproduces. */
export const TORCH_BUILDS: Record<TorchVersion, string> = {
  '2.14': 'torch 2.14.1 (official pip wheel, CUDA build run on the CPU)',
  '2.13': 'torch 2.13.0+cpu (official pip wheel)',
  '1.13': 'torch 1.13.1 as Debian bookworm builds it (python3-torch, no MKL)',
};

/** The switches where torch builds differ; each quotes the torch line it follows. */
export interface TorchProfile {
  readonly version: TorchVersion;
  /**
   * Smallest `random_(from, to)` range drawn with random64().
   * 2.x aten/src/ATen/core/DistributionsHelper.h@v2.13.0 uniform_int_from_to_distribution:
   * `if (range_ >= 1ULL << 28) // allow approx 5% skew ... return uniform_int_from_to<T>(generator->random64(), ...)`;
   * 1.13: `if ((is_same<T, int64_t> || double || float || BFloat16) && range_ >= 1ULL << 32)` (narrower dtypes never).
   */
  readonly randintWide64From: bigint;
  /** 1.13's dtype condition on the 64-bit draw (2.x: any dtype). */
  readonly randintWideAnyDtype: boolean;
  /**
   * aten/src/ATen/native/cpu/DistributionTemplates.h@v2.13.0 uniform_kernel:
   * `auto value = static_cast<scalar_t>(uniform(generator)); return value == to_scalar ? from_scalar : value;`
   * (1.13 returns the value as it rounds).
   */
  readonly uniformRejectsTo: boolean;
  /**
   * aten/src/ATen/core/DistributionsHelper.h@v2.13.0 normal_distribution::operator():
   * `const dist_acctype<T> r = ::sqrt(static_cast<T>(-2.0) * ::log1p(-u2));` (1.13: `::log(static_cast<T>(1.0)-u2)`).
   */
  readonly scalarNormalLog1p: boolean;
  /**
   * aten/src/ATen/core/TransformationHelper.h@v2.13.0 exponential (CPU):
   * `return static_cast<T>(-1.0) / lambda * at::log1p(-val);` (1.13: `-1/lambda * log(1 - val)`).
   */
  readonly exponentialLog1p: boolean;
  /**
   * aten/src/ATen/native/Distributions.cpp@v2.13.0 multinomial:
   * `if (!with_replacement || n_sample == 1) { ... q = at::empty_like(self).exponential_(1, gen); ... argmax }`
   * (1.13: `if (!with_replacement)`).
   */
  readonly multinomialN1ExpArgmax: boolean;
  /** torch/nn/init.py@v2.13.0 `_no_grad_trunc_normal_`: rejection sampling (1.13: inverse-CDF with erfinv_). */
  readonly truncNormalRejection: boolean;
  /**
   * torch/nn/modules/conv.py@v2.13.0 `_ConvNd.reset_parameters`:
   * `if self.bias is not None: fan_in, _ = ...; if fan_in != 0: bound = 1 / math.sqrt(fan_in); init.uniform_(self.bias, -bound, bound)`
   * draws in 2.x also with fan_in 0: `bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0; init.uniform_(self.bias, -bound, bound)`
   * (1.13: `if fan_in != 0:` nothing drawn).
   */
  readonly convZeroFanInBias: boolean;
  /**
   * aten/src/ATen/native/cpu/DistributionTemplates.h@v2.13.0 NormalFill16 (generic, the `default` kernel):
   * `data[j] = std::fma(radius * std::cos(theta), std_, mean_);` (1.13: `radius * cos(theta) * std + mean`).
   */
  readonly defaultKernelNormalFma: boolean;
  /**
   * float16/bfloat16 rand/uniform_/randn/normal_ in float32 (opmath) then one cast:
   * DistributionTemplates.h@v2.13.0 `using opmath_t = at::opmath_type<scalar_t>; ... static_cast<scalar_t>(uniform(generator))`
   * and normal_fill's `bf16/fp16: generate in opmath_t precision using a stack buffer`.
   */
  readonly halfViaFloat32: boolean;
  /**
   * aten/src/ATen/CPUGeneratorImpl.cpp@v2.13.0 set_state:
   * `TORCH_CHECK(new_state_size == size, "Expected a CPUGeneratorImplState of size ", size, " but found the input RNG state size to be ", new_state_size);`
   * (1.13 also accepts the 5048-byte legacy layout).
   */
  readonly stateBlobStrict: boolean;
  /**
   * aten/src/ATen/native/DistributionTemplates.h@v2.13.0 normal_impl_:
   * `CHECK_NORMAL_STD(std); CHECK_EMPTY_AND_RETURN(self);` before the kernel's dtype dispatch, so an empty
   * integer tensor is returned as it is (1.13 dispatches first: `"normal_kernel_cpu" not implemented for 'Long'`).
   */
  readonly normalEmptyReturnsEarly: boolean;
}

const V2: Omit<TorchProfile, 'version'> = {
  randintWide64From: 1n << 28n,
  randintWideAnyDtype: true,
  uniformRejectsTo: true,
  scalarNormalLog1p: true,
  exponentialLog1p: true,
  multinomialN1ExpArgmax: true,
  truncNormalRejection: true,
  convZeroFanInBias: true,
  defaultKernelNormalFma: true,
  halfViaFloat32: true,
  stateBlobStrict: true,
  normalEmptyReturnsEarly: true,
};

/** Each version's profile. 2.13 and 2.14 give the same numbers everywhere the service reaches. */
export const PROFILES: Record<TorchVersion, TorchProfile> = {
  '2.14': { version: '2.14', ...V2 },
  '2.13': { version: '2.13', ...V2 },
  '1.13': {
    version: '1.13',
    randintWide64From: 1n << 32n,
    randintWideAnyDtype: false,
    uniformRejectsTo: false,
    scalarNormalLog1p: false,
    exponentialLog1p: false,
    multinomialN1ExpArgmax: false,
    truncNormalRejection: false,
    convZeroFanInBias: false,
    defaultKernelNormalFma: false,
    halfViaFloat32: false,
    stateBlobStrict: false,
    normalEmptyReturnsEarly: false,
  },
};

/** The profile of a version value (the default one when absent). */
export function profileFor(version: TorchVersion | undefined): TorchProfile {
  return PROFILES[version ?? DEFAULT_TORCH_VERSION];
}
