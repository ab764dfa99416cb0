import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import request from 'supertest';
import { numpyChoice, numpyIntegers } from '../../../src/engine/numpy/draws.js';
import { comb, combinatorialOutputIndices } from '../../../src/engine/sklearn/moreSplitters.js';
import { groupOrder } from '../../../src/engine/sklearn/kFold.js';
import { useApp } from '../../helpers/app.js';

// sklearn_version (issue 12) through HTTP and the engine pieces the fixtures do not pin one by one.
// The answers themselves are pinned by test/parity/fixtures/sklearn-v{1.9,1.6,1.2}.jsonl (gen_sklearn.py).
const { app } = useApp({ MAX_OUTPUT_INDICES: 50_000_000 });

function post(url: string, text: string) {
  return request(app().server).post(url).set('content-type', 'application/json').send(text);
}

describe('sklearn_version', () => {
  test('defaults to 1.9, is echoed in X-Sklearn-Version and is part of the cache key', async () => {
    const a = await post('/v1/sklearn/train_test_split', '{"random_state": 0, "n_samples": 10}').expect(200);
    assert.equal(a.headers['x-sklearn-version'], '1.9');
    const b = await post('/v1/sklearn/train_test_split', '{"random_state": 0, "n_samples": 10, "sklearn_version": "1.9"}').expect(200);
    assert.equal(b.headers.etag, a.headers.etag);
    const c = await post('/v1/sklearn/train_test_split', '{"random_state": 0, "n_samples": 10, "sklearn_version": "1.2"}').expect(200);
    assert.equal(c.headers['x-sklearn-version'], '1.2');
    assert.notEqual(c.headers.etag, a.headers.etag);
    assert.deepEqual(c.body, a.body);
  });

  test('an unknown version is a 400 naming the accepted ones', async () => {
    const r = await post('/v1/sklearn/cv_split', '{"splitter": "KFold", "n_samples": 4, "sklearn_version": "latest"}').expect(400);
    assert.match(JSON.stringify(r.body), /1\.9.*1\.6.*1\.2/);
  });

  test('numpy routes: a valid sklearn_version is accepted and changes nothing (not even the ETag); other values and numpy_version are 400', async () => {
    const plain = await post('/v1/numpy/integers', '{"seed": 0, "low": 0, "high": 5, "size": 2}').expect(200);
    const versioned = await post('/v1/numpy/integers', '{"seed": 0, "low": 0, "high": 5, "size": 2, "sklearn_version": "1.2"}').expect(200);
    assert.deepEqual(versioned.body, plain.body);
    assert.equal(versioned.headers.etag, plain.headers.etag);
    await post('/v1/numpy/integers', '{"seed": 0, "low": 0, "high": 5, "size": 2, "sklearn_version": "latest"}').expect(400);
    await post('/v1/numpy/integers', '{"seed": 0, "low": 0, "high": 5, "size": 2, "numpy_version": "2.4"}').expect(400);
  });

  test('random_state out of range with shuffle=false: answered by 1.2, refused from 1.3 on', async () => {
    await post('/v1/sklearn/train_test_split', '{"random_state": 4294967301, "n_samples": 8, "shuffle": false, "sklearn_version": "1.2"}').expect(200);
    const r = await post('/v1/sklearn/train_test_split', '{"random_state": 4294967301, "n_samples": 8, "shuffle": false}').expect(422);
    assert.match(r.body.detail, /^The 'random_state' parameter of train_test_split must be an int in the range \[0, 4294967295\]/);
  });

  test('GroupKFold: shuffle is a 400 under 1.2; tied sizes are a 422 under 1.6 that suggests 1.9', async () => {
    await post('/v1/sklearn/cv_split', '{"splitter": "GroupKFold", "n_splits": 2, "shuffle": true, "random_state": 0, "groups": [0, 0, 1, 1], "sklearn_version": "1.2"}').expect(400);
    await post('/v1/sklearn/cv_split', '{"splitter": "GroupKFold", "n_splits": 2, "shuffle": true, "random_state": 0, "groups": [0, 0, 1, 1]}').expect(200);
    const t = await post('/v1/sklearn/cv_split', '{"splitter": "GroupKFold", "n_splits": 2, "groups": [0, 0, 1, 1], "sklearn_version": "1.6"}').expect(422);
    assert.match(t.body.detail, /"1\.9"/);
    await post('/v1/sklearn/cv_split', '{"splitter": "GroupKFold", "n_splits": 2, "groups": [0, 0, 1, 1, 1], "sklearn_version": "1.6"}').expect(200);
  });

  test('StratifiedShuffleSplit one-member message names the classes in 1.9 only', async () => {
    const a = await post('/v1/sklearn/cv_split', '{"splitter": "StratifiedShuffleSplit", "random_state": 0, "y": [0, 0, 0, 0, 2]}').expect(422);
    assert.match(a.body.detail, /Classes with too few members are: \[2\]$/);
    const b = await post('/v1/sklearn/cv_split', '{"splitter": "StratifiedShuffleSplit", "random_state": 0, "y": [0, 0, 0, 0, 2], "sklearn_version": "1.6"}').expect(422);
    assert.match(b.body.detail, /cannot be less than 2\.$/);
  });
});

describe('combinatorial splitters count before work', () => {
  test('LeavePOut(2) on 465 samples is just over 50M indices: 413', async () => {
    assert.equal(combinatorialOutputIndices({ splitter: 'LeavePOut', n_samples: 465, p: 2 }), 50_164_200n);
    assert.equal(comb(5, 2), 10n);
    assert.equal(comb(3, 4), 0n);
    const r = await post('/v1/sklearn/cv_split', '{"splitter": "LeavePOut", "p": 2, "n_samples": 465}').expect(413);
    assert.match(r.body.detail, /MAX_OUTPUT_INDICES/);
    await post('/v1/sklearn/cv_split', '{"splitter": "LeavePOut", "p": 200, "n_samples": 100000}').expect(413);
  });

  test('sklearn crashes become 422s that say so', async () => {
    const p0 = await post('/v1/sklearn/cv_split', '{"splitter": "LeavePOut", "p": 0, "n_samples": 3}').expect(422);
    assert.match(p0.body.detail, /IndexError/);
    const t0 = await post('/v1/sklearn/cv_split', '{"splitter": "TimeSeriesSplit", "n_samples": 12, "n_splits": 3, "test_size": 0}').expect(422);
    assert.match(t0.body.detail, /range\(\) arg 3 must not be zero/);
    const s = await post('/v1/sklearn/resample', '{"random_state": 0, "length": 3, "stratify": [0, 1, 0, 1]}').expect(422);
    assert.match(s.body.detail, /IndexError/);
  });
});

describe('numpy draws (engine)', () => {
  test('GroupKFold orders: introsort vs stable on ties', () => {
    assert.deepEqual(Array.from(groupOrder(Int32Array.from([2, 2, 1, 1]), 'stable')), [1, 0, 3, 2]);
    assert.throws(() => groupOrder(Int32Array.from([2, 2, 1]), 'simd'), /1\.9/);
  });

  test('refusals carry numpy\'s text', () => {
    assert.throws(() => numpyChoice({ seed: 0, generator: 'RandomState', a: 3, size: 4, replace: false }), /Cannot take a larger sample than population when 'replace=False'/);
    assert.throws(() => numpyChoice({ seed: 0, generator: 'RandomState', a: 2, size: 1, p: [0.5, 0.6] }), /probabilities do not sum to 1/);
    assert.throws(() => numpyIntegers({ seed: 0, generator: 'default_rng', low: 5n, high: 5n, size: 1 }), /low >= high/);
  });
});
