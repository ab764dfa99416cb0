// numpy's `np.arange(n)` into an Int32Array (src/engine/indices.ts): a loop the compiler vectorises,
// where V8's scalar loop costs about five times as much on a million indices. Plain Node-API;
// context-aware so worker threads can load it.
#include <node_api.h>

#include <cstddef>
#include <cstdint>

namespace {

// iota(a: Int32Array, start: number): a[i] = start + i.
napi_value Iota(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  napi_typedarray_type type;
  size_t n;
  void* raw;
  int32_t start;
  if (argc < 2 || napi_get_typedarray_info(env, argv[0], &type, &n, &raw, nullptr, nullptr) != napi_ok || type != napi_int32_array ||
      napi_get_value_int32(env, argv[1], &start) != napi_ok) {
    napi_throw_type_error(env, nullptr, "iota(a: Int32Array, start: number)");
    return nullptr;
  }
  int32_t* a = static_cast<int32_t*>(raw);
  // unsigned arithmetic: start + i may pass 2^31 only where the caller allows it (it never does)
  const uint32_t s = static_cast<uint32_t>(start);
  for (size_t i = 0; i < n; i++) a[i] = static_cast<int32_t>(s + static_cast<uint32_t>(i));
  return nullptr;
}

}  // namespace

NAPI_MODULE_INIT() {
  napi_property_descriptor props[] = {{"iota", nullptr, Iota, nullptr, nullptr, nullptr, napi_default, nullptr}};
  napi_define_properties(env, exports, 1, props);
  return exports;
}
