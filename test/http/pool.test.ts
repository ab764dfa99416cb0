import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { CancelledError, ComputePool, ServiceUnavailableError } from '../../src/http/pool.js';
import { STREAM_AHEAD_BYTES } from '../../src/http/json.js';

// The pool's cooperative cancellation: an abandoned or late task stops at an engine checkpoint and
// frees its slot, and its worker thread is reused for the next task (never terminated and respawned).
describe('compute pool: cooperative cancellation', () => {
  const pool = new ComputePool({ threads: 1, maxQueue: 4, timeoutMs: 60_000 });
  after(() => pool.close());
  const big = { url: '/v1/tensors', body: { seed: 1n, op: 'randn', size: [20_000_000], return_rng_state: false, cpu_kernel: 'avx2' } };
  const small = { url: '/v1/tensors', body: { seed: 2n, op: 'rand', size: [3], return_rng_state: false, cpu_kernel: 'avx2' } };

  test('a client that leaves cancels its task; the slot is freed and the same thread answers next', async () => {
    // warm: the thread exists and has compiled the routes
    const warm = JSON.parse((await pool.run(small)).toString());
    assert.deepEqual(warm.tensor.shape, [3]);
    const started = pool.stats.threadsStarted;
    const ac = new AbortController();
    const t0 = performance.now();
    const running = pool.run(big, ac.signal);
    await sleep(150);
    assert.equal(pool.runningCount, 1);
    ac.abort();
    await assert.rejects(running, CancelledError);
    const ms = performance.now() - t0;
    assert.equal(pool.runningCount, 0, 'the slot is free');
    assert.ok(ms < 3000, `stopped after ${ms.toFixed(0)} ms`);
    assert.equal(pool.stats.cancelled, 1, 'stopped at a checkpoint, not by killing the thread');
    const again = JSON.parse((await pool.run(small)).toString());
    assert.deepEqual(again, warm, 'the next task gets the same answer');
    assert.equal(pool.stats.threadsStarted, started, 'no thread was started again');
  });

  test('a streamed answer waits for its reader (STREAM_AHEAD_BYTES), and stops when the reader leaves', async () => {
    const started = pool.stats.threadsStarted;
    const cancelled = pool.stats.cancelled;
    const ac = new AbortController();
    const out = await pool.stream(big, ac.signal);
    // nobody reads: the worker stops writing at its window
    await sleep(1500);
    assert.ok(out.readableLength <= STREAM_AHEAD_BYTES + (2 << 20), `${out.readableLength} bytes buffered`);
    const first = out.read(64) as Buffer;
    assert.match(first.toString('latin1'), /^\{"seed":"1","tensor":/);
    const closed = new Promise<unknown>((resolve) => out.once('error', resolve).once('close', () => resolve(null)));
    ac.abort();
    out.resume();
    await closed;
    for (let i = 0; i < 100 && pool.runningCount > 0; i++) await sleep(20);
    assert.equal(pool.runningCount, 0);
    assert.equal(pool.stats.cancelled, cancelled + 1);
    assert.equal(pool.stats.threadsStarted, started);
  });

  test('a task waiting in the queue is removed when its client leaves', async () => {
    const first = pool.run(big);
    const ac = new AbortController();
    const queued = pool.run(small, ac.signal);
    assert.equal(pool.queueSize, 1);
    ac.abort();
    await assert.rejects(queued, CancelledError);
    assert.equal(pool.queueSize, 0);
    pool.abortAll();
    await assert.rejects(first, CancelledError);
  });
});

describe('compute pool: deadline', () => {
  const pool = new ComputePool({ threads: 1, maxQueue: 4, timeoutMs: 200 });
  after(() => pool.close());
  test('a task past REQUEST_TIMEOUT_MS is stopped cooperatively: 503, and its thread is kept', async () => {
    const small = { url: '/v1/tensors', body: { seed: 2n, op: 'rand', size: [3], return_rng_state: false, cpu_kernel: 'avx2' } };
    await pool.run(small);
    const started = pool.stats.threadsStarted;
    const late = pool.run({ url: '/v1/tensors', body: { seed: 1n, op: 'randn', size: [30_000_000], return_rng_state: false, cpu_kernel: 'avx2' } });
    await assert.rejects(late, (e: unknown) => e instanceof ServiceUnavailableError && /REQUEST_TIMEOUT_MS/.test(e.message));
    assert.equal(pool.runningCount, 0);
    assert.equal(pool.stats.cancelled, 1);
    await pool.run(small);
    assert.equal(pool.stats.threadsStarted, started);
  });
});
