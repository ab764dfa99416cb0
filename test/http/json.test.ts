import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { floatText, toJsonBuffer } from '../../src/http/json.js';
import { makeTensor } from '../../src/engine/torch/tensor/tensor.js';

test('property: index lists of any length serialise as JSON.stringify does', () => {
  fc.assert(
    fc.property(fc.array(fc.array(fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }), { maxLength: 600 }), { maxLength: 4 }), (lists) => {
      assert.equal(toJsonBuffer({ subsets: lists }).toString(), JSON.stringify({ subsets: lists }));
    }),
    { numRuns: 300 },
  );
});

test('floats print as Python repr of the float (shortest round trip, -0.0, integral values with .0)', () => {
  assert.equal(floatText(0.37932288646698), '0.37932288646698');
  assert.equal(floatText(-0), '-0.0');
  assert.equal(floatText(2), '2.0');
  assert.equal(floatText(1e-7), '1e-7');
  const t = makeTensor([2, 2], 'float32', Float32Array.from([0.1, -0, 3, 1e-40]));
  const parsed = JSON.parse(toJsonBuffer({ tensor: t }).toString());
  assert.deepEqual(parsed.tensor.shape, [2, 2]);
  assert.ok(Object.is(parsed.tensor.data[0][1], -0));
  assert.equal(parsed.tensor.data[0][0], Math.fround(0.1));
  assert.equal(parsed.tensor.data[1][1], Math.fround(1e-40));
});

test('int64 values beyond 2^53 keep every digit; bigints elsewhere are decimal strings', () => {
  const t = makeTensor([2], 'int64', BigInt64Array.from([9223372036854775807n, -9223372036854775808n]));
  assert.equal(toJsonBuffer({ seed: 18446744073709551615n, tensor: t }).toString(), '{"seed":"18446744073709551615","tensor":{"shape":[2],"dtype":"int64","data":[9223372036854775807,-9223372036854775808]}}');
});
