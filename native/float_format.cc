// Float tensors as JSON text, the same bytes as src/http/json.ts's floatText (ECMAScript Number::toString
// of the float64, ".0" after integers in fixed notation, "-0.0", null for NaN and infinities): the
// shortest round-trip digits come from C++17 std::to_chars (libstdc++'s Ryu), laid out as JS lays them out.
// Plain Node-API (node_api.h), no dependencies; context-aware so worker threads can load it.
#include <node_api.h>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>

namespace {

// Longest output: "-" + 17 digits + "." + "e-308" or "0.000000" + 17 digits = under 32 bytes.
constexpr size_t kMaxFloatChars = 32;

inline char* put(char* p, const char* s, size_t n) {
  std::memcpy(p, s, n);
  return p + n;
}

char* formatDouble(double x, char* p) {
  if (x == 0) return std::signbit(x) ? put(p, "-0.0", 4) : put(p, "0.0", 3);
  if (!std::isfinite(x)) return put(p, "null", 4);
  char buf[40];
  const auto r = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::scientific);
  const char* q = buf;
  if (*q == '-') {
    *p++ = '-';
    q++;
  }
  char digits[24];
  int k = 0;
  digits[k++] = *q++;
  if (*q == '.') {
    q++;
    while (*q != 'e') digits[k++] = *q++;
  }
  q++;  // 'e'
  const bool negExp = *q == '-';
  q++;  // sign
  int e = 0;
  while (q < r.ptr) e = e * 10 + (*q++ - '0');
  if (negExp) e = -e;
  const int n = e + 1;  // ECMAScript's n: the decimal point sits after n digits
  if (k <= n && n <= 21) {
    p = put(p, digits, k);
    for (int i = k; i < n; i++) *p++ = '0';
    return put(p, ".0", 2);
  }
  if (0 < n && n <= 21) {
    p = put(p, digits, n);
    *p++ = '.';
    return put(p, digits + n, k - n);
  }
  if (-6 < n && n <= 0) {
    p = put(p, "0.", 2);
    for (int i = 0; i < -n; i++) *p++ = '0';
    return put(p, digits, k);
  }
  *p++ = digits[0];
  if (k > 1) {
    *p++ = '.';
    p = put(p, digits + 1, k - 1);
  }
  *p++ = 'e';
  int ex = n - 1;
  *p++ = ex < 0 ? '-' : '+';
  if (ex < 0) ex = -ex;
  char eb[4];
  int m = 0;
  do {
    eb[m++] = static_cast<char>('0' + ex % 10);
    ex /= 10;
  } while (ex > 0);
  while (m > 0) *p++ = eb[--m];
  return p;
}

template <typename T>
struct Writer {
  const T* data;
  const int64_t* shape;
  int ndim;
  size_t offset = 0;
  char* p;

  void rec(int dim) {
    const int64_t n = shape[dim];
    *p++ = '[';
    if (dim == ndim - 1) {
      for (int64_t i = 0; i < n; i++) {
        if (i > 0) *p++ = ',';
        p = formatDouble(static_cast<double>(data[offset++]), p);
      }
    } else {
      for (int64_t i = 0; i < n; i++) {
        if (i > 0) *p++ = ',';
        rec(dim + 1);
      }
    }
    *p++ = ']';
  }
};

napi_value fail(napi_env env, const char* msg) {
  napi_throw_type_error(env, nullptr, msg);
  return nullptr;
}

void freeBytes(napi_env, void* data, void*) { std::free(data); }

// formatTensor(data: Float32Array | Float64Array, shape: number[]): Buffer, the nested JSON arrays.
napi_value FormatTensor(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  if (napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr) != napi_ok || argc < 2) return fail(env, "formatTensor(data, shape)");
  bool isTa = false;
  napi_is_typedarray(env, argv[0], &isTa);
  if (!isTa) return fail(env, "data must be a Float32Array or Float64Array");
  napi_typedarray_type type;
  size_t length;
  void* raw;
  napi_get_typedarray_info(env, argv[0], &type, &length, &raw, nullptr, nullptr);
  if (type != napi_float32_array && type != napi_float64_array) return fail(env, "data must be a Float32Array or Float64Array");
  uint32_t ndim = 0;
  bool isArr = false;
  napi_is_array(env, argv[1], &isArr);
  if (!isArr) return fail(env, "shape must be an array");
  napi_get_array_length(env, argv[1], &ndim);
  if (ndim == 0 || ndim > 64) return fail(env, "shape must have 1 to 64 dimensions");
  int64_t shape[64];
  // bytes: every element plus its comma, and per nesting level a bracket pair (+ comma) per sub-array
  size_t count = 1, brackets = 0, outer = 1;
  for (uint32_t i = 0; i < ndim; i++) {
    napi_value d;
    napi_get_element(env, argv[1], i, &d);
    int64_t v = -1;
    if (napi_get_value_int64(env, d, &v) != napi_ok || v < 0) return fail(env, "shape entries must be non-negative integers");
    shape[i] = v;
    brackets += 3 * outer;
    outer *= static_cast<size_t>(v);
    count *= static_cast<size_t>(v);
  }
  if (count != length) return fail(env, "shape does not match the data's length");
  const size_t cap = count * (kMaxFloatChars + 1) + brackets + 1;
  char* out = static_cast<char*>(std::malloc(cap));
  if (!out) return fail(env, "out of memory");
  char* end;
  if (type == napi_float32_array) {
    Writer<float> w{static_cast<const float*>(raw), shape, static_cast<int>(ndim), 0, out};
    w.rec(0);
    end = w.p;
  } else {
    Writer<double> w{static_cast<const double*>(raw), shape, static_cast<int>(ndim), 0, out};
    w.rec(0);
    end = w.p;
  }
  const size_t len = static_cast<size_t>(end - out);
  char* shrunk = static_cast<char*>(std::realloc(out, len > 0 ? len : 1));
  if (shrunk) out = shrunk;
  napi_value result;
  if (napi_create_external_buffer(env, len, out, freeBytes, nullptr, &result) != napi_ok) {
    // runtimes without external buffers: copy
    napi_status s = napi_create_buffer_copy(env, len, out, nullptr, &result);
    std::free(out);
    if (s != napi_ok) return fail(env, "could not create the buffer");
  }
  return result;
}

// formatFloat(x: number): string, one value (for tests and the scalar case).
napi_value FormatFloat(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  double x;
  if (argc < 1 || napi_get_value_double(env, argv[0], &x) != napi_ok) return fail(env, "formatFloat(x: number)");
  char buf[kMaxFloatChars];
  char* end = formatDouble(x, buf);
  napi_value s;
  napi_create_string_latin1(env, buf, static_cast<size_t>(end - buf), &s);
  return s;
}

}  // namespace

NAPI_MODULE_INIT() {
  napi_property_descriptor props[] = {
      {"formatTensor", nullptr, FormatTensor, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"formatFloat", nullptr, FormatFloat, nullptr, nullptr, nullptr, napi_default, nullptr},
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  return exports;
}
