import { TorchError } from '../../errors.js';
import { sin } from '../../libm/sin.js';
import type { Generator } from './generator.js';

/** `sizeof(CPUGeneratorImplState)`: what `torch.get_rng_state()` returns in torch 1.13. */
export const RNG_STATE_SIZE = 5056;
/** `sizeof(CPUGeneratorImplStateLegacy)`, still accepted by torch 1.13's `set_rng_state`. */
export const RNG_STATE_LEGACY_SIZE = 5048;
/** MT19937 state size in words. */
const N = 624;

// Byte offsets of aten/src/ATen/CPUGeneratorImpl.cpp@v1.13.1 `CPUGeneratorImplState` (x86-64, little-endian):
// struct THGeneratorState { uint64_t the_initial_seed; int left; int seeded; uint64_t next; uint64_t state[624];
//   double normal_x; double normal_y; double normal_rho; int normal_is_valid; };   // 5048 bytes with padding
// struct CPUGeneratorImplState { THGeneratorState legacy_pod; float next_float_normal_sample; bool is_next_float_normal_sample_valid; };
const OFF_SEED = 0;
const OFF_LEFT = 8;
const OFF_SEEDED = 12;
const OFF_NEXT = 16;
const OFF_STATE = 24; // + 8 * 624 = 5016
const OFF_NORMAL_X = 5016;
const OFF_NORMAL_Y = 5024;
const OFF_NORMAL_RHO = 5032;
const OFF_NORMAL_VALID = 5040;
const OFF_FLOAT_SAMPLE = 5048;
const OFF_FLOAT_VALID = 5052;

/**
 * `torch.get_rng_state()` / `Generator.get_state()`: the 5056-byte blob of torch 1.13.
 *
 * CPUGeneratorImpl::get_state(): `rng_state->legacy_pod.normal_x = 0.0; ... normal_rho = 0.0; seeded = 1;`
 * `if (next_double_normal_sample_) { normal_is_valid = true; normal_y = *next_double_normal_sample_; }`
 * @example getRngState(new Generator(0n)).length // 5056; bytes 8..11 = left = 1, 16..23 = next = 0
 */
export function getRngState(g: Generator): Uint8Array {
  const bytes = new Uint8Array(RNG_STATE_SIZE);
  const view = new DataView(bytes.buffer);
  const st = g.getEngineState();
  view.setBigUint64(OFF_SEED, st.seed, true);
  view.setInt32(OFF_LEFT, st.left, true);
  view.setInt32(OFF_SEEDED, 1, true);
  view.setBigUint64(OFF_NEXT, BigInt(st.next), true);
  for (let i = 0; i < N; i++) view.setUint32(OFF_STATE + 8 * i, st.mt[i]!, true); // upper 4 bytes stay 0
  if (g.nextDoubleNormal !== null) {
    view.setFloat64(OFF_NORMAL_Y, g.nextDoubleNormal, true);
    view.setInt32(OFF_NORMAL_VALID, 1, true);
  }
  if (g.nextFloatNormal !== null) {
    view.setFloat32(OFF_FLOAT_SAMPLE, g.nextFloatNormal, true);
    bytes[OFF_FLOAT_VALID] = 1;
  }
  return bytes;
}

/**
 * `torch.set_rng_state(t)` / `Generator.set_state(t)` of torch 1.13: validates and applies a blob.
 *
 * Accepts 5056 bytes, and the 5048-byte legacy layout (then a valid cache becomes
 * `normal_rho * sin(2 * pi * normal_x)`). The words and `next` are truncated to 32 bits; the state is
 * refused unless `seeded != 0 && 1 <= left <= 624 && next <= 624`.
 * @throws TorchError with torch's message for a wrong size or an invalid engine state.
 */
export function setRngState(g: Generator, bytes: Uint8Array): void {
  const size = bytes.length;
  // 2.x: aten/src/ATen/CPUGeneratorImpl.cpp@v2.13.0 set_state:
  // `TORCH_CHECK(new_state_size == size, "Expected a CPUGeneratorImplState of size ", size, " but found the input RNG state size to be ", new_state_size);`
  if (g.profile.stateBlobStrict && size !== RNG_STATE_SIZE) {
    throw new TorchError(`Expected a CPUGeneratorImplState of size ${RNG_STATE_SIZE} but found the input RNG state size to be ${size}`, 'RuntimeError', 'rng_state');
  }
  if (size !== RNG_STATE_SIZE && size !== RNG_STATE_LEGACY_SIZE) {
    throw new TorchError(
      `Expected either a CPUGeneratorImplStateLegacy of size ${RNG_STATE_LEGACY_SIZE} or a CPUGeneratorImplState of size ${RNG_STATE_SIZE} but found the input RNG state size to be ${size}`,
      'RuntimeError',
      'rng_state',
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, size);
  let doubleNormal: number | null = null;
  let floatNormal: number | null = null;
  if (size === RNG_STATE_LEGACY_SIZE) {
    if (view.getInt32(OFF_NORMAL_VALID, true) !== 0) {
      // auto r = legacy_pod->normal_rho; auto theta = 2.0 * c10::pi<double> * legacy_pod->normal_x;
      // double_normal_sample = c10::optional<double>(r * ::sin(theta));
      const r = view.getFloat64(OFF_NORMAL_RHO, true);
      const theta = 2.0 * Math.PI * view.getFloat64(OFF_NORMAL_X, true);
      doubleNormal = r * sin(theta);
    }
  } else {
    if (bytes[OFF_FLOAT_VALID] !== 0) floatNormal = view.getFloat32(OFF_FLOAT_SAMPLE, true);
    if (view.getInt32(OFF_NORMAL_VALID, true) !== 0) doubleNormal = view.getFloat64(OFF_NORMAL_Y, true);
  }
  const seed = view.getBigUint64(OFF_SEED, true);
  const left = view.getInt32(OFF_LEFT, true);
  const seeded = view.getInt32(OFF_SEEDED, true);
  const next = view.getUint32(OFF_NEXT, true); // rng_data.next_ = static_cast<uint32_t>(legacy_pod->next);
  const mt = new Uint32Array(N);
  for (let i = 0; i < N; i++) mt[i] = view.getUint32(OFF_STATE + 8 * i, true); // std::copy into uint32_t words
  // mt19937::is_valid(): seeded_ == true && left_ > 0 && left_ <= MERSENNE_STATE_N && next_ <= MERSENNE_STATE_N
  if (!(seeded !== 0 && left > 0 && left <= N && next <= N)) {
    throw new TorchError('Invalid mt19937 state', 'RuntimeError', 'rng_state');
  }
  g.setEngineState({ seed, left, next, mt });
  g.nextDoubleNormal = doubleNormal;
  g.nextFloatNormal = floatNormal;
}

/**
 * `torch.get_rng_state()` as base64 (the contract's `"rng_state"` field).
 * @example getRngStateBase64(new Generator(0n)).length // 6744
 */
export function getRngStateBase64(g: Generator): string {
  const bytes = getRngState(g);
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x2000) s += String.fromCharCode(...bytes.subarray(i, i + 0x2000));
  return btoa(s);
}

/**
 * Applies a base64 `"rng_state"` to the generator (`torch.set_rng_state`).
 * @throws TorchError for text that is not base64, or a blob torch refuses.
 */
export function setRngStateBase64(g: Generator, text: string): void {
  let raw: string;
  try {
    raw = atob(text);
  } catch {
    throw new TorchError('rng_state is not valid base64', 'ValueError', 'rng_state');
  }
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  setRngState(g, bytes);
}
