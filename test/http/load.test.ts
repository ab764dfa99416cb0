import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import autocannon from 'autocannon';
import { rssOf, startServer, type ServerProcess } from '../helpers/server.js';

// Bounded load test on loopback: LOAD_SECONDS (default 60) at 64 connections against a real server
// process; zero errors, and the process RSS stays under its own size after a warm-up plus the cache limit
// and a stated margin for the requests in flight.
const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
const CACHE_MAX_BYTES = 64 * 1024 * 1024;
/** The answers, parsers and V8 heap growth (GC lags) of 64 requests in flight, small and medium: 210-300 MB measured over 60 s. */
const RSS_MARGIN_BYTES = 320 * 1024 * 1024;
/** The process after a warm-up (Node with tsx, fastify, swagger-ui, two worker threads with tsx, their WebAssembly memories, the native addons): about 370-460 MB measured; it must stay under this. */
const BASELINE_MAX_BYTES = 640 * 1024 * 1024;
let baseline = 0;

let server: ServerProcess | undefined;
const rss: number[] = [];


before(async () => {
  server = await startServer({ RATE_LIMIT_MAX: '0', CACHE_MAX_BYTES: String(CACHE_MAX_BYTES) });
  // warm-up, not measured: each kind of request once (the first of each compiles its code paths)
  for (let i = 0; i < 10; i++) {
    const b = body(i);
    const r = await fetch(`${server.url}${b.path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(b.json) });
    assert.equal(r.status, 200);
    await r.arrayBuffer();
  }
  baseline = rssOf(server.child.pid!);
});

after(() => {
  server?.child.kill('SIGTERM');
});

/** A mix of small and medium requests, a quarter of them repeats (cache hits). */
function body(i: number): { path: string; json: unknown } {
  const seed = i % 4 === 0 ? i % 50 : i;
  switch (i % 5) {
    case 0:
      return { path: '/v1/modules', json: { seed, module: { type: 'Linear', in_features: 2 + (i % 30), out_features: 1 + (i % 7) } } };
    case 1:
      return { path: '/v1/dataloader', json: { seed, dataset_size: 1000, batch_size: 32, shuffle: true, epochs: 2 } };
    case 2:
      return { path: '/v1/random_split', json: { seed, dataset_size: 5000, lengths: [0.8, 0.1, 0.1] } };
    case 3:
      return { path: '/v1/tensors', json: { seed, op: 'randn', size: [64, 64] } };
    default:
      return { path: '/v1/scripts', json: { seed, steps: [{ op: 'module', module: { type: 'Linear', in_features: 8, out_features: 4 } }, { op: 'dataloader', dataset_size: 100, batch_size: 10, shuffle: true }] } };
  }
}

test(`${SECONDS} s at 64 connections: zero errors, RSS under the warm process plus the cache limit plus ${RSS_MARGIN_BYTES >> 20} MB`, { timeout: (SECONDS + 60) * 1000 }, async () => {
  assert.ok(server, 'server started');
  const srv = server;
  const sampler = setInterval(() => rss.push(rssOf(srv.child.pid!)), 500);
  let i = 0;
  const result = await autocannon({
    url: srv.url,
    connections: 64,
    duration: SECONDS,
    timeout: 30,
    requests: [
      {
        setupRequest: (req) => {
          const b = body(i++);
          return { ...req, method: 'POST', path: b.path, headers: { 'content-type': 'application/json' }, body: JSON.stringify(b.json) };
        },
      },
    ],
  });
  clearInterval(sampler);
  const maxRss = Math.max(...rss);
  console.log(
    `load: ${result.requests.total} requests, ${result.requests.average.toFixed(0)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ` +
      `errors ${result.errors}, timeouts ${result.timeouts}, non-2xx ${result.non2xx}, max RSS ${(maxRss / 2 ** 20).toFixed(0)} MB (after the warm-up ${(baseline / 2 ** 20).toFixed(0)} MB)`,
  );
  assert.ok(result.requests.total > 1000);
  assert.equal(result.errors, 0);
  assert.equal(result.timeouts, 0);
  assert.equal(result.non2xx, 0);
  assert.ok(baseline < BASELINE_MAX_BYTES, `RSS after the warm-up ${baseline}`);
  assert.ok(maxRss < baseline + CACHE_MAX_BYTES + RSS_MARGIN_BYTES, `max RSS ${maxRss} over ${baseline + CACHE_MAX_BYTES + RSS_MARGIN_BYTES} (baseline ${baseline})`);
});
