// npx tsx bench/floats.bench.ts — JSON text of 1M float32 values (random normals, as the writer widens
// them to float64): today's JavaScript writer (floatText), the native formatter, and Python's json.dumps
// on the same values in one run; ns per value and ratios.
import { spawnSync } from 'node:child_process';
import { writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonWriter, floatText, nativeFloatFormat } from '../src/http/json.js';
import { PYTHON, timeJs } from './lib.js';

const N = 1_000_000;
const data = new Float32Array(N);
for (let i = 0; i < N; i++) data[i] = Math.sqrt(-2 * Math.log(1 - Math.random())) * Math.cos(2 * Math.PI * Math.random());
const tensor = { shape: [1000, 1000], dtype: 'float32' as const, data };

async function main(): Promise<void> {
  const js = timeJs(() => {
    let s = '';
    for (let i = 0; i < N; i++) s += (i > 0 ? ',' : '') + floatText(data[i]!);
    return Buffer.from(s);
  }, 5);
  const nat = nativeFloatFormat ? timeJs(() => nativeFloatFormat!.formatTensor(data, [1000, 1000]), 5) : null;
  const whole = timeJs(() => new JsonWriter().value({ tensor }).toBuffer(), 5);
  let py: number | null = null;
  if (PYTHON) {
    const f = join(tmpdir(), `floats-${process.pid}.bin`);
    writeFileSync(f, Buffer.from(new Float64Array(data).buffer));
    const r = spawnSync(PYTHON, ['-c', `import array, json, time, statistics\na = array.array('d'); a.frombytes(open(${JSON.stringify(f)}, 'rb').read()); x = [a[i:i+1000].tolist() for i in range(0, len(a), 1000)]\njson.dumps(x)\nts = []\nfor _ in range(5):\n    s = time.perf_counter(); json.dumps(x); ts.append(time.perf_counter() - s)\nprint(statistics.median(ts))`], { encoding: 'utf8' });
    rmSync(f);
    if (r.status === 0) py = Number(r.stdout.trim());
  }
  const ns = (s: number | null): string => (s == null ? 'n/a' : (s * 1e9 / N).toFixed(0));
  console.log(`\n## JSON text of 1M float32 values (${process.version}, native ${nativeFloatFormat ? 'built' : 'not built'})\n`);
  console.log('| formatter | ns per value | speed vs today\'s JS writer | speed vs Python json.dumps |');
  console.log('|---|---:|---:|---:|');
  const row = (name: string, t: number | null): void =>
    console.log(`| ${name} | ${ns(t)} | ${t == null ? 'n/a' : (js / t).toFixed(2) + 'x'} | ${t == null || py == null ? 'n/a' : (py / t).toFixed(2) + 'x'} |`);
  row('JavaScript floatText (today)', js);
  row('native std::to_chars (formatTensor)', nat);
  row('JsonWriter, whole tensor object (uses native when built)', whole);
  row('Python json.dumps (Debian python3)', py);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
