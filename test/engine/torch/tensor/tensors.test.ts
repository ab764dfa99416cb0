/**
 * Golden parity of the tensor factories and the generator state: every case of
 * test/parity/fixtures/tensors.jsonl (written by real torch 1.13 with gen_tensors.py) replayed
 * through the engine, compared bit for bit (naming the first differing element), plus the sha256
 * of the canonical bytes for every tensor (the only check for the big ones); then fast-check
 * properties of the factories.
 */
import { profileFor, type TorchVersion } from '../../../../src/engine/torch/generator/profile.js';
import { bfloat16Bits, halfBits } from '../../../../src/engine/torch/tensor/half.js';
import { TensorsRequest } from '../../../../src/schemas/tensors.js';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Generator } from '../../../../src/engine/torch/generator/generator.js';
import { getRngState, getRngStateBase64, setRngState, setRngStateBase64 } from '../../../../src/engine/torch/generator/state.js';
import { TorchError } from '../../../../src/engine/errors.js';
import { tensorOp, type TensorOpRequest } from '../../../../src/engine/torch/tensor/factory.js';
import { fillNormalFloat32, fillNormalFloat64 } from '../../../../src/engine/torch/tensor/normal.js';
import type { CpuKernel } from '../../../../src/engine/torch/tensor/tensor.js';
import type { DType, Tensor } from '../../../../src/engine/torch/tensor/tensor.js';
import { isPin } from '../../../helpers/compare.js';

interface Fixture {
  id: string;
  request: Record<string, unknown>;
  expect: {
    status?: number;
    detail?: string;
    seed?: string;
    rng_state?: string;
    tensor?: { shape: number[]; dtype: DType; data?: unknown };
  };
  sha256?: string;
}

const FIXTURES = new URL('../../../parity/fixtures/tensors.jsonl', import.meta.url);
/** The same generator's cases written by the torch 2.13 wheel (requests carry "torch_version": "2.13"). */
const FIXTURES_213 = new URL('../../../parity/fixtures/tensors-2.13.jsonl', import.meta.url);

/** JSON.parse that keeps integers beyond 2^53 exact (as decimal strings) inside the expected data arrays. */
function parseExact(line: string): Fixture {
  const start = line.indexOf('"expect":');
  const end = line.indexOf('"python":', start);
  if (start < 0 || end < 0) return JSON.parse(line) as Fixture;
  const mid = line.slice(start, end).replace(/(?<=[[,]\s?)(-?\d{16,})(?=\s?[,\]])/g, '"$1"');
  return JSON.parse(line.slice(0, start) + mid + line.slice(end)) as Fixture;
}

const fixtures: Fixture[] = readFileSync(FIXTURES, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map(parseExact);
const fixtures213: Fixture[] = existsSync(FIXTURES_213)
  ? readFileSync(FIXTURES_213, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map(parseExact)
  : [];

/** The canonical bytes of a tensor (numpy `tobytes()`): contiguous, little-endian, the dtype's own width. */
function canonicalBytes(t: Tensor): Uint8Array {
  const d = t.data;
  let view: ArrayBufferView;
  switch (t.dtype) {
    case 'float32':
      view = d instanceof Float32Array ? d : Float32Array.from(d as ArrayLike<number>);
      break;
    case 'float64':
      view = d instanceof Float64Array ? d : Float64Array.from(d as ArrayLike<number>);
      break;
    case 'int64':
      view = d instanceof BigInt64Array ? d : BigInt64Array.from(d as ArrayLike<number>, (v) => BigInt(v));
      break;
    case 'int32':
      view = d instanceof Int32Array ? d : Int32Array.from(d as ArrayLike<number>);
      break;
    case 'int16':
      view = d instanceof Int16Array ? d : Int16Array.from(d as ArrayLike<number>);
      break;
    case 'int8':
      view = d instanceof Int8Array ? d : Int8Array.from(d as ArrayLike<number>);
      break;
    case 'uint8':
    case 'bool':
      view = d instanceof Uint8Array ? d : Uint8Array.from(d as ArrayLike<number>);
      break;
    case 'float16':
      view = Uint16Array.from(d as ArrayLike<number>, halfBits);
      break;
    case 'bfloat16':
      view = Uint16Array.from(d as ArrayLike<number>, bfloat16Bits);
      break;
  }
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

function flatten(x: unknown, out: unknown[] = []): unknown[] {
  if (Array.isArray(x)) for (const v of x) flatten(v, out);
  else out.push(x);
  return out;
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

/** Bit pattern of an element as text, for exact comparison and readable messages. */
function bits(dtype: DType, v: unknown): string {
  if (dtype === 'float32' || dtype === 'float16' || dtype === 'bfloat16') {
    // half values are held widened in a Float32Array (exact), so their float32 bits compare them
    f32[0] = Number(v);
    return `${f32[0]} (0x${u32[0]!.toString(16)})`;
  }
  if (dtype === 'float64') {
    f64[0] = Number(v);
    return `${f64[0]} (0x${u64[0]!.toString(16)})`;
  }
  if (dtype === 'bool') return String(v === true || v === 1 || v === 1n);
  return BigInt(v as string | number | bigint).toString();
}

/** Asserts element-wise equality; the message names the first differing index. */
function assertSameData(id: string, t: Tensor, expected: unknown): void {
  const exp = flatten(expected);
  assert.equal(t.data.length, exp.length, `${id}: ${t.data.length} elements, torch has ${exp.length}`);
  for (let i = 0; i < exp.length; i++) {
    const a = bits(t.dtype, t.data[i]);
    const b = bits(t.dtype, exp[i]);
    if (a !== b) assert.fail(`${id}: first difference at index ${i}: engine ${a}, torch ${b}`);
  }
}

/** The engine request of a fixture request (the seed and the HTTP-only fields removed). */
function opRequest(req: Record<string, unknown>): TensorOpRequest {
  const out: Record<string, unknown> = {};
  for (const k of ['op', 'size', 'dtype', 'low', 'high', 'n', 'mean', 'std', 'from', 'to', 'p']) {
    if (req[k] !== undefined) out[k] = req[k];
  }
  return out as unknown as TensorOpRequest;
}

function replay(fx: Fixture): void {
  const req = fx.request;
  // the build that wrote the case (the historical 1.13 file names none)
  const g = new Generator(0n, profileFor((req.torch_version as TorchVersion | undefined) ?? '1.13'));
  if (typeof req.rng_state === 'string') setRngStateBase64(g, req.rng_state);
  else g.manualSeed(req.seed as string | number);
  const kernel = (req.cpu_kernel as CpuKernel | undefined) ?? 'avx2';
  if (fx.expect.status !== undefined) {
    assert.throws(
      () => tensorOp(g, opRequest(req), kernel),
      (e: unknown) => e instanceof TorchError && (fx.expect.detail === undefined || e.message === fx.expect.detail),
      `${fx.id}: expected TorchError ${JSON.stringify(fx.expect.detail)}`,
    );
    return;
  }
  const t = tensorOp(g, opRequest(req), kernel);
  const et = fx.expect.tensor!;
  assert.deepEqual(t.shape, et.shape, `${fx.id}: shape`);
  assert.equal(t.dtype, et.dtype, `${fx.id}: dtype`);
  if (isPin(et.data)) {
    assert.equal(t.data.length, et.data.$count, `${fx.id}: ${t.data.length} elements, torch has ${et.data.$count}`);
    assert.equal(et.data.$bytes, t.dtype, `${fx.id}: pinned as ${et.data.$bytes}`);
    assert.equal(createHash('sha256').update(canonicalBytes(t)).digest('hex'), et.data.$sha256, `${fx.id}: sha256 of the pinned canonical bytes`);
  } else if (et.data !== undefined) assertSameData(fx.id, t, et.data);
  if (fx.sha256 !== undefined) {
    assert.equal(createHash('sha256').update(canonicalBytes(t)).digest('hex'), fx.sha256, `${fx.id}: sha256 of the canonical bytes`);
  }
  assert.equal(g.initialSeed().toString(), fx.expect.seed, `${fx.id}: initial_seed`);
  if (fx.expect.rng_state !== undefined) {
    assert.equal(getRngStateBase64(g), fx.expect.rng_state, `${fx.id}: rng_state after the work`);
  }
}

for (const [label, set] of [['1.13', fixtures], ['2.13', fixtures213]] as const) describe(`tensor factories: golden cases from torch ${label}`, () => {
  const byCategory = new Map<string, Fixture[]>();
  for (const fx of set) {
    const cat = fx.id.split('/')[0]!;
    byCategory.set(cat, [...(byCategory.get(cat) ?? []), fx]);
  }
  it('has at least 300 cases', () => assert.ok(set.length >= 300, `${set.length} cases`));
  for (const [cat, list] of byCategory) {
    describe(cat, () => {
      for (const fx of list) it(fx.id, () => replay(fx));
    });
  }
});

describe('generator state blob', () => {
  it('round-trips every rng_state of the fixtures byte for byte', () => {
    for (const fx of fixtures) {
      for (const b64 of [fx.request.rng_state, fx.expect.rng_state]) {
        if (typeof b64 !== 'string') continue;
        const g = new Generator();
        setRngStateBase64(g, b64);
        assert.equal(getRngStateBase64(g), b64, fx.id);
      }
    }
  });

  it('refuses blobs as torch 1.13 does', () => {
    const g = new Generator(5n);
    const good = getRngState(g);
    assert.throws(() => setRngState(g, new Uint8Array(10)), /but found the input RNG state size to be 10$/);
    assert.throws(() => setRngState(g, new Uint8Array(5056)), /^TorchError: Invalid mt19937 state$/);
    for (const [offset, value] of [[8, 0], [8, 625], [8, -1], [16, 625], [12, 0]] as const) {
      const b = good.slice();
      new DataView(b.buffer).setInt32(offset, value, true);
      assert.throws(() => setRngState(g, b), /Invalid mt19937 state/, `offset ${offset} = ${value}`);
    }
  });

  it('accepts the legacy 5048-byte layout (cache = normal_rho * sin(2 pi normal_x))', () => {
    const g = new Generator(5n);
    const b = getRngState(g).slice(0, 5048);
    const v = new DataView(b.buffer);
    v.setFloat64(5016, 0.25, true); // normal_x: sin(pi / 2) = 1
    v.setFloat64(5032, 1.5, true); // normal_rho
    v.setInt32(5040, 1, true);
    setRngState(g, b);
    assert.equal(g.nextDoubleNormal, 1.5);
  });

  it('carries the cached double normal and continues the stream exactly', () => {
    const g = new Generator(5n);
    const out = new Float64Array(1);
    fillNormalFloat64(g, out, 0, 1, 'avx2'); // leaves the sin half cached
    const blob = getRngState(g);
    const h = new Generator(123n);
    setRngState(h, blob);
    const a = new Float64Array(40);
    const b = new Float64Array(40);
    fillNormalFloat64(g, a.subarray(0, 3), 0, 1, 'avx2');
    fillNormalFloat64(h, b.subarray(0, 3), 0, 1, 'avx2');
    assert.deepEqual(a, b);
  });
});

describe('properties', () => {
  const seed = fc.bigInt({ min: -(1n << 63n), max: (1n << 64n) - 1n });
  const kernel = fc.constantFrom<CpuKernel>('avx2', 'default');
  const request: fc.Arbitrary<TensorOpRequest> = fc.oneof(
    fc.record({ op: fc.constant('rand' as const), size: fc.array(fc.nat(6), { maxLength: 3 }), dtype: fc.constantFrom<DType>('float32', 'float64') }),
    fc.record({ op: fc.constant('randn' as const), size: fc.tuple(fc.nat(70)).map((s) => [...s]), dtype: fc.constantFrom<DType>('float32', 'float64') }),
    fc.record({ op: fc.constant('randint' as const), size: fc.tuple(fc.nat(20)).map((s) => [...s]), low: fc.bigInt({ min: -(1n << 40n), max: 0n }), high: fc.bigInt({ min: 1n, max: 1n << 40n }) }),
    fc.record({ op: fc.constant('randperm' as const), n: fc.nat(200) }),
    fc.record({ op: fc.constant('bernoulli' as const), size: fc.tuple(fc.nat(20)).map((s) => [...s]), p: fc.double({ min: 0, max: 1, noNaN: true }) }),
    fc.record({ op: fc.constant('normal' as const), size: fc.tuple(fc.nat(40)).map((s) => [...s]), mean: fc.double({ min: -1e6, max: 1e6, noNaN: true }), std: fc.double({ min: 0, max: 1e6, noNaN: true }) }),
  );

  it('same seed, same request => same tensor and same state, independent of earlier work', () => {
    fc.assert(
      fc.property(seed, request, kernel, fc.nat(2000), (s, req, k, noise) => {
        const g1 = new Generator(s);
        const g2 = new Generator(7n);
        tensorOp(g2, { op: 'rand', size: [noise] }, k); // unrelated earlier work
        g2.manualSeed(s);
        const a = tensorOp(g1, req, k);
        const b = tensorOp(g2, req, k);
        assert.deepEqual(a, b);
        assert.deepEqual(getRngState(g1), getRngState(g2));
      }),
      { numRuns: 200 },
    );
  });

  it('shape and dtype are those asked for', () => {
    fc.assert(
      fc.property(seed, request, (s, req) => {
        const t = tensorOp(new Generator(s), req);
        assert.deepEqual(t.shape, req.op === 'randperm' ? [req.n] : req.size);
        assert.equal(t.dtype, req.dtype ?? (req.op === 'randint' || req.op === 'randperm' ? 'int64' : 'float32'));
      }),
      { numRuns: 200 },
    );
  });

  it('a state blob taken mid-stream continues the stream exactly', () => {
    fc.assert(
      fc.property(seed, fc.nat(1500), fc.nat(40), (s, before, n) => {
        const g = new Generator(s);
        tensorOp(g, { op: 'rand', size: [before] });
        tensorOp(g, { op: 'randn', size: [before % 3] }, 'avx2', {});
        const h = new Generator();
        setRngState(h, getRngState(g));
        const a = new Float32Array(n);
        const b = new Float32Array(n);
        fillNormalFloat32(g, a, 0, 1, 'avx2');
        fillNormalFloat32(h, b, 0, 1, 'avx2');
        assert.deepEqual(a, b);
      }),
      { numRuns: 100 },
    );
  });
});

describe('integers as the lossless JSON parser delivers them (BigInt beyond 2^53)', () => {
  it('seed 2**63 and randint bounds as BigInt parse to exact bigints once, torch_version defaults to 2.14', () => {
    const r = TensorsRequest.parse({ seed: 2n ** 63n, op: 'randint', low: -(2n ** 62n), high: 2n ** 62n, size: [1] }) as unknown as Record<string, unknown>;
    assert.equal(r.seed, 2n ** 63n);
    assert.equal(r.low, -(2n ** 62n));
    assert.equal(r.high, 2n ** 62n);
    assert.equal(r.torch_version, '2.14');
    assert.equal(TensorsRequest.safeParse({ seed: 2n ** 64n, op: 'rand', size: [1] }).success, false);
    assert.equal(TensorsRequest.safeParse({ seed: 0, op: 'rand', size: [1], torch_version: '2.0' }).success, false);
  });
});
