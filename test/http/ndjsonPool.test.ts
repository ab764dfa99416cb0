import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app.js';
import { defaultConfig } from '../../src/config.js';
import { useApp } from '../helpers/app.js';

// NDJSON streams of any size are computed on the pool (the shuffle included) and streamed from there.
const sha = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');
const headers = { 'content-type': 'application/json', accept: 'application/x-ndjson' };

describe('NDJSON streams from the pool', () => {
  const pooled = useApp({ POOL_THREADS: 1, POOL_MIN_ELEMENTS: 1000 });
  const main = useApp({ POOL_THREADS: 0 });
  const bodies = [
    { seed: 3, dataset_size: 300_000, batch_size: 64, shuffle: true, epochs: 2 },
    { seed: 4, dataset_size: 100_000, batch_size: 7, shuffle: true, num_workers: 3, epochs: 2, return_rng_state: true },
    { seed: 5, dataset_size: 50_000, batch_size: null, shuffle: true },
    { seed: 6, dataset_size: 200_000, batch_size: 10, shuffle: true, epochs: 2, break_at: [3, null] },
  ];
  for (const payload of bodies) {
    test(`${JSON.stringify(payload)}: the same bytes and headers as the main thread's stream`, async () => {
      const a = await pooled.app().inject({ method: 'POST', url: '/v1/dataloader', headers, payload: JSON.stringify(payload) });
      const b = await main.app().inject({ method: 'POST', url: '/v1/dataloader', headers, payload: JSON.stringify(payload) });
      assert.equal(a.statusCode, 200, a.body.slice(0, 200));
      assert.equal(a.rawPayload.length, b.rawPayload.length);
      assert.equal(sha(a.rawPayload), sha(b.rawPayload));
      for (const h of ['etag', 'cache-control', 'content-type', 'vary', 'x-torch-version']) assert.equal(a.headers[h], b.headers[h], h);
      const m = await pooled.app().inject({ method: 'GET', url: '/metrics' });
      assert.match(m.body, /computations_total\{where="pool"\} [1-9]/);
    });
  }
});

describe('a stream over the old MAX_OUTPUT_BYTES threshold', () => {
  let app: FastifyInstance;
  let base = '';
  before(async () => {
    // MAX_OUTPUT_BYTES used to send bigger streams to the main thread: this one is far over it
    app = await buildApp({ config: defaultConfig({ RATE_LIMIT_MAX: 0, POOL_THREADS: 1, MAX_OUTPUT_BYTES: 1 << 20 }) });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  // the aborted fetch leaves its keep-alive socket to undici: close every connection, then the app
  after(async () => {
    app.server.closeAllConnections();
    await app.close();
  });

  test('is shuffled and written on the pool: /health answers meanwhile, and a client that leaves frees the stream', async () => {
    const ac = new AbortController();
    const t0 = performance.now();
    let ttfb = 0;
    const lat: number[] = [];
    const streaming = (async () => {
      const res = await fetch(`${base}/v1/dataloader`, { method: 'POST', headers, body: JSON.stringify({ seed: 1, dataset_size: 8_000_000, batch_size: 1, shuffle: true, epochs: 3 }), signal: ac.signal });
      assert.equal(res.status, 200);
      const reader = res.body!.getReader();
      const first = await reader.read();
      ttfb = performance.now() - t0;
      return { reader, first };
    })();
    // while the 8M-sample shuffle runs (before the first byte), /health is probed
    let done = false;
    void streaming.finally(() => (done = true));
    while (!done) {
      const t = performance.now();
      await (await fetch(`${base}/health`)).text();
      lat.push(performance.now() - t);
    }
    const { reader, first } = await streaming;
    assert.match(Buffer.from(first.value!).toString('latin1'), /^\{"epoch":0,"base_seed":"\d+","batch":\[\d+\]\}\n/);
    // then read slowly: the worker waits for the client; the event loop stays free
    for (let i = 0; i < 20; i++) {
      const t = performance.now();
      await (await fetch(`${base}/health`)).text();
      lat.push(performance.now() - t);
      await reader.read();
    }
    const worst = Math.max(...lat);
    assert.ok(lat.length > 2 && worst < Math.max(100, ttfb / 2), `/health took up to ${worst.toFixed(0)} ms over ${lat.length} probes; first byte after ${ttfb.toFixed(0)} ms`);
    ac.abort();
    await reader.cancel().catch(() => undefined);
    // the stream's slot is released and its computation cancelled (the next stream starts at once)
    for (let i = 0; i < 100; i++) {
      const m = await app.inject({ method: 'GET', url: '/metrics' });
      if (/compute_pool_queue 0/.test(m.body)) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const again = await fetch(`${base}/v1/dataloader`, { method: 'POST', headers, body: JSON.stringify({ seed: 2, dataset_size: 10, batch_size: 4, shuffle: true }) });
    assert.equal(again.status, 200);
    assert.equal((await again.text()).split('\n').filter(Boolean).length, 3);
  });
});
