import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createHash } from 'node:crypto';
import { useApp } from '../helpers/app.js';
import { STREAMED_JSON_BYTES, toJsonBuffer, writeJsonChunks } from '../../src/http/json.js';
import { makeTensor } from '../../src/engine/torch/tensor/tensor.js';

// Big answers are streamed from the worker in chunks as they are written: the bytes, ETag and headers
// are those of the whole answer computed on the main thread.
const sha = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

test('writeJsonChunks hands over chunks as written whose concatenation is toJsonBuffer', () => {
  const data = new Float32Array(400_000).map((_, i) => Math.fround(Math.sin(i) * 1e3));
  const v = { seed: 1n, tensor: makeTensor([400, 1000], 'float32', data), list: Array.from({ length: 5000 }, (_, i) => i * 7), rng_state: 'abc' };
  const chunks: Buffer[] = [];
  writeJsonChunks(v, (c) => chunks.push(Buffer.from(c)));
  assert.ok(chunks.length > 3, `${chunks.length} chunks`);
  assert.ok(Math.max(...chunks.map((c) => c.length)) < 4 << 20);
  assert.equal(sha(Buffer.concat(chunks)), sha(toJsonBuffer(v)));
});

describe('streamed JSON answers', () => {
  const pooled = useApp({ POOL_THREADS: 1, POOL_MIN_ELEMENTS: 1000 });
  const whole = useApp({ POOL_THREADS: 0 });
  const cases: Array<[string, Record<string, unknown>]> = [
    ['/v1/tensors', { seed: 7, op: 'randn', size: [1500, 1000] }],
    ['/v1/tensors', { seed: 8, op: 'randint', low: -5, high: 1000000, size: [2_000_000], return_rng_state: true }],
    ['/v1/init', { seed: 9, fn: 'normal_', size: [3000, 500], std: 0.02 }],
  ];
  for (const [url, payload] of cases) {
    test(`${url} ${JSON.stringify(payload).slice(0, 60)}: streamed bytes equal the whole answer`, async () => {
      const a = await pooled.app().inject({ method: 'POST', url, payload });
      const b = await whole.app().inject({ method: 'POST', url, payload });
      assert.equal(a.statusCode, 200, a.body.slice(0, 300));
      assert.equal(b.statusCode, 200);
      assert.ok(b.rawPayload.length > 1 << 20);
      assert.equal(a.rawPayload.length, b.rawPayload.length);
      assert.equal(sha(a.rawPayload), sha(b.rawPayload));
      for (const h of ['etag', 'cache-control', 'content-type', 'x-torch-version', 'x-torch-cpu-kernel', 'x-cache']) assert.equal(a.headers[h], b.headers[h], h);
      // streamed: sent in chunks, without a content-length computed from a whole buffer
      assert.equal(a.headers['content-length'], undefined);
      assert.equal(a.headers['transfer-encoding'], 'chunked');
    });
  }

  test('the threshold is the estimate, and a streamed answer is not cached (each request computes it again)', async () => {
    assert.ok(STREAMED_JSON_BYTES >= 1 << 20);
    const payload = { seed: 11, op: 'rand', size: [2_000_000] };
    const r1 = await pooled.app().inject({ method: 'POST', url: '/v1/tensors', payload });
    const r2 = await pooled.app().inject({ method: 'POST', url: '/v1/tensors', payload });
    assert.equal(r1.headers['x-cache'], 'MISS');
    assert.equal(r2.headers['x-cache'], 'MISS');
    assert.equal(sha(r1.rawPayload), sha(r2.rawPayload));
    // a conditional request with its ETag is still 304
    const r3 = await pooled.app().inject({ method: 'POST', url: '/v1/tensors', payload, headers: { 'if-none-match': String(r1.headers.etag) } });
    assert.equal(r3.statusCode, 304);
  });

  test('an engine refusal of a big request is still a 422 problem, not a broken stream', async () => {
    const r = await pooled.app().inject({ method: 'POST', url: '/v1/tensors', payload: { seed: 1, op: 'randint', low: 5, high: 5, size: [3_000_000] } });
    assert.equal(r.statusCode, 422, r.body.slice(0, 200));
    assert.match(String(r.headers['content-type']), /problem\+json/);
  });
});
