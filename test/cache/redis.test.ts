import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app.js';
import { defaultConfig } from '../../src/config.js';

// Two replicas sharing one real redis-server (Debian's package; .ci/run installs it). The server
// listens on a unix socket in a fresh directory (no TCP port: nothing to guess, nothing to collide
// with), the same path again when it is restarted mid-test.
const dir = mkdtempSync(join(tmpdir(), 'tss-redis-'));
const SOCKET = join(dir, 'redis.sock');
const hasRedis = spawnSync('redis-server', ['--version']).status === 0;
let redis: ChildProcess | null = null;

async function startRedis(): Promise<void> {
  redis = spawn('redis-server', ['--port', '0', '--unixsocket', SOCKET, '--unixsocketperm', '700', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    if (spawnSync('redis-cli', ['-s', SOCKET, 'ping']).stdout?.toString().trim() === 'PONG') return;
    await sleep(50);
  }
  throw new Error('redis-server did not start');
}

function stopRedis(): void {
  redis?.kill('SIGKILL');
  redis = null;
}

async function replica(): Promise<FastifyInstance> {
  const app = await buildApp({ config: defaultConfig({ REDIS_URL: `unix://${SOCKET}`, RATE_LIMIT_MAX: 0, POOL_THREADS: 0 }) });
  await app.ready();
  return app;
}

async function waitFor(app: FastifyInstance, cache: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if ((await app.inject({ method: 'GET', url: '/ready' })).json().cache === cache) return;
    await sleep(50);
  }
  throw new Error(`replica never reported cache ${cache}`);
}

describe('Redis shared cache', { skip: hasRedis ? false : 'redis-server is not installed' }, () => {
  let a: FastifyInstance;
  let b: FastifyInstance;
  before(async () => {
    await startRedis();
    a = await replica();
    b = await replica();
    await waitFor(a, 'memory+redis');
    await waitFor(b, 'memory+redis');
  });
  after(async () => {
    await a?.close();
    await b?.close();
    stopRedis();
    rmSync(dir, { recursive: true, force: true });
  });

  test('an answer computed by one replica is a HIT on the other', async () => {
    const payload = { seed: 31337, module: { type: 'Linear', in_features: 5, out_features: 3 } };
    const r1 = await a.inject({ method: 'POST', url: '/v1/modules', payload });
    assert.equal(r1.headers['x-cache'], 'MISS');
    let r2 = await b.inject({ method: 'POST', url: '/v1/modules', payload });
    for (let i = 0; i < 20 && r2.headers['x-cache'] !== 'HIT'; i++) {
      await sleep(25); // the write to Redis is not awaited by the first response
      r2 = await b.inject({ method: 'POST', url: '/v1/modules', payload: { ...payload } });
    }
    assert.equal(r2.headers['x-cache'], 'HIT');
    assert.equal(r2.body, r1.body);
    assert.equal(r2.headers.etag, r1.headers.etag);
  });

  test('Redis killed mid-load: zero failed requests, then the replicas reconnect by themselves', async () => {
    let failures = 0;
    let done = 0;
    const bodies = new Map<number, string>();
    const load = (async () => {
      for (let i = 0; i < 600; i++) {
        const seed = i % 97;
        const app = i % 2 ? a : b;
        const r = await app.inject({ method: 'POST', url: '/v1/dataloader', payload: { seed, dataset_size: 50, batch_size: 7, shuffle: true, epochs: 2 } });
        if (r.statusCode !== 200) failures++;
        else if (bodies.has(seed)) assert.equal(r.body, bodies.get(seed), `seed ${seed}: same answer before and after the outage`);
        else bodies.set(seed, r.body);
        done++;
        if (i % 10 === 0) await sleep(1);
      }
    })();
    while (done < 150) await sleep(5);
    stopRedis();
    await waitFor(a, 'memory (redis down)');
    await load;
    assert.equal(failures, 0);
    assert.equal(done, 600);
    await startRedis();
    await waitFor(a, 'memory+redis');
    await waitFor(b, 'memory+redis');
    const r = await a.inject({ method: 'POST', url: '/v1/random_split', payload: { seed: 5, dataset_size: 10, lengths: [5, 5] } });
    assert.equal(r.statusCode, 200);
  });
});
