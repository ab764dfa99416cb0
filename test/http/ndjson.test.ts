import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { useApp } from '../helpers/app.js';

// Accept: application/x-ndjson on /v1/dataloader: the same epochs as the JSON answer, one batch per line.
const { app } = useApp({ RATE_LIMIT_MAX: 0, MAX_STREAM_ELEMENTS: 1_000_000 } as never);

async function post(body: unknown, accept?: string, url = '/v1/dataloader') {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (accept) headers.accept = accept;
  return app().inject({ method: 'POST', url, headers, payload: JSON.stringify(body) });
}

/** Rebuilds the JSON answer's `epochs` from NDJSON lines. */
function epochsOf(text: string): unknown[] {
  const epochs: Array<Record<string, unknown>> = [];
  for (const line of text.split('\n').filter(Boolean)) {
    const o = JSON.parse(line) as { epoch: number; base_seed: string; worker_seeds?: string[]; batch?: unknown };
    const e = (epochs[o.epoch] ??= { batches: [], base_seed: o.base_seed, ...(o.worker_seeds ? { worker_seeds: o.worker_seeds } : {}) });
    if ('batch' in o) (e.batches as unknown[]).push(o.batch);
  }
  return epochs;
}

describe('NDJSON DataLoader stream', () => {
  test('lines carry exactly the JSON answer, for every sampler and option', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 2 ** 40 }),
        fc.integer({ min: 1, max: 80 }),
        fc.oneof(fc.constant(null), fc.integer({ min: 1, max: 9 })),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 0, max: 2 }),
        fc.constantFrom('shuffle', 'seq', 'weighted', 'subset'),
        async (seed, n, bs, epochs, workers, kind) => {
          const body: Record<string, unknown> = { seed, dataset_size: n, batch_size: bs, epochs, num_workers: workers };
          if (kind === 'shuffle') body.shuffle = true;
          if (kind === 'weighted') body.sampler = { type: 'weighted_random', weights: Array.from({ length: n }, (_, i) => 1 + (i % 3)), num_samples: n + 3 };
          if (kind === 'subset') body.sampler = { type: 'subset_random', indices: Array.from({ length: Math.ceil(n / 2) }, (_, i) => i * 2 - (i % 2 ? n : 0)).filter((i) => i < n) };
          const json = await post(body);
          const nd = await post(body, 'application/x-ndjson');
          assert.equal(nd.statusCode, 200);
          assert.match(String(nd.headers['content-type']), /^application\/x-ndjson/);
          // each representation has its own ETag (RFC 9110 8.8.3), both vary on Accept
          assert.notEqual(nd.headers.etag, json.headers.etag);
          assert.match(String(nd.headers.etag), /^"[0-9a-f]{64}"$/);
          assert.equal(nd.headers.vary, 'Accept');
          assert.equal(json.headers.vary, 'Accept');
          assert.deepEqual(epochsOf(nd.body), (JSON.parse(json.body) as { epochs: unknown[] }).epochs);
        },
      ),
      { numRuns: 60 },
    );
  });
  test('?format=ndjson works too; q=0 and plain JSON accept keep JSON', async () => {
    const r = await app().inject({ method: 'POST', url: '/v1/dataloader?format=ndjson', headers: { 'content-type': 'application/json' }, payload: '{"seed":0,"dataset_size":10,"batch_size":3,"shuffle":true,"epochs":2}' });
    assert.equal(r.body.split('\n')[0], '{"epoch":0,"base_seed":"900450186894289455","batch":[6,7,1]}');
    assert.match(String((await post({ seed: 0, dataset_size: 3 }, 'application/x-ndjson;q=0, application/json')).headers['content-type']), /^application\/json/);
  });
  test('torch refusals are 422 before streaming; the stream limit is its own setting (413)', async () => {
    const bad = await post({ seed: 0, dataset_size: 0, shuffle: true }, 'application/x-ndjson');
    assert.equal(bad.statusCode, 422);
    assert.match(JSON.parse(bad.body).detail, /num_samples should be a positive integer value, but got num_samples=0/);
    const big = await post({ seed: 0, dataset_size: 600_000, epochs: 2 }, 'application/x-ndjson');
    assert.equal(big.statusCode, 413);
    assert.match(JSON.parse(big.body).detail, /MAX_STREAM_ELEMENTS/);
    // over MAX_ELEMENTS (20M by default) as JSON, but within MAX_STREAM_ELEMENTS as a stream? here 1M: 900k indices stream
    const ok = await post({ seed: 0, dataset_size: 300_000, epochs: 3, batch_size: 1000, shuffle: true }, 'application/x-ndjson');
    assert.equal(ok.statusCode, 200);
    assert.equal(ok.body.split('\n').filter(Boolean).length, 900);
  });
  test('an error met while streaming ends the stream with an error line', async () => {
    const r = await post({ seed: 0, dataset_size: 2, batch_size: 1, sampler: { type: 'subset_random', indices: [0, 1, 5] } }, 'application/x-ndjson');
    const last = JSON.parse(r.body.trim().split('\n').pop()!) as { error?: { status: number; detail: string } };
    assert.equal(last.error?.status, 422);
    assert.equal(last.error?.detail, 'range object index out of range');
  });
});
