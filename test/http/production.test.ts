import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { useApp } from '../helpers/app.js';
import { startServer } from '../helpers/server.js';

const linear = { seed: 0, module: { type: 'Linear', in_features: 2, out_features: 1 } };

function counter(metrics: string, name: string, labels = ''): number {
  const re = new RegExp(`^${name}${labels.replace(/[{}"]/g, (c) => `\\${c}`)}\\s+(\\d+(?:\\.\\d+)?)`, 'm');
  const m = re.exec(metrics);
  return m ? Number(m[1]) : 0;
}

describe('pool, single flight, deadline, saturation', () => {
  const { app } = useApp({ POOL_THREADS: 1, POOL_MIN_ELEMENTS: 1000, POOL_MAX_QUEUE: 1, REQUEST_TIMEOUT_MS: 20_000 });

  test('identical concurrent requests are computed once', async () => {
    const payload = { seed: 4242, op: 'rand', size: [300_000] };
    const before = counter((await app().inject({ method: 'GET', url: '/metrics' })).body, 'computations_total', '{where="pool"}');
    const rs = await Promise.all(Array.from({ length: 5 }, () => app().inject({ method: 'POST', url: '/v1/tensors', payload })));
    for (const r of rs) assert.equal(r.statusCode, 200);
    assert.equal(new Set(rs.map((r) => r.body)).size, 1);
    const afterCount = counter((await app().inject({ method: 'GET', url: '/metrics' })).body, 'computations_total', '{where="pool"}');
    assert.equal(afterCount - before, 1);
  });

  test('a full pool queue answers 503 with Retry-After; small requests still pass meanwhile', async () => {
    const big = (seed: number) => app().inject({ method: 'POST', url: '/v1/tensors', payload: { seed, op: 'randn', size: [3_000_000] } });
    const pending = [big(1), big(2), big(3), big(4), big(5)];
    const small = await app().inject({ method: 'POST', url: '/v1/modules', payload: { ...linear, seed: 77 } });
    assert.equal(small.statusCode, 200);
    const rs = await Promise.all(pending);
    const refused = rs.filter((r) => r.statusCode === 503);
    assert.ok(refused.length >= 1, `statuses ${rs.map((r) => r.statusCode)}`);
    for (const r of refused) {
      assert.ok(Number(r.headers['retry-after']) >= 1);
      assert.match(r.json().detail, /POOL_MAX_QUEUE is 1/);
    }
    assert.ok(rs.some((r) => r.statusCode === 200));
  });
});

describe('deadline', () => {
  const { app } = useApp({ POOL_THREADS: 1, POOL_MIN_ELEMENTS: 1000, REQUEST_TIMEOUT_MS: 100 });
  test('a computation past REQUEST_TIMEOUT_MS is stopped and answered 503 with Retry-After', async () => {
    const r = await app().inject({ method: 'POST', url: '/v1/tensors', payload: { seed: 1, op: 'randn', size: [15_000_000], cpu_kernel: 'default' } });
    // torch's plain kernel in JavaScript: well past 100 ms before the answer's first byte, native addon or not
    assert.equal(r.statusCode, 503);
    assert.ok(Number(r.headers['retry-after']) >= 1);
    assert.match(r.json().detail, /REQUEST_TIMEOUT_MS is 100/);
    const ok = await app().inject({ method: 'POST', url: '/v1/modules', payload: linear });
    assert.equal(ok.statusCode, 200);
  });
});

describe('rate limit allow list', () => {
  const { app } = useApp({ RATE_LIMIT_MAX: 2, RATE_LIMIT_WINDOW_MS: 60_000 });
  test('the machine\'s own loopback is not rate limited by default', async () => {
    for (let i = 0; i < 5; i++) {
      const r = await app().inject({ method: 'POST', url: '/v1/modules', payload: { ...linear, seed: 100 + i }, remoteAddress: '127.0.0.1' });
      assert.equal(r.statusCode, 200);
    }
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await app().inject({ method: 'POST', url: '/v1/modules', payload: linear, remoteAddress: '10.1.2.3' })).statusCode);
    assert.deepEqual(statuses, [200, 200, 429]);
  });
});

describe('hardening', () => {
  const { app } = useApp({ RATE_LIMIT_MAX: 3, RATE_LIMIT_WINDOW_MS: 60_000, RATE_LIMIT_ALLOW: '' });
  test('rate limit: 429 problem with Retry-After after RATE_LIMIT_MAX requests; health is exempt', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await app().inject({ method: 'POST', url: '/v1/modules', payload: { ...linear, seed: i } })).statusCode);
    assert.deepEqual(statuses, [200, 200, 200, 429]);
    const r = await app().inject({ method: 'POST', url: '/v1/modules', payload: linear });
    assert.equal(r.statusCode, 429);
    assert.match(String(r.headers['content-type']), /problem\+json/);
    assert.ok(Number(r.headers['retry-after']) >= 1);
    assert.match(r.json().detail, /RATE_LIMIT_MAX is 3/);
    assert.equal((await app().inject({ method: 'GET', url: '/health' })).statusCode, 200);
  });
  test('security headers', async () => {
    const r = await app().inject({ method: 'GET', url: '/health' });
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
    assert.ok(r.headers['content-security-policy']);
    assert.ok(r.headers['strict-transport-security'] !== undefined || r.headers['x-frame-options'] !== undefined);
  });
  test('/ready and /metrics', async () => {
    assert.deepEqual((await app().inject({ method: 'GET', url: '/ready' })).json(), { status: 'ready', cache: 'memory' });
    const m = (await app().inject({ method: 'GET', url: '/metrics' })).body;
    for (const name of ['http_requests_total', 'http_request_duration_seconds_bucket', 'cache_lookups_total', 'compute_pool_queue', 'computations_total', 'process_resident_memory_bytes']) {
      assert.ok(m.includes(name), name);
    }
  });
});

test('SIGTERM: the in-flight request finishes, new ones are refused, the process exits 0', { timeout: 60_000 }, async () => {
  const { child, url, exited } = await startServer({ LOG_LEVEL: 'info', POOL_THREADS: '0', MAX_ELEMENTS: '30000000' });
  const inflight = fetch(`${url}/v1/tensors`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ seed: 3, op: 'rand', size: [4_000_000] }),
  });
  await sleep(150);
  child.kill('SIGTERM');
  const r = await inflight;
  assert.equal(r.status, 200);
  const body = (await r.json()) as { tensor: { shape: number[] } };
  assert.deepEqual(body.tensor.shape, [4_000_000]);
  assert.equal(await exited, 0);
  await assert.rejects(fetch(`${url}/health`));
});
