// glibc malloc tuning for the service process (src/native/malloc.ts, called once by src/server.ts):
// - M_MMAP_THRESHOLD fixed: an allocation at least this big is its own mmap, given back to the system when
//   freed. glibc's default threshold is dynamic: it rises (up to 32 MB) each time such a chunk is freed, after
//   which answer-sized buffers come from the heaps and their freed pages stay in the process's RSS.
// - M_ARENA_MAX: worker threads otherwise each get their own arena (up to 8 per core), each keeping its own
//   freed memory.
// Plain Node-API; a no-op (returns false) on a C library without mallopt.
#include <node_api.h>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace {

napi_value Boolean(napi_env env, bool b) {
  napi_value v;
  napi_get_boolean(env, b, &v);
  return v;
}

// tune(mmapThresholdBytes: number, arenaMax: number): boolean — 0 leaves a parameter as it is.
napi_value Tune(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  int64_t threshold = 0, arenas = 0;
  if (argc < 2 || napi_get_value_int64(env, argv[0], &threshold) != napi_ok || napi_get_value_int64(env, argv[1], &arenas) != napi_ok) {
    napi_throw_type_error(env, nullptr, "tune(mmapThresholdBytes: number, arenaMax: number)");
    return nullptr;
  }
#if defined(__GLIBC__)
  bool ok = true;
  if (threshold > 0) ok = mallopt(M_MMAP_THRESHOLD, static_cast<int>(threshold)) == 1 && ok;
  if (arenas > 0) ok = mallopt(M_ARENA_MAX, static_cast<int>(arenas)) == 1 && ok;
  return Boolean(env, ok);
#else
  return Boolean(env, false);
#endif
}

napi_value Init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"tune", nullptr, Tune, nullptr, nullptr, nullptr, napi_default, nullptr},
  };
  napi_define_properties(env, exports, 1, props);
  return exports;
}

}  // namespace

NAPI_MODULE_INIT() { return Init(env, exports); }
