/**
 * The one list of the AVX2 normal kernel's constants: the decimal literals of aten/src/ATen/cpu/avx_mathfun.h@v1.13.1
 * (`_PS256_CONST(name, val)` stores `(float)val`: the double literal rounded to float32 once more) and
 * DistributionTemplates.h's `2.0f * c10::pi<double>`. avxMathfun.ts reads them here; scripts/build-wasm.ts
 * writes them into the AssemblyScript kernel (assembly/constants.ts) and the native one (native/normal_constants.h)
 * and `--check` fails when either copy is stale.
 * @internal
 */
export const AVX2_NORMAL_LITERALS = {
  SQRTHF: '0.707106781186547524',
  P0: '7.0376836292e-2',
  P1: '-1.1514610310e-1',
  P2: '1.1676998740e-1',
  P3: '-1.2420140846e-1',
  P4: '1.4249322787e-1',
  P5: '-1.6668057665e-1',
  P6: '2.0000714765e-1',
  P7: '-2.4999993993e-1',
  P8: '3.3333331174e-1',
  Q1: '-2.12194440e-4',
  Q2: '0.693359375',
  DP1: '-0.78515625',
  DP2: '-2.4187564849853515625e-4',
  DP3: '-3.77489497744594108e-8',
  /** 4 / pi */
  FOPI: '1.27323954473516',
  S0: '-1.9515295891e-4',
  S1: '8.3321608736e-3',
  S2: '-1.6666654611e-1',
  C0: '2.443315711809948e-5',
  C1: '-1.388731625493765e-3',
  C2: '4.166664568298827e-2',
  /** `2.0f * c10::pi<double>` = 2 * 3.141592653589793 in double */
  TWO_PI_F32: '6.283185307179586',
} as const;

/** The constants' names. */
export type Avx2NormalConstant = keyof typeof AVX2_NORMAL_LITERALS;

/** = 2^-126, the smallest normal float32 (the emulation's subnormal guard, not a torch constant). */
export const MIN_NORMAL32 = 1.1754943508222875e-38;

/** Each literal as its float32 value (the double literal rounded once more, as `(float)val` does). */
export function avx2NormalConstant(name: Avx2NormalConstant): number {
  return Math.fround(Number(AVX2_NORMAL_LITERALS[name]));
}
