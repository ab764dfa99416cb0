// Shared benchmark helpers: time the engine in-process and torch in one spawned /usr/bin/python3,
// on identical work, and print ratios. Used by every bench/*.bench.ts.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** One workload measured on both sides. */
export interface Workload {
  name: string;
  /** The engine side: runs the work once. */
  js: () => unknown;
  /** The reference side: Python statements run once per repetition (torch imported, one thread). */
  py: string;
  /** Python statements run once before timing (e.g. constructing inputs). */
  pySetup?: string;
}

/** Median of the timings of `reps` runs (after one warm-up), in seconds. */
export function timeJs(fn: () => unknown, reps: number): number {
  fn();
  const t: number[] = [];
  for (let i = 0; i < reps; i++) {
    const s = process.hrtime.bigint();
    fn();
    t.push(Number(process.hrtime.bigint() - s) / 1e9);
  }
  t.sort((a, b) => a - b);
  return t[Math.floor(t.length / 2)]!;
}

/** Python's interpreter with torch (Debian's), or null when it is missing. */
export const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : null;

/** Times each workload's Python side in one interpreter; seconds per workload (median), or null without torch. */
export function timeTorch(ws: Workload[], reps: number): Array<number | null> {
  if (!PYTHON) return ws.map(() => null);
  const prog = [
    'import json, time, statistics',
    'import torch',
    'torch.set_num_threads(1)',
    'res = []',
    ...ws.flatMap((w) => [
      `exec(${JSON.stringify(w.pySetup ?? '')})`,
      `code = compile(${JSON.stringify(w.py)}, "w", "exec")`,
      'exec(code)',
      'ts = []',
      `for _ in range(${reps}):`,
      '    s = time.perf_counter(); exec(code); ts.append(time.perf_counter() - s)',
      'res.append(statistics.median(ts))',
    ]),
    'print(json.dumps(res))',
  ].join('\n');
  const r = spawnSync(PYTHON, ['-c', prog], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) {
    console.error(`torch side failed: ${r.stderr.split('\n').slice(-3).join(' ')}`);
    return ws.map(() => null);
  }
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as number[];
}

/** Runs the workloads on both sides and prints a table: times and torch/engine speed ratio. */
export function compare(title: string, ws: Workload[], reps = 5): void {
  const py = timeTorch(ws, reps);
  console.log(`\n## ${title}\n`);
  console.log('| workload | engine (ms) | torch 1 thread (ms) | engine speed vs torch |');
  console.log('|---|---:|---:|---:|');
  ws.forEach((w, i) => {
    const js = timeJs(w.js, reps);
    const p = py[i];
    const ratio = p == null ? 'n/a' : `${(p / js).toFixed(2)}x`;
    console.log(`| ${w.name} | ${(js * 1e3).toFixed(1)} | ${p == null ? 'n/a' : (p * 1e3).toFixed(1)} | ${ratio} |`);
  });
}
