import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { spawn } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { rssOf, startServer, type ServerProcess } from '../helpers/server.js';

// Bounded soak against a real server process on a free port: c=32 connections for SOAK_SECONDS
// (default 10 in `npm test`; `npm run test:soak` runs 60) mixing steady small requests, heavy ones
// (pooled tensors, sklearn and numpy splits, NDJSON streams, clients that hang up mid-answer) and
// hostile bodies (zero beside huge, deep nesting, duplicate keys, gzip), after a warm-up of one request
// of each kind (not measured). Asserts: no 5xx, /health p99
// under 50 ms, RSS under the memory budget plus the process baseline; then SIGTERM mid-load: every
// in-flight answer completes, the process exits 0 within 2 s of them, with JSON log lines only.
const SECONDS = Number(process.env.SOAK_SECONDS ?? 10);
const CPUS = availableParallelism();
const CONNECTIONS = 32;
const HEAVY_CONNECTIONS = 3;
const MAX_INFLIGHT_BYTES = 512 * 1024 * 1024;
/**
 * The process's own memory, measured after the warm-up (Node with tsx, fastify, swagger-ui, two worker
 * threads with tsx and their WebAssembly memories, the native addons, a warm cache); it must stay below
 * this, and the peak under load below the measured baseline plus MAX_INFLIGHT_BYTES and the cache's size.
 */
const BASELINE_MAX_BYTES = 640 * 1024 * 1024;
const CACHE_BYTES = 32 * 1024 * 1024;

let server: ServerProcess | undefined;
after(() => {
  server?.child.kill('SIGKILL');
});

const HUGE = 2 ** 53 - 1;
type Req = { path: string; body: string; headers?: Record<string, string>; abortMs?: number; accept?: string };

function small(i: number): Req {
  const s = i % 97;
  const list: Req[] = [
    { path: '/v1/modules', body: JSON.stringify({ seed: s, module: { type: 'Linear', in_features: 4, out_features: 3 } }) },
    { path: '/v1/tensors', body: JSON.stringify({ seed: s, op: 'randn', size: [16, 16] }) },
    { path: '/v1/dataloader', body: JSON.stringify({ seed: s, dataset_size: 100, batch_size: 8, shuffle: true, epochs: 2 }) },
    { path: '/v1/sklearn/train_test_split', body: JSON.stringify({ random_state: s, n_samples: 100, test_size: 0.25 }) },
    { path: '/v1/numpy/permutation', body: JSON.stringify({ seed: s, n: 100 }) },
    { path: '/v1/init', body: JSON.stringify({ seed: s, fn: 'kaiming_uniform_', size: [8, 8] }) },
  ];
  return list[i % list.length]!;
}

function hostile(i: number): Req {
  const list: Req[] = [
    { path: '/v1/tensors', body: JSON.stringify({ seed: 0, op: 'rand', size: [HUGE, 0] }) },
    { path: '/v1/modules', body: JSON.stringify({ seed: 0, module: { type: 'Linear', in_features: 0, out_features: HUGE, bias: false } }) },
    { path: '/v1/dataloader', body: JSON.stringify({ seed: 0, dataset_size: 0, epochs: HUGE }) },
    { path: '/v1/dataloader', body: JSON.stringify({ seed: 0, dataset_size: 1, num_workers: 30_000_000 }) },
    { path: '/v1/sklearn/cv_split', body: '['.repeat(20000) + ']'.repeat(20000) },
    { path: '/v1/tensors', body: '{"seed": 0, "seed": 1, "op": "rand", "size": [1]}' },
    { path: '/v1/modules', body: '{"seed": 0, "__proto__": {"x": 1}}' },
    { path: '/v1/tensors', body: '{"seed": 0}', headers: { 'content-encoding': 'gzip' } },
  ];
  return list[i % list.length]!;
}

function heavy(i: number): Req {
  const s = 1000 + i;
  const list: Req[] = [
    { path: '/v1/tensors', body: JSON.stringify({ seed: s, op: 'randn', size: [1_000_000] }) },
    { path: '/v1/sklearn/cv_split', body: JSON.stringify({ splitter: 'ShuffleSplit', n_samples: 1_000_000, n_splits: 2, random_state: s % 1000 }) },
    { path: '/v1/numpy/permutation', body: JSON.stringify({ seed: s, n: 2_000_000 }) },
    { path: '/v1/dataloader', body: JSON.stringify({ seed: s, dataset_size: 2_000_000, batch_size: 64, shuffle: true }), accept: 'application/x-ndjson' },
    { path: '/v1/tensors', body: JSON.stringify({ seed: s, op: 'rand', size: [3_000_000] }), abortMs: Number(process.env.SOAK_ABORT_MS ?? 30) },
    { path: '/v1/scripts', body: JSON.stringify({ seed: s, steps: [{ op: 'randperm', n: 1_000_000 }, { op: 'module', module: { type: 'Linear', in_features: 512, out_features: 512 } }] }) },
  ];
  return list[i % list.length]!;
}

/** The prober: GET /health every 20 ms on a keep-alive connection until the end time; prints the latencies. */
const PROBER = `
const http = require('node:http');
const [base, end] = process.argv.slice(1);
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const lat = [];
const start = Date.now();
function one() {
  if (Date.now() > Number(end)) { process.stdout.write(JSON.stringify(lat)); agent.destroy(); return; }
  const t0 = performance.now();
  http.get(base + '/health', { agent }, (res) => { res.resume(); res.on('end', () => { lat.push([Date.now() - start, performance.now() - t0]); setTimeout(one, 20); }); }).on('error', () => setTimeout(one, 20));
}
one();
`;

interface Stats {
  requests: number;
  byStatus: Map<number, number>;
  aborted: number;
  errors: string[];
}

async function send(base: string, r: Req, stats: Stats): Promise<void> {
  const ac = new AbortController();
  const timer = r.abortMs ? setTimeout(() => ac.abort(), r.abortMs) : undefined;
  try {
    const res = await fetch(base + r.path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(r.accept ? { accept: r.accept } : {}), ...r.headers },
      body: r.body,
      signal: ac.signal,
    });
    // read and drop the body chunk by chunk (never hold big answers)
    for await (const _ of res.body ?? []) void _;
    stats.requests++;
    stats.byStatus.set(res.status, (stats.byStatus.get(res.status) ?? 0) + 1);
    if (res.status >= 500) stats.errors.push(`${res.status} ${r.path} ${r.body.slice(0, 80)}`);
  } catch (err) {
    if (ac.signal.aborted) stats.aborted++;
    else stats.errors.push(`${r.path}: ${(err as Error).message}`);
  } finally {
    clearTimeout(timer);
  }
}

test(`soak: c=${CONNECTIONS} for ${SECONDS} s of mixed hostile and heavy load, then SIGTERM mid-load`, { timeout: (SECONDS + 90) * 1000 }, async (t) => {
  server = await startServer({
    LOG_LEVEL: 'info',
    RATE_LIMIT_MAX: '0',
    POOL_THREADS: '2',
    CACHE_MAX_BYTES: String(CACHE_BYTES),
    MAX_INFLIGHT_BYTES: String(MAX_INFLIGHT_BYTES),
    MAX_OUTPUT_BYTES: String(256 * 1024 * 1024),
    SHUTDOWN_TIMEOUT_MS: '8000',
  });
  const base = server.url;
  const pid = server.child.pid!;
  // warm-up, not measured: each kind of request once (the first of each compiles its schemas and code paths)
  const warm: Stats = { requests: 0, byStatus: new Map(), aborted: 0, errors: [] };
  for (let i = 0; i < 8; i++) await Promise.all([send(base, small(i), warm), send(base, hostile(i), warm), i < 6 ? send(base, heavy(i), warm) : undefined]);
  assert.deepEqual(warm.errors, [], 'warm-up');
  const baseline = rssOf(pid);
  const budget = baseline + MAX_INFLIGHT_BYTES + CACHE_BYTES;
  const stats: Stats = { requests: 0, byStatus: new Map(), aborted: 0, errors: [] };
  const health: number[] = [];
  let peakRss = 0;
  const end = Date.now() + SECONDS * 1000;
  let n = 0;
  const conns = Array.from({ length: CONNECTIONS }, async (_, c) => {
    while (Date.now() < end) {
      const i = n++;
      const r = c < HEAVY_CONNECTIONS ? heavy(i) : i % 3 === 0 ? hostile(i) : small(i);
      await send(base, r, stats);
    }
  });
  // /health is probed from its own process, so the load clients' work does not count in its latency
  const probe = spawn(process.execPath, ['-e', PROBER, base, String(end)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let probeOut = '';
  probe.stdout!.on('data', (d: Buffer) => (probeOut += d.toString()));
  const probed = new Promise<void>((resolve) => probe.once('exit', () => resolve()));
  const rssLoop = (async () => {
    while (Date.now() < end) {
      peakRss = Math.max(peakRss, rssOf(pid));
      await sleep(50);
    }
  })();
  await Promise.all([...conns, rssLoop, probed]);
  const probes = JSON.parse(probeOut) as Array<[number, number]>;
  health.push(...probes.map(([, ms]) => ms));
  const slowest = [...probes].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([at, ms]) => `${ms.toFixed(0)} ms at ${(at / 1000).toFixed(1)} s`);

  // SIGTERM mid-load: heavy answers in flight must complete in full
  const inflight = Array.from({ length: 4 }, (_, i) =>
    fetch(`${base}/v1/tensors`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ seed: 5000 + i, op: 'rand', size: [500_000] }) }).then(
      async (r) => ({ status: r.status, text: await r.text() }),
    ),
  );
  await sleep(30);
  const t0 = performance.now();
  server.child.kill('SIGTERM');
  const answers = await Promise.all(inflight);
  const done = performance.now();
  const code = await server.exited;
  const exitMs = performance.now() - t0;
  const afterAnswers = performance.now() - done;

  health.sort((a, b) => a - b);
  const at = (q: number): number => health[Math.min(health.length - 1, Math.floor(health.length * q))] ?? 0;
  const p99 = at(0.99);
  const fivexx = [...stats.byStatus].filter(([s]) => s >= 500).reduce((a, [, c]) => a + c, 0);
  t.diagnostic(
    `soak: ${stats.requests} requests (+${stats.aborted} hung up by the client), statuses ${JSON.stringify(Object.fromEntries(stats.byStatus))}, 5xx ${fivexx}, ` +
      `/health p99 ${p99.toFixed(1)} ms (p50 ${at(0.5).toFixed(1)}, p90 ${at(0.9).toFixed(1)}, max ${at(1).toFixed(1)}) over ${health.length} probes, ` +
      `peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MB vs budget ${(budget / 2 ** 20).toFixed(0)} MB ` +
      `(MAX_INFLIGHT_BYTES ${MAX_INFLIGHT_BYTES / 2 ** 20} MB + cache ${CACHE_BYTES / 2 ** 20} MB + baseline after warm-up ${(baseline / 2 ** 20).toFixed(0)} MB); SIGTERM: exit ${code} after ${exitMs.toFixed(0)} ms (${afterAnswers.toFixed(0)} ms after the last in-flight answer); ` +
      `machine load average ${loadavg()[0]!.toFixed(1)} on ${CPUS} cores; slowest probes: ${slowest.join(', ')}`,
  );
  assert.deepEqual(stats.errors.slice(0, 5), [], 'no 5xx and no transport errors');
  assert.equal(fivexx, 0);
  assert.ok(stats.requests > SECONDS * 50, `only ${stats.requests} requests`);
  // the target is 50 ms (SOAK_STRICT=1, `npm run test:soak`); the default suite only catches
  // wedges, since on a shared 2-core machine other processes' load adds latency to every probe
  const p99Bound = process.env.SOAK_STRICT === '1' ? 50 : 2500;
  assert.ok(p99 < p99Bound, `/health p99 ${p99.toFixed(1)} ms (bound ${p99Bound} ms)`);
  assert.ok(baseline < BASELINE_MAX_BYTES, `baseline RSS after warm-up ${baseline}`);
  assert.ok(peakRss < budget, `peak RSS ${peakRss} over ${budget}`);
  for (const a of answers) {
    assert.equal(a.status, 200);
    assert.equal(JSON.parse(a.text).tensor.shape[0], 500_000);
  }
  assert.equal(code, 0);
  assert.ok(afterAnswers < 2000, `exit ${afterAnswers} ms after the last answer`);
  const bad = server.stderr.filter((l) => {
    try {
      JSON.parse(l);
      return false;
    } catch {
      return true;
    }
  });
  assert.deepEqual(bad, [], 'stderr holds JSON log lines only');
  server = undefined;
});
