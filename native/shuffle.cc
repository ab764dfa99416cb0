// randperm's swap loop (aten/src/ATen/native/TensorFactories.cpp@v1.13.1 randperm_cpu:
// `for (int64_t i = 0; i < n - 1; i++) { int64_t z = generator->random() % (n - i); swap(r[i], r[z+i]) }`)
// over int32 indices, with the swap targets known in advance (the caller computed z from the drawn words):
// each target is prefetched a few swaps ahead, so the cache misses overlap. The same swaps in the same order
// as src/engine/torch/tensor/random.ts's loop. Plain Node-API; context-aware so worker threads can load it.
#include <node_api.h>

#include <cstddef>
#include <cstdint>

namespace {

constexpr int64_t kAhead = 24;

napi_value fail(napi_env env, const char* msg) {
  napi_throw_type_error(env, nullptr, msg);
  return nullptr;
}

bool int32Array(napi_env env, napi_value v, int32_t** data, size_t* length) {
  napi_typedarray_type type;
  void* raw;
  if (napi_get_typedarray_info(env, v, &type, length, &raw, nullptr, nullptr) != napi_ok || type != napi_int32_array) return false;
  *data = static_cast<int32_t*>(raw);
  return true;
}

// swapRun(a: Int32Array, z: Int32Array, start: number, m: number): for j < m, i = start + j:
// swap(a[i], a[i + z[j]]), where 0 <= z[j] < a.length - i.
napi_value SwapRun(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  int32_t* a;
  int32_t* z;
  size_t n, zn;
  int64_t start, m;
  if (argc < 4 || !int32Array(env, argv[0], &a, &n) || !int32Array(env, argv[1], &z, &zn) || napi_get_value_int64(env, argv[2], &start) != napi_ok ||
      napi_get_value_int64(env, argv[3], &m) != napi_ok) {
    return fail(env, "swapRun(a: Int32Array, z: Int32Array, start: number, m: number)");
  }
  if (start < 0 || m < 0 || static_cast<size_t>(m) > zn || static_cast<uint64_t>(start) + static_cast<uint64_t>(m) > n) return fail(env, "swapRun: range outside the arrays");
  for (int64_t j = 0; j < m; j++) {
    const int64_t i = start + j;
    if (static_cast<uint64_t>(z[j]) >= n - static_cast<uint64_t>(i)) return fail(env, "swapRun: a swap target outside the array");
  }
  for (int64_t j = 0; j < m; j++) {
    if (j + kAhead < m) __builtin_prefetch(a + start + j + kAhead + z[j + kAhead], 1);
    const int64_t i = start + j;
    const int64_t p = i + z[j];
    const int32_t t = a[i];
    a[i] = a[p];
    a[p] = t;
  }
  return nullptr;
}

}  // namespace

NAPI_MODULE_INIT() {
  napi_property_descriptor props[] = {
      {"swapRun", nullptr, SwapRun, nullptr, nullptr, nullptr, napi_default, nullptr},
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  return exports;
}
