import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ResponseCache } from '../../../src/cache/cache.js';
import { useApp } from '../../helpers/app.js';

/** A store the test can empty (answers evicted behind the index's back). */
class ClearableCache implements ResponseCache {
  readonly map = new Map<string, Buffer>();
  async get(key: string): Promise<Buffer | undefined> {
    return this.map.get(key);
  }
  async set(key: string, body: Buffer): Promise<void> {
    this.map.set(key, body);
  }
}

const store = new ClearableCache();
const { app } = useApp({}, { cache: store });
const post = (payload: string, headers: Record<string, string> = {}, url = '/v1/modules') =>
  app().inject({ method: 'POST', url, headers: { 'content-type': 'application/json', ...headers }, payload });
/** Every header but the per-exchange ones. */
const stable = (h: Record<string, unknown>) => Object.fromEntries(Object.entries(h).filter(([k]) => !['date', 'connection', 'keep-alive'].includes(k)));
const cacheHits = async () => Number(/cache_lookups_total\{result="hit"\} (\d+)/.exec((await app().inject({ method: 'GET', url: '/metrics' })).body)?.[1] ?? 0);

describe('a repeated request is answered from its bytes (no parse, no validation), exactly as the route does', () => {
  const body = '{"seed":5,"module":{"type":"Linear","in_features":3,"out_features":2}}';
  const spaced = '{ "seed": 5, "module": { "type": "Linear", "in_features": 3, "out_features": 2 } }';

  test('the fast hit has the route hit\'s status, headers and bytes, and counts as a hit', async () => {
    const miss = await post(body);
    assert.equal(miss.headers['x-cache'], 'MISS');
    const routeHit = await post(spaced); // other bytes: parsed, validated and hashed, then found cached
    assert.equal(routeHit.headers['x-cache'], 'HIT');
    const before = await cacheHits();
    const fastHit = await post(body);
    assert.equal(await cacheHits(), before + 1);
    assert.equal(fastHit.statusCode, 200);
    assert.deepEqual(stable(fastHit.headers), stable(routeHit.headers));
    assert.equal(fastHit.body, routeHit.body);
    assert.equal(fastHit.body, miss.body);
    for (const h of ['content-security-policy', 'x-content-type-options', 'x-torch-version', 'x-torch-cpu-kernel', 'etag', 'cache-control', 'vary']) assert.ok(fastHit.headers[h], h);
  });

  test('If-None-Match: 304 with the same headers as the route\'s 304', async () => {
    const etag = String((await post(body)).headers.etag);
    const fast = await post(body, { 'if-none-match': etag });
    const route = await post(spaced, { 'if-none-match': `W/${etag}, "other"` });
    assert.equal(fast.statusCode, 304);
    assert.equal(route.statusCode, 304);
    assert.equal(fast.body, '');
    assert.deepEqual(stable(fast.headers), stable(route.headers));
    assert.equal((await post(body, { 'if-none-match': '*' })).statusCode, 304);
    assert.equal((await post(body, { 'if-none-match': '"nope"' })).statusCode, 200);
  });

  test('the same bytes with another Accept, query or URL are another request', async () => {
    const json = await post(body);
    const st = await post(body, { accept: 'application/vnd.safetensors' });
    assert.equal(st.headers['content-type'], 'application/vnd.safetensors');
    assert.notEqual(st.headers.etag, json.headers.etag);
    const again = await post(body, { accept: 'application/vnd.safetensors' });
    assert.equal(again.headers['x-cache'], 'HIT');
    assert.equal(again.rawPayload.compare(st.rawPayload), 0);
    const q = await post(body, {}, '/v1/modules?format=safetensors');
    assert.equal(q.headers.etag, st.headers.etag);
    assert.equal((await post(body, { accept: 'text/html' })).statusCode, 406);
    assert.equal((await post(body, {}, '/v1/tensors')).statusCode, 400);
  });

  test('an answer gone from the cache is computed again (the index only points at the cache)', async () => {
    const a = await post(body);
    store.map.clear();
    const b = await post(body);
    assert.equal(b.headers['x-cache'], 'MISS');
    assert.equal(b.body, a.body);
    assert.equal((await post(body)).headers['x-cache'], 'HIT');
  });

  test('refused bodies stay refused; GET on the same path is not served the answer', async () => {
    const bad = '{"seed":5,"module":{"type":"Linear","in_features":-3,"out_features":2}}';
    assert.equal((await post(bad)).statusCode, 400);
    assert.equal((await post(bad)).statusCode, 400);
    await post(body);
    const get = await app().inject({ method: 'GET', url: '/v1/modules', headers: { 'content-type': 'application/json' }, payload: body });
    assert.equal(get.statusCode, 405);
  });
});
