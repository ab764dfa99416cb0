import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import request from 'supertest';
import { useApp } from '../../helpers/app.js';

// CONTRACT-sklearn.md through HTTP: the examples, 1 vs 1.0, the service's own 400/413 refusals (every
// "policy" case of sklearn.jsonl), problem+json, ETag/304/X-Cache, and the torch routes keeping their parser.
// (test/parity/http.replay.test.ts replays every fixture of sklearn.jsonl and the public sample through HTTP as well.)
const { app } = useApp({ MAX_ELEMENTS: 1_000_000, MAX_OUTPUT_INDICES: 1_000_000 });
const here = dirname(fileURLToPath(import.meta.url));

/** Posts a raw JSON text (so `1.0` stays `1.0`). */
function post(url: string, text: string) {
  return request(app().server).post(url).set('content-type', 'application/json').send(text);
}

describe('contract examples', () => {
  test('train_test_split(np.arange(10), test_size=0.25, random_state=42)', async () => {
    const r = await post('/v1/sklearn/train_test_split', '{"random_state": 42, "n_samples": 10, "test_size": 0.25}').expect(200);
    assert.deepEqual(r.body, { random_state: 42, train: [0, 7, 2, 9, 4, 3, 6], test: [8, 1, 5] });
    assert.match(r.headers['content-type'], /^application\/json/);
    assert.match(r.headers.etag, /^"[0-9a-f]{64}"$/);
    assert.equal(r.headers['cache-control'], 'public, max-age=31536000, immutable');
  });

  test('StratifiedKFold(3, shuffle=True, random_state=0)', async () => {
    const r = await post(
      '/v1/sklearn/cv_split',
      '{"splitter": "StratifiedKFold", "n_splits": 3, "shuffle": true, "random_state": 0, "y": ["a", "b", "a", "b", "a", "b", "a", "b", "a"]}',
    ).expect(200);
    assert.deepEqual(r.body, {
      random_state: 0,
      folds: [
        { train: [0, 3, 5, 6, 7, 8], test: [1, 2, 4] },
        { train: [1, 2, 3, 4, 7, 8], test: [0, 5, 6] },
        { train: [0, 1, 2, 4, 5, 6], test: [3, 7, 8] },
      ],
      warnings: [],
    });
  });

  test('numpy permutation, RandomState and default_rng; seeds echo as decimal strings', async () => {
    const a = await post('/v1/numpy/permutation', '{"seed": 42, "n": 10, "generator": "RandomState"}').expect(200);
    assert.deepEqual(a.body, { seed: '42', generator: 'RandomState', permutation: [8, 1, 5, 0, 7, 2, 9, 4, 3, 6] });
    const b = await post('/v1/numpy/permutation', '{"seed": 42, "n": 10, "generator": "default_rng"}').expect(200);
    assert.deepEqual(b.body.permutation, [5, 6, 0, 7, 3, 2, 4, 9, 1, 8]);
    const c = await post('/v1/numpy/permutation', '{"seed": ["5", 7], "n": 3}').expect(200);
    assert.deepEqual(c.body.seed, ['5', '7']);
  });

  test('the StratifiedKFold warning, once', async () => {
    const r = await post('/v1/sklearn/cv_split', `{"splitter": "RepeatedStratifiedKFold", "n_splits": 4, "n_repeats": 3, "random_state": 1, "y": ${JSON.stringify([0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1])}}`).expect(200);
    assert.deepEqual(r.body.warnings, ['The least populated class in y has only 3 members, which is less than n_splits=4.']);
    assert.equal(r.body.folds.length, 12);
  });
});

describe('integers and floats keep their JSON text type', () => {
  test('test_size 1 is one sample, 1.0 is refused with sklearn\'s message', async () => {
    const one = await post('/v1/sklearn/train_test_split', '{"random_state": 0, "n_samples": 10, "test_size": 1}').expect(200);
    assert.equal(one.body.test.length, 1);
    const r = await post('/v1/sklearn/train_test_split', '{"random_state": 0, "n_samples": 10, "test_size": 1.0, "sklearn_version": "1.2"}').expect(422);
    assert.match(r.headers['content-type'], /^application\/problem\+json/);
    assert.equal(r.body.detail, 'test_size=1.0 should be either positive and smaller than the number of samples 10 or a float in the (0, 1) range');
    assert.equal(r.headers.etag, undefined);
    const e = await post('/v1/sklearn/train_test_split', '{"random_state": 0, "n_samples": 10, "test_size": 1e0, "sklearn_version": "1.2"}').expect(422);
    assert.match(e.body.detail, /^test_size=1\.0 /);
    // sklearn >= 1.3: @validate_params refuses first, with InvalidParameterError's text
    const v = await post('/v1/sklearn/train_test_split', '{"random_state": 0, "n_samples": 10, "test_size": 1.0}').expect(422);
    assert.equal(
      v.body.detail,
      "The 'test_size' parameter of train_test_split must be a float in the range (0.0, 1.0), an int in the range [1, inf) or None. Got 1.0 instead.",
    );
    assert.equal(v.headers['x-sklearn-version'], '1.9');
  });

  test('n_splits 5.0 is sklearn\'s 422 for the k-fold family, a 400 where it is a plain integer field', async () => {
    const k = await post('/v1/sklearn/cv_split', '{"splitter": "KFold", "n_samples": 10, "n_splits": 5.0}').expect(422);
    assert.equal(k.body.detail, "The number of folds must be of Integral type. 5.0 of type <class 'float'> was passed.");
    await post('/v1/sklearn/cv_split', '{"splitter": "ShuffleSplit", "n_samples": 10, "n_splits": 2.0, "random_state": 0}').expect(400);
    const s = await post('/v1/sklearn/train_test_split', '{"random_state": 42.0, "n_samples": 10}').expect(400);
    assert.deepEqual(s.body.errors, [{ path: 'random_state', message: 'must be an integer, got a float' }]);
  });

  test('integer labels and float labels are one class when equal', async () => {
    const a = await post('/v1/sklearn/train_test_split', '{"random_state": 3, "stratify": [1, 2, 1, 2, 1, 2, 1, 2]}').expect(200);
    const b = await post('/v1/sklearn/train_test_split', '{"random_state": 3, "stratify": [1.0, 2, 1, 2.0, 1, 2, 1, 2]}').expect(200);
    assert.deepEqual(a.body, b.body);
  });
});

describe('cache headers', () => {
  test('second identical request is a HIT; If-None-Match answers 304; key order does not matter', async () => {
    const body = { random_state: 7, n_samples: 50, test_size: 0.3 };
    const a = await post('/v1/sklearn/train_test_split', JSON.stringify(body)).expect(200);
    const b = await post('/v1/sklearn/train_test_split', '{"test_size": 0.3, "n_samples": 50, "random_state": 7}').expect(200);
    assert.equal(a.headers['x-cache'], 'MISS');
    assert.equal(b.headers['x-cache'], 'HIT');
    assert.equal(a.headers.etag, b.headers.etag);
    const c = await post('/v1/sklearn/train_test_split', JSON.stringify(body)).set('If-None-Match', a.headers.etag).expect(304);
    assert.equal(c.text, '');
  });
  test('the same bytes again are answered from the answer index with the route\'s headers (X-Sklearn-Version, Vary), no torch headers', async () => {
    const text = '{"random_state": 11, "n_samples": 40, "test_size": 0.2, "sklearn_version": "1.6"}';
    const a = await post('/v1/sklearn/train_test_split', text).expect(200);
    const b = await post('/v1/sklearn/train_test_split', text).expect(200);
    assert.equal(b.headers['x-cache'], 'HIT');
    assert.equal(b.text, a.text);
    for (const r of [a, b]) {
      assert.equal(r.headers['x-sklearn-version'], '1.6');
      assert.equal(r.headers.vary, 'Accept');
      assert.equal(r.headers['x-torch-version'], undefined);
    }
    assert.equal(b.headers.etag, a.headers.etag);
  });

  test('numpy answers carry no version header; `1` and `1.0` are other keys even where both are accepted', async () => {
    const p = await post('/v1/numpy/choice', '{"seed": 0, "a": 2, "size": 3, "p": [1, 0]}').expect(200);
    const f = await post('/v1/numpy/choice', '{"seed": 0, "a": 2, "size": 3, "p": [1.0, 0.0]}').expect(200);
    assert.equal(p.headers['x-sklearn-version'], undefined);
    assert.deepEqual(p.body, f.body);
    assert.notEqual(p.headers.etag, f.headers.etag);
  });

  test('content negotiation as on every route: JSON only, 406 otherwise', async () => {
    await post('/v1/numpy/permutation', '{"seed": 0, "n": 3}').set('Accept', 'application/json;q=0.5, text/html').expect(200);
    const r = await post('/v1/numpy/permutation', '{"seed": 0, "n": 3}').set('Accept', 'text/html').expect(406);
    assert.match(r.headers['content-type'], /^application\/problem\+json/);
  });
});

describe('refusals of the service (400/413/415) and the torch routes\' own parser', () => {
  const cases = readFileSync(join(here, '..', '..', 'parity', 'fixtures', 'sklearn.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.includes('"policy":"contract"'))
    .map((l) => JSON.parse(l) as { id: string; endpoint: string; request: unknown; expect: { status: number }; raw_body?: string });
  assert.ok(cases.length >= 30);
  for (const c of cases) {
    test(c.id, async () => {
      const r = await post(c.endpoint, c.raw_body ?? JSON.stringify(c.request));
      assert.equal(r.status, c.expect.status, r.text.slice(0, 300));
      assert.match(r.headers['content-type'], /^application\/problem\+json/);
    });
  }

  test('work over MAX_OUTPUT_INDICES is 413 naming the limit', async () => {
    const r = await post('/v1/sklearn/cv_split', '{"splitter": "KFold", "n_samples": 600000, "n_splits": 2}').expect(413);
    assert.match(r.body.detail, /MAX_OUTPUT_INDICES is 1000000/);
  });

  test('malformed JSON, an empty body and another media type', async () => {
    await post('/v1/sklearn/cv_split', '{"splitter": ').expect(400);
    await post('/v1/sklearn/cv_split', '').expect(400);
    await request(app().server).post('/v1/numpy/permutation').set('content-type', 'text/plain').send('seed=1').expect(415);
  });

  test('torch routes are untouched by the lossless parser', async () => {
    const r = await request(app().server)
      .post('/v1/modules')
      .send({ seed: 0, module: { type: 'Linear', in_features: 2, out_features: 1 } })
      .expect(200);
    assert.deepEqual(r.body.state_dict.bias.data, [-0.5819807648658752]);
  });

  test('OpenAPI documents the three routes', async () => {
    const r = await request(app().server).get('/openapi.json').expect(200);
    for (const p of ['/v1/sklearn/train_test_split', '/v1/sklearn/cv_split', '/v1/numpy/permutation']) assert.ok(r.body.paths[p], p);
  });
});
