import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { useApp } from '../helpers/app.js';

// Hostile bodies at every computing endpoint: each must get a 4xx with a well-formed problem body,
// no stack trace or internal path, and the server must still answer correctly afterwards.
const { app } = useApp({ MAX_ELEMENTS: 2_000_000, BODY_LIMIT_BYTES: 262_144 });

/** A valid request per endpoint: mutations of it below are each invalid. */
const BASE: Record<string, Record<string, unknown>> = {
  '/v1/modules': { seed: 0, module: { type: 'Linear', in_features: 2, out_features: 1 } },
  '/v1/dataloader': { seed: 0, dataset_size: 10, batch_size: 3, shuffle: true, epochs: 2 },
  '/v1/random_split': { seed: 0, dataset_size: 10, lengths: [0.3, 0.7] },
  '/v1/tensors': { seed: 0, op: 'rand', size: [2, 3] },
  '/v1/scripts': { seed: 0, steps: [{ op: 'randperm', n: 5 }] },
  '/v1/init': { seed: 0, fn: 'uniform_', size: [2, 3] },
  '/v1/sklearn/train_test_split': { random_state: 0, n_samples: 10, test_size: 0.25 },
  '/v1/sklearn/cv_split': { splitter: 'KFold', n_samples: 10, n_splits: 3, shuffle: true, random_state: 0 },
  '/v1/numpy/permutation': { seed: 0, n: 10, generator: 'legacy' },
  '/v1/sklearn/resample': { random_state: 0, length: 10 },
  '/v1/numpy/choice': { seed: 0, generator: 'RandomState', a: 10, size: 5 },
  '/v1/numpy/integers': { seed: 0, generator: 'default_rng', low: 0, high: 10, size: 5 },
};
const endpoints = Object.keys(BASE);
/** Fields without a default. */
const REQUIRED: Record<string, string[]> = {
  '/v1/modules': ['seed', 'module'],
  '/v1/dataloader': ['seed', 'dataset_size'],
  '/v1/random_split': ['seed', 'dataset_size', 'lengths'],
  '/v1/tensors': ['seed', 'op', 'size'],
  '/v1/scripts': ['seed', 'steps'],
  '/v1/init': ['seed', 'fn', 'size'],
  '/v1/sklearn/train_test_split': ['n_samples'],
  '/v1/sklearn/cv_split': ['splitter', 'n_samples'],
  '/v1/numpy/permutation': ['seed', 'n'],
  '/v1/sklearn/resample': ['length'],
  '/v1/numpy/choice': ['seed', 'a'],
  '/v1/numpy/integers': ['seed', 'high'],
};

/** Values that are never valid for the given field. */
const badFor: Record<string, fc.Arbitrary<unknown>> = {
  seed: fc.oneof(fc.constant(1.5), fc.constant(2 ** 70), fc.constant('abc'), fc.constant('18446744073709551616'), fc.constant('-9223372036854775809'), fc.constant(null), fc.constant([]), fc.constant({}), fc.boolean(), fc.string({ minLength: 1 }).filter((s) => !/^-?[0-9]+$/.test(s))),
  int: fc.oneof(fc.constant(-1), fc.constant(0.5), fc.constant(-1e308), fc.constant(1e308), fc.constant('3'), fc.constant([1]), fc.constant({ n: 1 }), fc.boolean(), fc.integer({ max: -1 })),
  // numpy's integer bounds: strings of digits, negatives and booleans are integers to numpy too
  bound: fc.oneof(fc.constant('abc'), fc.constant({ n: 1 }), fc.constant([]), fc.constant(1e308), fc.constant(-1e308), fc.constant(0.5)),
  bool: fc.oneof(fc.constant(1), fc.constant('true'), fc.constant(null), fc.constant([]), fc.constant({})),
  array: fc.oneof(fc.constant('1,2'), fc.constant(3), fc.constant(null), fc.constant({ 0: 1 }), fc.constant([[1]]), fc.constant(['a'])),
  string: fc.oneof(fc.constant(1), fc.constant(null), fc.constant([]), fc.constant({}), fc.constant('__proto__'), fc.constant('NoSuchThing'), fc.string().filter((s) => !['rand', 'randn', 'randint', 'randperm', 'normal', 'uniform', 'bernoulli', 'Linear', 'Sequential', 'ReLU', 'Tanh', 'Sigmoid', 'Dropout', 'Flatten', 'Identity'].includes(s))),
  rs: fc.oneof(fc.constant(1.5), fc.constant(2 ** 70), fc.constant('abc'), fc.constant({}), fc.boolean(), fc.constant(-1), fc.constant(2 ** 32)),
  object: fc.oneof(fc.constant(1), fc.constant('Linear'), fc.constant(null), fc.constant([]), fc.constant({})),
};
const FIELDS: Record<string, Array<[string[], keyof typeof badFor]>> = {
  '/v1/modules': [[['seed'], 'seed'], [['module'], 'object'], [['module', 'type'], 'string'], [['module', 'in_features'], 'int'], [['module', 'out_features'], 'int']],
  '/v1/dataloader': [[['seed'], 'seed'], [['dataset_size'], 'int'], [['batch_size'], 'int'], [['shuffle'], 'bool'], [['epochs'], 'int']],
  '/v1/random_split': [[['seed'], 'seed'], [['dataset_size'], 'int'], [['lengths'], 'array']],
  '/v1/tensors': [[['seed'], 'seed'], [['op'], 'string'], [['size'], 'array']],
  '/v1/scripts': [[['seed'], 'seed'], [['steps'], 'array'], [['steps', '0', 'op'], 'string'], [['steps', '0', 'n'], 'int']],
  '/v1/init': [[['seed'], 'seed'], [['fn'], 'string'], [['size'], 'array']],
  '/v1/sklearn/train_test_split': [[['random_state'], 'rs'], [['n_samples'], 'int'], [['shuffle'], 'bool']],
  '/v1/sklearn/cv_split': [[['random_state'], 'rs'], [['n_samples'], 'int'], [['splitter'], 'string'], [['shuffle'], 'bool']],
  '/v1/numpy/permutation': [[['seed'], 'rs'], [['n'], 'int'], [['generator'], 'string']],
  '/v1/sklearn/resample': [[['random_state'], 'rs'], [['length'], 'int'], [['replace'], 'bool']],
  '/v1/numpy/choice': [[['seed'], 'rs'], [['a'], 'int'], [['size'], 'int'], [['generator'], 'string']],
  '/v1/numpy/integers': [[['seed'], 'rs'], [['low'], 'bound'], [['high'], 'bound'], [['size'], 'int'], [['generator'], 'string']],
};

function setPath(obj: Record<string, unknown>, path: string[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(obj);
  let o: Record<string, unknown> = copy;
  for (const k of path.slice(0, -1)) o = o[k] as Record<string, unknown>;
  o[path.at(-1)!] = value;
  return copy;
}

interface Hostile {
  url: string;
  contentType: string;
  payload: string;
  kind: string;
}

const endpointArb = fc.constantFrom(...endpoints);
const hostile: fc.Arbitrary<Hostile> = fc.oneof(
  // a wrong value in one field
  endpointArb.chain((url) =>
    fc.constantFrom(...FIELDS[url]!).chain(([path, kind]) =>
      badFor[kind]!.map((v) => ({ url, contentType: 'application/json', payload: JSON.stringify(setPath(BASE[url]!, path, v)), kind: `bad ${path.join('.')}` })),
    ),
  ),
  // a required field missing
  endpointArb.chain((url) =>
    fc.constantFrom(...REQUIRED[url]!).map((k) => {
      const b = { ...BASE[url]! };
      delete b[k];
      return { url, contentType: 'application/json', payload: JSON.stringify(b), kind: `missing ${k}` };
    }),
  ),
  // an unknown field
  endpointArb.chain((url) =>
    fc.tuple(fc.string({ minLength: 1, maxLength: 12 }).map((s) => `x_${s}`), fc.jsonValue()).map(([k, v]) => ({
      url, contentType: 'application/json', payload: JSON.stringify({ ...BASE[url]!, [k]: v }), kind: 'unknown key',
    })),
  ),
  // a JSON value that is not an object
  endpointArb.chain((url) =>
    fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.string(), fc.boolean(), fc.constant(null), fc.array(fc.jsonValue(), { maxLength: 5 })).map((v) => ({
      url, contentType: 'application/json', payload: JSON.stringify(v), kind: 'not an object',
    })),
  ),
  // not JSON at all
  endpointArb.chain((url) =>
    fc.oneof(fc.string().filter((s) => { try { JSON.parse(s); return false; } catch { return true; } }), fc.constant('{"seed": 0,'), fc.constant('\u0000\u0001'), fc.constant('{seed: 0}')).map((payload) => ({
      url, contentType: 'application/json', payload, kind: 'not JSON',
    })),
  ),
  // prototype pollution attempts
  endpointArb.chain((url) =>
    fc.constantFrom('{"__proto__": {"polluted": 1}}', '{"constructor": {"prototype": {"polluted": 1}}}', '{"seed": 0, "__proto__": {"isAdmin": true}}').map((payload) => ({
      url, contentType: 'application/json', payload, kind: 'proto',
    })),
  ),
  // deep nesting and huge arrays
  endpointArb.chain((url) =>
    fc.oneof(
      fc.integer({ min: 1000, max: 100_000 }).map((d) => `{"seed": 0, "x": ${'['.repeat(d)}${']'.repeat(d)}}`),
      fc.integer({ min: 100_001, max: 200_000 }).map((n) => `{"seed": 0, "dataset_size": 10, "lengths": [${Array(n).fill('1').join(',')}]}`),
      fc.constant(`{"seed": "${'9'.repeat(300_000)}"}`),
    ).map((payload) => ({ url, contentType: 'application/json', payload, kind: 'huge' })),
  ),
  // wrong content types
  endpointArb.chain((url) =>
    fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'multipart/form-data; boundary=x', 'image/png').map((contentType) => ({
      url, contentType, payload: 'seed=0', kind: 'content type',
    })),
  ),
  // huge and negative numbers where sizes go
  endpointArb.chain((url) =>
    fc.oneof(fc.constant(-(2 ** 53)), fc.constant(2 ** 53 + 2), fc.constant(-1), fc.constant(1e300)).map((v) => {
      const b = url === '/v1/modules' ? setPath(BASE[url]!, ['module', 'in_features'], v)
        : url === '/v1/tensors' || url === '/v1/init' ? setPath(BASE[url]!, ['size'], [v])
        : url === '/v1/scripts' ? setPath(BASE[url]!, ['steps', '0', 'n'], v)
        : url === '/v1/numpy/permutation' ? setPath(BASE[url]!, ['n'], v)
        : url === '/v1/sklearn/resample' ? setPath(BASE[url]!, ['length'], v)
        : url === '/v1/numpy/choice' || url === '/v1/numpy/integers' ? setPath(BASE[url]!, ['size'], v)
        : url.startsWith('/v1/sklearn') ? setPath(BASE[url]!, ['n_samples'], v)
        : setPath(BASE[url]!, ['dataset_size'], v);
      return { url, contentType: 'application/json', payload: JSON.stringify(b), kind: 'size' };
    }),
  ),

  // a zero dimension beside a huge one, huge repeats over nothing (the work model's classes)
  fc
    .tuple(fc.constantFrom(2 ** 53 - 1, 2 ** 40, 10 ** 12), fc.integer({ min: 0, max: 15 }))
    .map(([N, k]) => {
      const bodies: Array<[string, unknown]> = [
        ['/v1/tensors', { seed: 0, op: 'rand', size: [N, 0] }],
        ['/v1/tensors', { seed: 0, op: 'bernoulli', size: [N, N, 0] }],
        ['/v1/init', { seed: 0, fn: 'normal_', size: [N, 0] }],
        ['/v1/modules', { seed: 0, module: { type: 'Linear', in_features: 0, out_features: N, bias: false } }],
        ['/v1/modules', { seed: 0, module: { type: 'Conv2d', in_channels: 0, out_channels: N, kernel_size: 3, bias: false } }],
        ['/v1/modules', { seed: 0, module: { type: 'Embedding', num_embeddings: N, embedding_dim: 0 } }],
        ['/v1/dataloader', { seed: 0, dataset_size: 0, epochs: N }],
        ['/v1/dataloader', { seed: 0, dataset_size: 1, num_workers: N }],
        ['/v1/scripts', { seed: 0, steps: [{ op: 'dataloader', dataset_size: 0, epochs: N }] }],
        ['/v1/scripts', { seed: 0, steps: [{ op: 'init', fn: 'zeros_', size: [N, 0] }] }],
        ['/v1/sklearn/cv_split', { splitter: 'ShuffleSplit', n_samples: 1, n_splits: N, random_state: 0 }],
        ['/v1/sklearn/cv_split', { splitter: 'RepeatedKFold', n_samples: 10, n_repeats: N, random_state: 0 }],
        ['/v1/sklearn/cv_split', { splitter: 'LeavePOut', n_samples: 60, p: 30 }],
        ['/v1/sklearn/resample', { random_state: 0, length: 1, n_samples: N }],
        ['/v1/numpy/choice', { seed: 0, generator: 'default_rng', a: N, size: [N, 0] }],
        ['/v1/numpy/integers', { seed: 0, generator: 'RandomState', low: 0, high: 10, size: [0, N] }],
      ];
      const [url, body] = bodies[k]!;
      return { url, contentType: 'application/json', payload: JSON.stringify(body), kind: 'zero beside huge' };
    }),
  // hostile bodies of the parser: duplicate keys, deep nesting, compressed
  endpointArb.chain((url) =>
    fc.constantFrom(`{"seed": 0, "seed": 0}`, `${'['.repeat(5000)}${']'.repeat(5000)}`, `{"a":${'{"a":'.repeat(100)}1${'}'.repeat(101)}`).map((payload) => ({
      url, contentType: 'application/json', payload, kind: 'parser',
    })),
  ),
);

let sent = 0;
const perRoute = new Map<string, number>();
test('>= 500 hostile bodies get 4xx problem answers and leave the server healthy', async (t) => {
  await fc.assert(
    fc.asyncProperty(hostile, async (h) => {
      sent++;
      perRoute.set(h.url, (perRoute.get(h.url) ?? 0) + 1);
      const r = await app().inject({ method: 'POST', url: h.url, headers: { 'content-type': h.contentType }, payload: h.payload });
      assert.ok(r.statusCode >= 400 && r.statusCode < 500, `${h.kind} at ${h.url}: status ${r.statusCode} ${r.body.slice(0, 200)}`);
      assert.match(String(r.headers['content-type']), /^application\/problem\+json/, h.kind);
      const body = JSON.parse(r.body) as { type: string; title: string; status: number; detail: string };
      assert.equal(body.status, r.statusCode);
      assert.equal(typeof body.type, 'string');
      assert.equal(typeof body.title, 'string');
      assert.equal(typeof body.detail, 'string');
      assert.doesNotMatch(r.body, /node_modules|\/work\/|\.ts:\d+|\n\s+at /, `${h.kind}: internal detail leaked`);
    }),
    { numRuns: 1800, seed: 20261127 },
  );
  assert.ok(sent >= 1000);
  t.diagnostic(`hostile bodies per route: ${JSON.stringify(Object.fromEntries([...perRoute].sort()))}`);
  for (const url of endpoints) assert.ok((perRoute.get(url) ?? 0) >= 50, `${url}: only ${perRoute.get(url) ?? 0} hostile bodies`);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  const r = await app().inject({ method: 'POST', url: '/v1/modules', payload: BASE['/v1/modules'] });
  assert.equal(r.statusCode, 200);
  assert.deepEqual(r.json().state_dict.weight.data, [[-0.005293981172144413, 0.37932288646698]]);
  assert.equal((await app().inject({ method: 'GET', url: '/health' })).statusCode, 200);
});
