import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { JsonWriter, floatText, nativeFloatFormat, toJsonBuffer } from '../../src/http/json.js';

const native = nativeFloatFormat;
const skip = native ? false : 'native formatter not built (npm run build:native)';

const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const fromBits64 = (b: bigint): number => ((u64[0] = b), f64[0]!);
const fromBits32 = (b: number): number => ((u32[0] = b), f32[0]!);

/** The JavaScript writer's text of a float tensor's nested arrays (floatText per element). */
function jsNested(data: Float32Array | Float64Array, shape: number[]): string {
  let off = 0;
  const rec = (d: number): string => {
    const parts: string[] = [];
    for (let i = 0; i < shape[d]!; i++) parts.push(d === shape.length - 1 ? floatText(data[off++]!) : rec(d + 1));
    return `[${parts.join(',')}]`;
  };
  return rec(0);
}

test('native float text equals floatText on random float64 bit patterns', { skip }, () => {
  fc.assert(
    fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), (b) => {
      const x = fromBits64(b);
      assert.equal(native!.formatFloat(x), floatText(x));
    }),
    { numRuns: 200_000 },
  );
});

test('native float text equals floatText on random float32 bit patterns (as the writer widens them)', { skip }, () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 0xffffffff }), (b) => {
      const x = fromBits32(b);
      assert.equal(native!.formatFloat(x), floatText(x));
    }),
    { numRuns: 200_000 },
  );
});

test('native float text equals floatText on subnormals, powers of ten, integers, boundaries and specials', { skip }, () => {
  const xs: number[] = [0, -0, NaN, Infinity, -Infinity, Number.MIN_VALUE, -Number.MIN_VALUE, Number.MAX_VALUE, Number.EPSILON, 2 ** 53, 2 ** 53 + 2, 2 ** 63, 2 ** 64];
  for (let e = -330; e <= 310; e++) {
    const p = Number(`1e${e}`);
    xs.push(p, -p, Math.fround(p), p * 1.5, Math.fround(p * 7));
  }
  for (let e = -1074; e <= 1023; e++) xs.push(2 ** e, -(2 ** e), fromBits64(u64[0] = 0n) + 2 ** e * (1 + Number.EPSILON));
  for (let i = -2000; i <= 2000; i++) xs.push(i, i / 10, i * 1e15, i * 1e16, i * 1e20, i * 1e21);
  for (let b = 0; b < 4096; b++) xs.push(fromBits64(BigInt(b)), fromBits64(0x000fffffffffffffn - BigInt(b)), fromBits32(b), fromBits32(0x007fffff - b));
  for (const x of xs) assert.equal(native!.formatFloat(x), floatText(x), `x=${x}`);
});

test('native tensor text equals the JavaScript writer on 2M random float32 and float64 values', { skip }, () => {
  const n = 1_000_000;
  const a32 = new Float32Array(n);
  const w32 = new Uint32Array(a32.buffer);
  for (let i = 0; i < n; i++) w32[i] = (Math.random() * 2 ** 32) >>> 0;
  assert.equal(native!.formatTensor(a32, [1000, 1000]).toString('latin1'), jsNested(a32, [1000, 1000]));
  const a64 = new Float64Array(n);
  const w64 = new Uint32Array(a64.buffer);
  for (let i = 0; i < 2 * n; i++) w64[i] = (Math.random() * 2 ** 32) >>> 0;
  assert.equal(native!.formatTensor(a64, [n]).toString('latin1'), jsNested(a64, [n]));
  const normals = new Float32Array(n).map(() => Math.fround(Math.sqrt(-2 * Math.log(1 - Math.random())) * Math.cos(6.283185307179586 * Math.random())));
  assert.equal(native!.formatTensor(normals, [10, 100, 1000]).toString('latin1'), jsNested(normals, [10, 100, 1000]));
});

test('native tensor text handles empty dimensions and rejects bad shapes', { skip }, () => {
  assert.equal(native!.formatTensor(new Float32Array(0), [2, 0]).toString(), '[[],[]]');
  assert.equal(native!.formatTensor(new Float32Array(0), [0, 3]).toString(), '[]');
  assert.throws(() => native!.formatTensor(new Float32Array(3), [2, 2]), /shape/);
  assert.throws(() => native!.formatTensor(new Int32Array(3) as never, [3]), /Float32Array/);
});

test('the writer uses the native text inside a tensor object (the same JSON as floatText)', () => {
  const t = { shape: [2, 2], dtype: 'float32' as const, data: new Float32Array([0.1, -0, 3, 1e-7]) };
  assert.equal(toJsonBuffer({ seed: 1n, tensor: t, s: { shape: [], dtype: 'float64', data: new Float64Array([2]) } }).toString(),
    `{"seed":"1","tensor":{"shape":[2,2],"dtype":"float32","data":[[0.10000000149011612,-0.0],[3.0,${String(Math.fround(1e-7))}]]},"s":{"shape":[],"dtype":"float64","data":2.0}}`);
});

test('toChunks gives the same bytes as toBuffer, in order', () => {
  const v = { seed: 3n, a: { shape: [3], dtype: 'float32' as const, data: new Float32Array([1.5, 2, -0]) }, b: [1, 2, 3], c: 'x' };
  assert.equal(Buffer.concat(new JsonWriter().value(v).toChunks()).toString(), toJsonBuffer(v).toString());
  assert.equal(toJsonBuffer(v).toString(), '{"seed":"3","a":{"shape":[3],"dtype":"float32","data":[1.5,2.0,-0.0]},"b":[1,2,3],"c":"x"}');
});
