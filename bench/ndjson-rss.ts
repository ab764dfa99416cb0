// Streams a 10M-sample, 10-epoch DataLoader as NDJSON from a real server process and samples that
// process's resident memory (VmRSS in /proc/<pid>/status) while the client reads.
//   npx tsx bench/ndjson-rss.ts [dataset_size] [epochs] [batch_size]
// The server is the production build (`npm run build` first: dist/server.js, as the Dockerfile runs it)
// with the default settings (worker pool included); `--tsx` runs src/server.ts through tsx instead
// (tsx's compiler adds about 45 MB). Exits 1 when the peak RSS reaches 200 MB or the line count is not
// what the request asks for.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const useTsx = args.includes('--tsx');
const [n = 10_000_000, epochs = 10, batch = 256] = args.filter((a) => !a.startsWith('--')).map(Number);
const entry = useTsx ? ['--import', 'tsx', join(root, 'src', 'server.ts')] : [join(root, 'dist', 'server.js')];
if (!useTsx && !existsSync(entry[0]!)) throw new Error('dist/server.js is missing: run `npm run build` first (or pass --tsx)');
const LIMIT_MB = 200;
const port = 3900 + Math.floor(Math.random() * 90);

const server = spawn(process.execPath, entry, {
  cwd: root,
  env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', RATE_LIMIT_MAX: '0' },
  stdio: ['ignore', 'inherit', 'inherit'],
});
const rssMb = (): number => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
};

async function waitReady(): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/health`);
      if (r.ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not start');
}

await waitReady();
const idle = rssMb();
let peak = idle;
const sampler = setInterval(() => (peak = Math.max(peak, rssMb())), 50);
const t0 = Date.now();
const body = JSON.stringify({ seed: 0, dataset_size: n, batch_size: batch, shuffle: true, epochs });
const { lines, bytes, status } = await new Promise<{ lines: number; bytes: number; status: number }>((resolve, reject) => {
  const req = request(
    { host: '127.0.0.1', port, path: '/v1/dataloader', method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/x-ndjson', 'content-length': Buffer.byteLength(body) } },
    (res) => {
      let lines = 0;
      let bytes = 0;
      res.on('data', (c: Buffer) => {
        bytes += c.length;
        for (let i = c.indexOf(10); i !== -1; i = c.indexOf(10, i + 1)) lines++;
      });
      res.on('end', () => resolve({ lines, bytes, status: res.statusCode ?? 0 }));
      res.on('error', reject);
    },
  );
  req.on('error', reject);
  req.end(body);
});
clearInterval(sampler);
peak = Math.max(peak, rssMb());
const seconds = (Date.now() - t0) / 1000;
server.kill('SIGTERM');
const expected = Math.ceil(n / batch) * epochs;
const report = {
  server: useTsx ? 'tsx src/server.ts' : 'node dist/server.js',
  dataset_size: n,
  epochs,
  batch_size: batch,
  status,
  lines,
  expected_lines: expected,
  megabytes_streamed: +(bytes / 2 ** 20).toFixed(1),
  seconds: +seconds.toFixed(1),
  server_rss_idle_mb: +idle.toFixed(1),
  server_rss_peak_mb: +peak.toFixed(1),
  limit_mb: LIMIT_MB,
};
console.log(JSON.stringify(report, null, 2));
process.exit(status === 200 && lines === expected && peak < LIMIT_MB ? 0 : 1);
