import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { PyFloat, pyFloats, pyInts, pyLabels, pyNumber, pyPlain, pythonKey } from '../../src/schemas/python.js';

// The zod wrappers that read Python numbers (PyFloat from the body parser's python mode): which fields
// refuse a float, which keep its Python type, and what the cache key hashes.

const messages = (s: z.ZodType, v: unknown) => s.safeParse(v).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);

test('pyInts: a float the inner schema accepts is refused; the inner schema\'s own refusals come first, unchanged', () => {
  const n = pyInts(z.int().min(0));
  assert.equal(n.parse(5), 5);
  assert.deepEqual(messages(n, new PyFloat(5)), [': must be an integer, got a float']);
  assert.deepEqual(messages(n, new PyFloat(-1)), messages(z.int().min(0), -1));
  assert.deepEqual(messages(n, new PyFloat(1.5)), messages(z.int().min(0), 1.5));
  assert.deepEqual(messages(n, 9007199254740993n), messages(z.int(), NaN), 'an integer beyond 2^53 is refused as NaN');
  const seeds = z.strictObject({ seed: pyInts(z.array(z.int())) });
  assert.deepEqual(messages(seeds, { seed: [1, new PyFloat(2)] }), ['seed: must be an integer, got a float']);
  assert.deepEqual(messages(seeds, { seed: [1, 'x'] }), messages(z.strictObject({ seed: z.array(z.int()) }), { seed: [1, 'x'] }));
  assert.equal(pyInts(z.string(), 'string').parse(18446744073709551615n), '18446744073709551615');
});

test('pyNumber keeps the Python type; pyFloats and pyLabels note floats; pyPlain sees a float as the number it is', () => {
  const s = pyNumber(z.number());
  assert.deepEqual(s.parse(1), { kind: 'int', value: 1n });
  assert.deepEqual(s.parse(new PyFloat(1)), { kind: 'float', value: 1 });
  assert.deepEqual(s.parse(0.25), { kind: 'float', value: 0.25 }, 'a fraction in a body built in JavaScript is a float');
  assert.deepEqual(pyFloats(z.array(z.number())).parse([new PyFloat(0.5), 0.5]), { kind: 'floats', values: [0.5, 0.5], float: true });
  const labels = pyLabels(z.array(z.union([z.string(), z.number(), z.boolean()])));
  assert.deepEqual(labels.parse([1, new PyFloat(2)]), { kind: 'number', values: Float64Array.from([1, 2]), float: true });
  assert.deepEqual(labels.parse([1, 2]), { kind: 'number', values: Float64Array.from([1, 2]), float: false });
  assert.deepEqual(labels.parse(['a']), { kind: 'string', values: ['a'] });
  assert.deepEqual(messages(pyPlain(z.boolean()), new PyFloat(1.5)), messages(z.boolean(), 1.5));
});

test('pythonKey: the body as written, with the fields written as floats named beside it', () => {
  const body = { n: 3, test_size: { kind: 'float', value: 1 }, y: { kind: 'number', values: Float64Array.from([1, 2]), float: false }, k: { kind: 'int', value: 4n } };
  assert.deepEqual(pythonKey(body), { body: { n: 3, test_size: 1, y: [1, 2], k: 4 }, float_fields: ['test_size'] });
  assert.deepEqual(pythonKey({ n: 3, p: { kind: 'floats', values: [1, 0], float: false } }), { n: 3, p: [1, 0] });
});
