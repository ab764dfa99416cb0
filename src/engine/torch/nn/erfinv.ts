/**
 * torch's float32 `erfinv` (aten/src/ATen/native/Math.h@v1.13.1 `calc_erfinv`, Gary L. Pavlis's
 * rational approximation plus two Newton steps), as GCC compiles it for the AVX2 kernel:
 * each `c * z + d` of the polynomials is one float FMA; `erf`, `exp`, `log` are glibc's float functions.
 * @internal
 */
import { fma32 } from '../../libm/fma.js';
import { glibcErff } from '../../libm/erff.js';
import { glibcExpf } from '../../libm/expf.js';
import { logf as glibcLogf } from '../../libm/logf.js';

const fr = Math.fround;
// T a[4] = { T(0.886226899), T(-1.645349621), T(0.914624893), T(-0.140543331) };
const a0 = fr(0.886226899), a1 = fr(-1.645349621), a2 = fr(0.914624893), a3 = fr(-0.140543331);
// T b[4] = { T(-2.118377725), T(1.442710462), T(-0.329097515), T(0.012229801) };
const b0 = fr(-2.118377725), b1 = fr(1.442710462), b2 = fr(-0.329097515), b3 = fr(0.012229801);
// T c[4] = { T(-1.970840454), T(-1.624906493), T(3.429567803), T(1.641345311) };
const c0 = fr(-1.970840454), c1 = fr(-1.624906493), c2 = fr(3.429567803), c3 = fr(1.641345311);
// T d[2] = { T(3.543889200), T(1.637067800) };
const d0 = fr(3.5438892), d1 = fr(1.6370678);
/** constexpr T CENTRAL_RANGE = 0.7 */
const CENTRAL_RANGE = fr(0.7);
/** static_cast<T>(2.0) / static_cast<T>(std::sqrt(c10::pi<double>)), in float */
const K = fr(2 / fr(Math.sqrt(Math.PI)));

/** `a * b + c` in float32: one FMA (AVX2 build, GCC contracts it) or two roundings (default build). */
function mulAdd(fused: boolean, a: number, b: number, c: number): number {
  return fused ? fma32(a, b, c) : fr(fr(a * b) + c);
}

/**
 * `torch.erfinv` on one float32 value. `fused`: the AVX2 kernel (polynomial steps contracted to FMAs);
 * false for torch's `default` CPU capability, compiled for baseline x86-64 without FMA.
 */
export function erfinvFloat32(y: number, fused = true): number {
  const yAbs = Math.abs(y);
  if (yAbs > 1) return NaN;
  if (yAbs === 1) return y > 0 ? Infinity : -Infinity;
  let x: number;
  if (yAbs <= CENTRAL_RANGE) {
    // z = y * y; num = (((a[3]*z + a[2])*z + a[1])*z + a[0]);
    // dem = ((((b[3]*z + b[2])*z + b[1])*z + b[0]) * z + 1); x = y * num / dem;
    const z = fr(y * y);
    const num = mulAdd(fused, mulAdd(fused, mulAdd(fused, a3, z, a2), z, a1), z, a0);
    const dem = mulAdd(fused, mulAdd(fused, mulAdd(fused, mulAdd(fused, b3, z, b2), z, b1), z, b0), z, 1);
    x = fr(fr(y * num) / dem);
  } else {
    // z = std::sqrt(-std::log((1 - y_abs) / 2)); num = ((c[3]*z + c[2])*z + c[1]) * z + c[0];
    // dem = (d[1]*z + d[0])*z + 1; x = copysign(num, y) / dem;
    const z = fr(Math.sqrt(-glibcLogf(fr(fr(1 - yAbs) / 2))));
    const num = mulAdd(fused, mulAdd(fused, mulAdd(fused, c3, z, c2), z, c1), z, c0);
    const dem = mulAdd(fused, mulAdd(fused, d1, z, d0), z, 1);
    const sNum = y < 0 || Object.is(y, -0) ? -Math.abs(num) : Math.abs(num);
    x = fr(sNum / dem);
  }
  // x = x - (std::erf(x) - y) / ((2/sqrt(pi)) * std::exp(-x*x));  (twice)
  for (let step = 0; step < 2; step++) {
    const e = fr(glibcErff(x) - y);
    const d = fr(K * glibcExpf(fr(-x * x)));
    x = fr(x - fr(e / d));
  }
  return x;
}
