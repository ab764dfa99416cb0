// torch's float32 AVX2 normal kernel with real fused multiply-adds: normal_fill_16_AVX2 of
// aten/src/ATen/native/cpu/DistributionTemplates.h@v1.13.1 (the same in 2.x) with log256_ps and
// sincos256_ps of aten/src/ATen/cpu/avx_mathfun.h, written as GCC 12 compiles them with -mfma: every
// product whose only use is an addition is one _mm256_fmadd_ps (the contraction the TypeScript/
// WebAssembly kernel in src/engine/torch/tensor/avx2/ emulates, core spec §6.4). This file is compiled
// with -ffp-contract=off so the compiler adds no fusion of its own: each fma below is written out.
// The constants come from the one list in src/engine/torch/tensor/avx2/constants.ts (normal_constants.h,
// written by scripts/build-wasm.ts). Plain Node-API; context-aware so worker threads can load it.
#include <node_api.h>
#include <immintrin.h>

#include <cstddef>
#include <cstdint>

#include "normal_constants.h"

namespace {

#define AVX2_FMA __attribute__((target("avx2,fma")))

AVX2_FMA inline __m256 ps(float x) { return _mm256_set1_ps(x); }

// log256_ps for u1 in (0, 1] (the max with the smallest normal and the NaN mask of negative inputs are
// kept as torch has them; neither changes a value here).
AVX2_FMA inline __m256 log256(__m256 x) {
  const __m256 one = ps(1.0f);
  const __m256 invalid = _mm256_cmp_ps(x, _mm256_setzero_ps(), _CMP_LE_OS);
  x = _mm256_max_ps(x, _mm256_castsi256_ps(_mm256_set1_epi32(0x00800000)));
  __m256i imm0 = _mm256_srli_epi32(_mm256_castps_si256(x), 23);
  x = _mm256_and_ps(x, _mm256_castsi256_ps(_mm256_set1_epi32(~0x7f800000)));
  x = _mm256_or_ps(x, ps(0.5f));
  imm0 = _mm256_sub_epi32(imm0, _mm256_set1_epi32(0x7f));
  __m256 e = _mm256_cvtepi32_ps(imm0);
  e = _mm256_add_ps(e, one);
  const __m256 mask = _mm256_cmp_ps(x, ps(kSQRTHF), _CMP_LT_OS);
  __m256 tmp = _mm256_and_ps(x, mask);
  x = _mm256_sub_ps(x, one);
  e = _mm256_sub_ps(e, _mm256_and_ps(one, mask));
  x = _mm256_add_ps(x, tmp);
  const __m256 z = _mm256_mul_ps(x, x);
  __m256 y = _mm256_fmadd_ps(ps(kP0), x, ps(kP1));
  y = _mm256_fmadd_ps(y, x, ps(kP2));
  y = _mm256_fmadd_ps(y, x, ps(kP3));
  y = _mm256_fmadd_ps(y, x, ps(kP4));
  y = _mm256_fmadd_ps(y, x, ps(kP5));
  y = _mm256_fmadd_ps(y, x, ps(kP6));
  y = _mm256_fmadd_ps(y, x, ps(kP7));
  y = _mm256_fmadd_ps(y, x, ps(kP8));
  y = _mm256_mul_ps(y, x);
  // y = y*z; tmp = e*q1; y = y + tmp: the product y*z is fused with the addition
  y = _mm256_fmadd_ps(y, z, _mm256_mul_ps(e, ps(kQ1)));
  y = _mm256_sub_ps(y, _mm256_mul_ps(z, ps(0.5f)));  // z*0.5 exact
  x = _mm256_add_ps(x, y);
  x = _mm256_add_ps(x, _mm256_mul_ps(e, ps(kQ2)));  // e*q2 exact
  return _mm256_or_ps(x, invalid);
}

// sincos256_ps
AVX2_FMA inline void sincos256(__m256 x, __m256* s, __m256* c) {
  const __m256 signMask = _mm256_castsi256_ps(_mm256_set1_epi32(static_cast<int>(0x80000000u)));
  __m256 signBitSin = _mm256_and_ps(x, signMask);
  x = _mm256_andnot_ps(signMask, x);
  __m256 y = _mm256_mul_ps(x, ps(kFOPI));
  __m256i imm2 = _mm256_cvttps_epi32(y);
  imm2 = _mm256_add_epi32(imm2, _mm256_set1_epi32(1));
  imm2 = _mm256_and_si256(imm2, _mm256_set1_epi32(~1));
  y = _mm256_cvtepi32_ps(imm2);
  __m256i imm4 = imm2;
  const __m256 swapSignBitSin = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_and_si256(imm2, _mm256_set1_epi32(4)), 29));
  const __m256 polyMask = _mm256_castsi256_ps(_mm256_cmpeq_epi32(_mm256_and_si256(imm4, _mm256_set1_epi32(2)), _mm256_setzero_si256()));
  // x = ((x - y*DP1) - y*DP2) - y*DP3 with the minus_cephes_DP constants, each product fused
  x = _mm256_fmadd_ps(y, ps(kDP1), x);
  x = _mm256_fmadd_ps(y, ps(kDP2), x);
  x = _mm256_fmadd_ps(y, ps(kDP3), x);
  imm4 = _mm256_sub_epi32(imm4, _mm256_set1_epi32(2));
  imm4 = _mm256_andnot_si256(imm4, _mm256_set1_epi32(4));
  imm4 = _mm256_slli_epi32(imm4, 29);
  const __m256 signBitCos = _mm256_castsi256_ps(imm4);
  signBitSin = _mm256_xor_ps(signBitSin, swapSignBitSin);
  const __m256 z = _mm256_mul_ps(x, x);
  // cosine: ((c0*z + c1)*z + c2)*z*z - z*0.5 + 1
  y = _mm256_fmadd_ps(ps(kC0), z, ps(kC1));
  y = _mm256_fmadd_ps(y, z, ps(kC2));
  y = _mm256_mul_ps(y, z);
  y = _mm256_fmsub_ps(y, z, _mm256_mul_ps(z, ps(0.5f)));
  y = _mm256_add_ps(y, ps(1.0f));
  // sine: ((s0*z + s1)*z + s2)*z*x + x
  __m256 y2 = _mm256_fmadd_ps(ps(kS0), z, ps(kS1));
  y2 = _mm256_fmadd_ps(y2, z, ps(kS2));
  y2 = _mm256_mul_ps(y2, z);
  y2 = _mm256_fmadd_ps(y2, x, x);
  const __m256 ysin2 = _mm256_and_ps(polyMask, y2);
  const __m256 ysin1 = _mm256_andnot_ps(polyMask, y);
  y2 = _mm256_sub_ps(y2, ysin2);
  y = _mm256_sub_ps(y, ysin1);
  *s = _mm256_xor_ps(_mm256_add_ps(ysin1, ysin2), signBitSin);
  *c = _mm256_xor_ps(_mm256_add_ps(y, y2), signBitCos);
}

// normal_fill_16_AVX2 on data[0..16)
AVX2_FMA inline void fill16(float* data, __m256 mean, __m256 stdv) {
  const __m256 u1 = _mm256_sub_ps(ps(1.0f), _mm256_loadu_ps(data));
  const __m256 u2 = _mm256_loadu_ps(data + 8);
  const __m256 radius = _mm256_sqrt_ps(_mm256_mul_ps(ps(-2.0f), log256(u1)));
  const __m256 theta = _mm256_mul_ps(ps(kTWO_PI_F32), u2);
  __m256 sintheta, costheta;
  sincos256(theta, &sintheta, &costheta);
  const __m256 n1 = _mm256_mul_ps(radius, costheta);
  const __m256 n2 = _mm256_mul_ps(radius, sintheta);
  _mm256_storeu_ps(data, _mm256_fmadd_ps(n1, stdv, mean));
  _mm256_storeu_ps(data + 8, _mm256_fmadd_ps(n2, stdv, mean));
}

AVX2_FMA void fillBlocks(float* data, size_t count, float mean, float stdv) {
  const __m256 m = _mm256_set1_ps(mean);
  const __m256 s = _mm256_set1_ps(stdv);
  for (size_t i = 0; i + 16 <= count; i += 16) fill16(data + i, m, s);
}

// uniform_real_distribution<float>(0, 1) of one word each: (word & 0xFFFFFF) * 2^-24, in place
// (the words as int32 bit patterns in the same buffer), then the blocks.
AVX2_FMA void wordsToUnit(float* data, size_t count) {
  const __m256i mask = _mm256_set1_epi32(0xffffff);
  const __m256 scale = _mm256_set1_ps(5.9604644775390625e-8f);
  size_t i = 0;
  for (; i + 8 <= count; i += 8) {
    const __m256i w = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(data + i));
    _mm256_storeu_ps(data + i, _mm256_mul_ps(_mm256_cvtepi32_ps(_mm256_and_si256(w, mask)), scale));
  }
  for (; i < count; i++) {
    int32_t w;
    __builtin_memcpy(&w, data + i, 4);
    data[i] = static_cast<float>(w & 0xffffff) * 5.9604644775390625e-8f;
  }
}

napi_value fail(napi_env env, const char* msg) {
  napi_throw_type_error(env, nullptr, msg);
  return nullptr;
}

bool cpuHasKernel() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

// normalBlocks(data: Float32Array, from: number, count: number, mean: number, std: number, words?: boolean):
// applies normal_fill_16_AVX2 to data[from .. from + count) (count a multiple of 16); with `words`
// the range first holds raw MT19937 words (int32 bit patterns) turned into float32 uniforms.
napi_value NormalBlocks(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  if (argc < 5) return fail(env, "normalBlocks(data, from, count, mean, std, words?)");
  napi_typedarray_type type;
  size_t length;
  void* raw;
  if (napi_get_typedarray_info(env, argv[0], &type, &length, &raw, nullptr, nullptr) != napi_ok || type != napi_float32_array) {
    return fail(env, "normalBlocks: data must be a Float32Array");
  }
  int64_t from, count;
  double mean, stdv;
  if (napi_get_value_int64(env, argv[1], &from) != napi_ok || napi_get_value_int64(env, argv[2], &count) != napi_ok ||
      napi_get_value_double(env, argv[3], &mean) != napi_ok || napi_get_value_double(env, argv[4], &stdv) != napi_ok) {
    return fail(env, "normalBlocks: from, count, mean and std must be numbers");
  }
  if (from < 0 || count < 0 || count % 16 != 0 || static_cast<uint64_t>(from) + static_cast<uint64_t>(count) > length) {
    return fail(env, "normalBlocks: the range must lie in data and count be a multiple of 16");
  }
  bool words = false;
  if (argc > 5) napi_get_value_bool(env, argv[5], &words);
  if (!cpuHasKernel()) return fail(env, "normalBlocks: this CPU lacks AVX2 or FMA");
  float* data = static_cast<float*>(raw) + from;
  if (words) wordsToUnit(data, static_cast<size_t>(count));
  fillBlocks(data, static_cast<size_t>(count), static_cast<float>(mean), static_cast<float>(stdv));
  return nullptr;
}

// supported(): whether this CPU runs the kernel (AVX2 and FMA).
napi_value Supported(napi_env env, napi_callback_info) {
  napi_value r;
  napi_get_boolean(env, cpuHasKernel(), &r);
  return r;
}

}  // namespace

NAPI_MODULE_INIT() {
  napi_property_descriptor props[] = {
      {"normalBlocks", nullptr, NormalBlocks, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"supported", nullptr, Supported, nullptr, nullptr, nullptr, napi_default, nullptr},
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  return exports;
}
