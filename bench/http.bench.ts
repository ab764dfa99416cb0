// npm run bench:http — this service against the reference (real torch behind FastAPI + uvicorn, kept
// in bench/reference_app.py) on identical requests in one run: throughput and p50/p99 as ratios,
// cache disabled; then cache-hit throughput; then p99 of small requests while big ones run.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
/** First of three ports (service, reference, bare fastify); BENCH_PORT_BASE moves them. */
const PORT_BASE = Number(process.env.BENCH_PORT_BASE ?? 3501);
const SERVICE_PORT = PORT_BASE;
const REF_PORT = PORT_BASE + 1;
const BARE_PORT = PORT_BASE + 2;
/** Kernel clock ticks per second (the unit of /proc/<pid>/stat times). */
const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();
/** Alternating rounds of the cache-hit / bare-route comparison (BENCH_ROUNDS). */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
/** BENCH_ONLY=cache runs only the cache-hit section (against the bare fastify route). */
const ONLY_CACHE = process.env.BENCH_ONLY === 'cache';

/** A bare fastify route returning a fixed buffer (the framework's own cost), in its own process. */
const BARE_APP = `
const Fastify = require('fastify');
const app = Fastify({ logger: false });
const body = Buffer.from(JSON.stringify({ seed: '7', state_dict: { weight: { shape: [1, 2], dtype: 'float32', data: [[0.5, -0.25]] }, bias: { shape: [1], dtype: 'float32', data: [0.125] } } }));
app.get('/health', async () => ({ ok: true }));
app.post('/v1/modules', async (req, reply) => reply.type('application/json').send(body));
app.listen({ port: Number(process.argv[1]), host: '127.0.0.1' });
`;

interface Workload {
  name: string;
  path: string;
  body: (i: number) => unknown;
  /** Connections for this workload (big answers get few, so both sides finish requests in the window). */
  connections?: number;
}

const workloads: Workload[] = [
  { name: 'Linear(2, 1)', path: '/v1/modules', body: (i) => ({ seed: i, module: { type: 'Linear', in_features: 2, out_features: 1 } }) },
  { name: 'Linear(1024, 1024)', path: '/v1/modules', connections: 4, body: (i) => ({ seed: i, module: { type: 'Linear', in_features: 1024, out_features: 1024 } }) },
  { name: 'DataLoader 60k, batch 64, one shuffled epoch', path: '/v1/dataloader', body: (i) => ({ seed: i, dataset_size: 60000, batch_size: 64, shuffle: true }) },
  { name: 'random_split 1M [0.8, 0.2]', path: '/v1/random_split', connections: 4, body: (i) => ({ seed: i, dataset_size: 1000000, lengths: [0.8, 0.2] }) },
];

async function waitHealthy(port: number, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`server on ${port} exited`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) return;
    } catch {
      /* not yet */
    }
    await sleep(100);
  }
  throw new Error(`server on ${port} never became healthy`);
}

/** Runs autocannon with a distinct seed per request (so nothing repeats) or one body (cache hits). */
async function load(port: number, w: Workload, distinct: boolean, duration = DURATION, connections = w.connections ?? CONNECTIONS): Promise<autocannon.Result> {
  let i = 0;
  return autocannon({
    timeout: 120,
    url: `http://127.0.0.1:${port}${w.path}`,
    method: 'POST',
    connections,
    duration,
    headers: { 'content-type': 'application/json' },
    requests: [{ setupRequest: (req) => ({ ...req, body: JSON.stringify(w.body(distinct ? 1000 + i++ : 7)) }) }],
  });
}

/** CPU seconds (user + system) a process has used so far, from /proc (0 where there is none). */
function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

/** Requests per second over several runs (total requests / total seconds), and the worst run's p50 / p99. */
function merged(runs: autocannon.Result[]): { rps: number; p50: number; p99: number } {
  const requests = runs.reduce((n, r) => n + r.requests.total, 0);
  const seconds = runs.reduce((n, r) => n + r.duration, 0);
  return { rps: requests / Math.max(seconds, 1e-9), p50: Math.max(...runs.map((r) => r.latency.p50)), p99: Math.max(...runs.map((r) => r.latency.p99)) };
}

function row(name: string, s: autocannon.Result, r: autocannon.Result | null): string {
  const errs = s.errors + s.non2xx;
  if (!r) return `| ${name} | ${s.requests.average.toFixed(1)} | n/a | n/a | ${s.latency.p50} | ${s.latency.p99} | n/a | ${errs} |`;
  return `| ${name} | ${s.requests.average.toFixed(1)} | ${r.requests.average.toFixed(1)} | **${(s.requests.average / Math.max(r.requests.average, 1e-9)).toFixed(1)}x** | ${s.latency.p50} | ${s.latency.p99} | ${r.latency.p50} / ${r.latency.p99} | ${errs} / ${r.errors + r.non2xx} |`;
}

async function main(): Promise<void> {
  const env = { ...process.env, PORT: String(SERVICE_PORT), HOST: '127.0.0.1', LOG_LEVEL: 'warn', RATE_LIMIT_MAX: '0', CACHE_MAX_BYTES: '0' };
  const entry = existsSync(join(root, 'dist', 'server.js')) ? ['dist/server.js'] : ['--import', 'tsx', 'src/server.ts'];
  const hasRef = existsSync('/usr/bin/python3') && !ONLY_CACHE;
  const ref = hasRef ? spawn('/usr/bin/python3', [join(root, 'bench', 'reference_app.py'), String(REF_PORT)], { stdio: 'inherit' }) : null;
  if (!ONLY_CACHE) await uncached(env, entry, ref);
  await cacheHits(env, entry, ref);
}

/** Throughput with the cache off, against the reference, a new seed every request. */
async function uncached(env: NodeJS.ProcessEnv, entry: string[], ref: ChildProcess | null): Promise<void> {
  const service = spawn(process.execPath, entry, { cwd: root, env, stdio: 'inherit' });
  try {
    await waitHealthy(SERVICE_PORT, service);
    if (ref) await waitHealthy(REF_PORT, ref).catch((e) => console.error(`reference unavailable: ${e.message}`));
    console.log(`\n## HTTP throughput, cache disabled (${DURATION} s per side, ${CONNECTIONS} connections or 4 for big answers, a new seed every request)\n`);
    console.log('| workload | service req/s | reference req/s | throughput ratio | service p50 ms | service p99 ms | reference p50 / p99 ms | errors (service / reference) |');
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
    for (const w of workloads) {
      const s = await load(SERVICE_PORT, w, true);
      const r = ref && ref.exitCode === null ? await load(REF_PORT, w, true) : null;
      console.log(row(w.name, s, r));
    }
  } finally {
    service.kill('SIGTERM');
    if (service.exitCode === null) await new Promise((resolve) => service.once('exit', resolve));
  }
}

/** Cache hits against a bare fastify route, then small requests while big ones run. */
async function cacheHits(env: NodeJS.ProcessEnv, entry: string[], ref: ChildProcess | null): Promise<void> {
  // cache hits: the same request again and again, with the cache on
  const cached = spawn(process.execPath, entry, { cwd: root, env: { ...env, CACHE_MAX_BYTES: String(256 * 1024 * 1024) }, stdio: 'inherit' });
  try {
    await waitHealthy(SERVICE_PORT, cached);
    console.log(`\n## Cache hits (same request, cache on)\n`);
    console.log('| workload | req/s | p50 ms | p99 ms | server CPU µs per answer |');
    console.log('|---|---:|---:|---:|---:|');
    const [first, ...others] = workloads;
    // the same run: a bare fastify route with a fixed buffer, the ceiling a cache hit is measured against;
    // the two alternate in ROUNDS short rounds, so a change of the machine's load weighs on both alike
    const bare = spawn(process.execPath, ['-e', BARE_APP, String(BARE_PORT)], { cwd: root, stdio: 'inherit' });
    try {
      await waitHealthy(BARE_PORT, bare);
      // warm both (the first request computes; then every one is a hit), so no round pays for JIT compilation
      await load(SERVICE_PORT, first!, false, 1);
      await load(BARE_PORT, first!, false, 1);
      const hits: autocannon.Result[] = [];
      const bares: autocannon.Result[] = [];
      const cpu = { hit: 0, bare: 0 };
      for (let r = 0; r < ROUNDS; r++) {
        let t0 = cpuSeconds(cached.pid);
        hits.push(await load(SERVICE_PORT, first!, false, DURATION / ROUNDS));
        cpu.hit += cpuSeconds(cached.pid) - t0;
        t0 = cpuSeconds(bare.pid);
        bares.push(await load(BARE_PORT, first!, false, DURATION / ROUNDS));
        cpu.bare += cpuSeconds(bare.pid) - t0;
      }
      const h = merged(hits);
      const b = merged(bares);
      // server CPU per answer: what other processes on the machine take does not change it
      const perHit = (1e6 * cpu.hit) / Math.max(1, hits.reduce((n, x) => n + x.requests.total, 0));
      const perBare = (1e6 * cpu.bare) / Math.max(1, bares.reduce((n, x) => n + x.requests.total, 0));
      console.log(`| ${first!.name} | ${h.rps.toFixed(1)} | ${h.p50} | ${h.p99} | ${perHit.toFixed(0)} |`);
      console.log(`| bare fastify route, fixed buffer (same connections) | ${b.rps.toFixed(1)} | ${b.p50} | ${b.p99} | ${perBare.toFixed(0)} |`);
      console.log(`| **cache hit ${first!.name} / bare fastify** (${ROUNDS} alternating rounds; per round: ${hits.map((x, i) => ((100 * x.requests.average) / Math.max(bares[i]!.requests.average, 1e-9)).toFixed(0)).join(', ')} %) | **${((100 * h.rps) / Math.max(b.rps, 1e-9)).toFixed(0)} %** | | | **${((100 * perBare) / Math.max(perHit, 1e-9)).toFixed(0)} %** (bare CPU / hit CPU) |`);
    } finally {
      bare.kill('SIGTERM');
    }
    for (const w of ONLY_CACHE ? [] : others) {
      const s = await load(SERVICE_PORT, w, false);
      console.log(`| ${w.name} | ${s.requests.average.toFixed(1)} | ${s.latency.p50} | ${s.latency.p99} | |`);
    }
    if (ONLY_CACHE) return;
    // small requests while big ones (16.7M float32 normals each) keep the worker pool busy
    const small = workloads[0]!;
    const quiet = await load(SERVICE_PORT, small, true, 5, 8);
    const big: Workload = { name: 'randn 2M', path: '/v1/tensors', body: (i) => ({ seed: i, op: 'randn', size: [2_000_000] }) };
    const bigLoad = load(SERVICE_PORT, big, true, 8, 2);
    await sleep(1000);
    const busy = await load(SERVICE_PORT, small, true, 5, 8);
    const b = await bigLoad;
    console.log(`\n## Small requests while big ones run (Linear(2, 1), 8 connections; big: ${big.name} on 2 connections)\n`);
    console.log('| condition | small req/s | small p50 ms | small p99 ms | errors |');
    console.log('|---|---:|---:|---:|---:|');
    console.log(`| alone | ${quiet.requests.average.toFixed(1)} | ${quiet.latency.p50} | ${quiet.latency.p99} | ${quiet.errors + quiet.non2xx} |`);
    console.log(`| with big requests running | ${busy.requests.average.toFixed(1)} | ${busy.latency.p50} | ${busy.latency.p99} | ${busy.errors + busy.non2xx} |`);
    console.log(`\n(big requests completed: ${b.requests.total}, non-2xx: ${b.non2xx}, errors: ${b.errors})`);
  } finally {
    cached.kill('SIGTERM');
    ref?.kill('SIGTERM');
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
