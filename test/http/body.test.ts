import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import fc from 'fast-check';
import request from 'supertest';
import { buildApp } from '../../src/http/app.js';
import { BodyError, parseBody } from '../../src/http/body.js';
import { PyFloat } from '../../src/schemas/python.js';
import { defaultConfig } from '../../src/config.js';

const limits = { maxDepth: 64, maxKeys: 1000 };

test('property: parseBody reads what JSON.parse reads (safe numbers, strings with escapes, nesting)', () => {
  const key = fc.string().filter((k) => k !== '__proto__' && k !== 'constructor');
  const leaf = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Number.isInteger(x) || Number.isSafeInteger(x)), fc.string(), fc.boolean(), fc.constant(null));
  const { tree } = fc.letrec((tie) => ({
    tree: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('tree'), { maxLength: 4 }), fc.dictionary(key, tie('tree'), { maxKeys: 4 })),
  }));
  fc.assert(
    fc.property(tree, (v) => {
      const text = JSON.stringify(v);
      assert.deepEqual(parseBody(text, limits).value, JSON.parse(text));
    }),
    { numRuns: 500 },
  );
});

test('integers beyond 2^53 are BigInt; floats are numbers, or PyFloat in python mode (`1` is not `1.0`)', () => {
  assert.deepEqual(parseBody('{"seed": 18446744073709551615, "x": -9007199254740993}', limits).value, { seed: 18446744073709551615n, x: -9007199254740993n });
  assert.deepEqual(parseBody('{"a": 1, "b": [1, 2.0], "c": {"d": 1e0}}', limits).value, { a: 1, b: [1, 2], c: { d: 1 } });
  const py = parseBody('{"a": 1, "b": [1, 2.0], "c": {"d": 1e0}, "e": 9007199254740991, "f": 9007199254740993}', limits, 'python').value;
  assert.deepEqual(py, { a: 1, b: [1, new PyFloat(2)], c: { d: new PyFloat(1) }, e: 9007199254740991, f: 9007199254740993n });
  assert.ok(Reflect.get(Reflect.get(Object(py), 'b'), 1) instanceof PyFloat);
  assert.equal(parseBody('0.5', limits, 'python').value, 0.5, 'a bare number is no field: plain');
});

test('depth and key limits are checked before going deeper; iterative: 1M-deep bodies do not overflow the stack', () => {
  assert.throws(() => parseBody('['.repeat(1_000_000), limits), (e: unknown) => e instanceof BodyError && e.statusCode === 413 && /JSON_MAX_DEPTH is 64/.test(e.message));
  assert.throws(() => parseBody('{"a":'.repeat(70) + '1' + '}'.repeat(70), limits), /JSON_MAX_DEPTH/);
  assert.equal(parseBody('['.repeat(64) + ']'.repeat(64), limits).value !== undefined, true);
  const many = `{${Array.from({ length: 1001 }, (_, i) => `"k${i}":0`).join(',')}}`;
  assert.throws(() => parseBody(many, limits), /JSON_MAX_KEYS is 1000/);
});

test('duplicate, __proto__ and constructor keys are refused by name; malformed JSON is a SyntaxError', () => {
  assert.throws(() => parseBody('{"seed": 0, "seed": 1}', limits), /Duplicate key "seed"/);
  assert.throws(() => parseBody('{"a": {"__proto__": {}}}', limits), /"__proto__" is not allowed in a request body \(at a\.__proto__\)/);
  assert.throws(() => parseBody('{"constructor": 1}', limits), /"constructor" is not allowed/);
  for (const bad of ['{', '{"a" 1}', '[1,]', '{"a":1,}', '01', '1 2', '"\\x"', 'tru', '-', '{"a":1}}', '[1}', '"\u0001"']) {
    assert.throws(() => parseBody(bad, limits), SyntaxError, bad);
  }
});

const app = await buildApp({ config: defaultConfig({ POOL_THREADS: 0, RATE_LIMIT_MAX: 0 }) });
after(() => app.close());
await app.ready();

const routes = ['/v1/tensors', '/v1/init', '/v1/modules', '/v1/dataloader', '/v1/random_split', '/v1/scripts', '/v1/sklearn/train_test_split', '/v1/sklearn/cv_split', '/v1/numpy/permutation'];

test('every route: 20000-deep body 413, duplicate keys 400 naming the key, __proto__ 400 naming it, gzip 415', async () => {
  for (const url of routes) {
    const deep = await request(app.server).post(url).set('content-type', 'application/json').send('['.repeat(20000) + ']'.repeat(20000));
    assert.equal(deep.status, 413, url);
    assert.match(deep.body.detail, /JSON_MAX_DEPTH/);
    const dup = await request(app.server).post(url).set('content-type', 'application/json').send('{"seed": 0, "seed": 0}');
    assert.equal(dup.status, 400, url);
    assert.match(dup.body.detail, /Duplicate key "seed"/);
    const proto = await request(app.server).post(url).set('content-type', 'application/json').send('{"seed": 0, "__proto__": {"x": 1}}');
    assert.equal(proto.status, 400, url);
    assert.match(proto.body.detail, /__proto__/);
    const gz = await request(app.server).post(url).set('content-type', 'application/json').set('content-encoding', 'gzip').send('{"seed": 0}');
    assert.equal(gz.status, 415, url);
    assert.match(gz.headers['content-type'], /^application\/problem\+json/);
  }
});

test('sklearn keeps telling 1 from 1.0 and refusing integers beyond 2^53', async () => {
  const f = await request(app.server).post('/v1/sklearn/train_test_split').send({ random_state: 0, n_samples: 10, test_size: 0.5 });
  assert.equal(f.status, 200);
  const big = await request(app.server).post('/v1/numpy/permutation').set('content-type', 'application/json').send('{"seed": 0, "n": 9007199254740993}');
  assert.equal(big.status, 400);
  const asFloat = await request(app.server).post('/v1/numpy/permutation').set('content-type', 'application/json').send('{"seed": 0, "n": 3.0}');
  assert.equal(asFloat.status, 400);
});
