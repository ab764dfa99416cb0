import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { useApp } from '../helpers/app.js';

// docs/api.md stays true: every example marked `<!-- check: METHOD /path -->` is sent to the service and
// its answer must equal the JSON block written under the request. README and docs/ name no file outside
// the repository.
const { app } = useApp();
const root = new URL('../../', import.meta.url);
const api = readFileSync(new URL('docs/api.md', root), 'utf8');
const CHECK = /<!-- check: (GET|POST) (\S+) -->\s*```json\n([\s\S]*?)```\s*```json\n([\s\S]*?)```/g;

describe('docs/api.md examples', () => {
  const found = [...api.matchAll(CHECK)];
  test('the page has checked examples for every computing route', () => {
    const paths = new Set(found.map((m) => m[2]));
    for (const p of ['/v1/modules', '/v1/init', '/v1/tensors', '/v1/dataloader', '/v1/random_split', '/v1/scripts', '/v1/sklearn/train_test_split', '/v1/sklearn/cv_split', '/v1/numpy/permutation']) {
      assert.ok(paths.has(p), `docs/api.md checks ${p}`);
    }
  });
  for (const [, method, path, request, answer] of found) {
    test(`${method} ${path}`, async () => {
      const r = await app().inject({
        method: method as 'GET' | 'POST',
        url: path!,
        ...(method === 'POST' ? { headers: { 'content-type': 'application/json' }, payload: request } : {}),
      });
      assert.equal(r.statusCode, 200, r.body.slice(0, 300));
      assert.deepEqual(JSON.parse(r.body), JSON.parse(answer!));
    });
  }
});

test('README and docs/ refer to no file outside the repository', () => {
  const files = ['README.md', 'docs/api.md', 'docs/recipes/resnet18.md', 'docs/normal-parity.md', 'docs/benchmarks.md'];
  for (const f of files) {
    const text = readFileSync(new URL(f, root), 'utf8');
    assert.doesNotMatch(text, /\.\.\/shared\/|\/work\/|\(\.\.\/\.\.\//, `${f} points outside the repository`);
  }
});
