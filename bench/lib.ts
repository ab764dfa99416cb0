// Shared benchmark helpers: the engine in-process against the real libraries (torch 1.13 and the torch 2.13
// wheel, scikit-learn 1.2.1 / 1.9.1 with their numpy), each in one persistent Python process. Repetitions
// are interleaved (one run of every side in turn, then the next round), so load from elsewhere on the
// machine falls on every side alike; each side's time is its median. Used by every bench/*.bench.ts.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface, type Interface } from 'node:readline';

/** One reference implementation: a Python interpreter and the imports every workload may use. */
export interface Reference {
  label: string;
  python: string;
  prelude: string;
}

const TORCH_PRELUDE = 'import torch\ntorch.set_num_threads(1)';
const SKLEARN_PRELUDE = 'import numpy as np\nimport hashlib\nfrom sklearn.model_selection import (train_test_split, KFold, StratifiedKFold, GroupKFold, ShuffleSplit, StratifiedShuffleSplit, RepeatedKFold,\n    RepeatedStratifiedKFold, StratifiedGroupKFold, GroupShuffleSplit, TimeSeriesSplit, LeaveOneOut, LeavePOut, LeaveOneGroupOut, LeavePGroupsOut, PredefinedSplit)\nfrom sklearn.utils import resample';

/** torch 1.13 (Debian's /usr/bin/python3) and the torch 2.13 wheel, where present. */
export const TORCH_REFERENCES: Reference[] = [
  { label: 'torch 1.13', python: '/usr/bin/python3', prelude: TORCH_PRELUDE },
  { label: 'torch 2.13', python: process.env.TORCH_213_PYTHON ?? '/work/oracles/torch-2.13/bin/python', prelude: TORCH_PRELUDE },
].filter((r) => existsSync(r.python));

/** scikit-learn 1.2.1 on numpy 1.24 and scikit-learn 1.9.1 on numpy 2.4, where present. */
export const SKLEARN_REFERENCES: Reference[] = [
  { label: 'sklearn 1.2.1 / numpy 1.24', python: '/usr/bin/python3', prelude: SKLEARN_PRELUDE },
  { label: 'sklearn 1.9.1 / numpy 2.4', python: process.env.SKLEARN_19_PYTHON ?? '/work/oracles/sklearn-1.9/bin/python', prelude: SKLEARN_PRELUDE },
].filter((r) => existsSync(r.python));

/** Debian's Python interpreter (torch 1.13), or null when it is missing. */
export const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : null;

/** The Python side's loop: one JSON command a line (setup code, or code to time once), one JSON answer a line. */
const SERVER = `
import json, sys, time
g = {}
exec(json.loads(sys.argv[1]), g)
for line in sys.stdin:
    cmd = json.loads(line)
    try:
        if 'setup' in cmd:
            exec(cmd['setup'], g)
            out = {}
        else:
            code = compile(cmd['run'], 'w', 'exec')
            s = time.perf_counter(); exec(code, g); t = time.perf_counter() - s
            exec(cmd.get('after', ''), g)
            r = g.get('r')
            out = {'t': t, 'r': r if isinstance(r, str) else None}
    except Exception as e:
        out = {'error': repr(e)}
    sys.stdout.write(json.dumps(out) + '\\n'); sys.stdout.flush()
`;

/** A persistent Python process running the SERVER loop. */
class PySide {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly lines: Interface;
  private readonly waiting: Array<(line: string) => void> = [];
  private exited = false;

  constructor(ref: Reference) {
    this.child = spawn(ref.python, ['-u', '-c', SERVER, JSON.stringify(ref.prelude)], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr.on('data', (d: Buffer) => process.stderr.write(`[${ref.label}] ${d.toString()}`));
    this.lines = createInterface({ input: this.child.stdout });
    this.lines.on('line', (l) => this.waiting.shift()?.(l));
    this.child.stdin.on('error', () => {});
    this.child.on('exit', () => {
      this.exited = true;
      for (const w of this.waiting.splice(0)) w(JSON.stringify({ error: 'python exited' }));
    });
  }

  private send(cmd: object): Promise<{ t?: number; r?: string | null; error?: string }> {
    if (this.exited) return Promise.resolve({ error: 'python exited' });
    return new Promise((resolve) => {
      this.waiting.push((l) => resolve(JSON.parse(l) as { t?: number; r?: string | null; error?: string }));
      this.child.stdin.write(JSON.stringify(cmd) + '\n');
    });
  }

  async setup(code: string): Promise<string | null> {
    const a = await this.send({ setup: code });
    return a.error ?? null;
  }

  /** Runs the code once; seconds and the digest it left in `r`, or the error. */
  async run(code: string, after = ''): Promise<{ t: number; r: string | null } | { error: string }> {
    const a = await this.send({ run: code, after });
    return a.error !== undefined ? { error: a.error } : { t: a.t!, r: a.r ?? null };
  }

  close(): void {
    this.child.stdin.end();
  }
}

/** One workload measured on every side. */
export interface Workload {
  name: string;
  /** The engine side: runs the work once. */
  js: () => unknown;
  /** The engine answer's digest, computed outside the timing and compared with the Python side's `r`. */
  digest?: (answer: never) => string;
  /** The reference side: Python statements run once per repetition. */
  py: string;
  /** Python statements run after each timed run, outside the timing (e.g. `r = dig(answer)`). */
  pyAfter?: string;
  /** Python statements run once before timing (e.g. constructing inputs). */
  pySetup?: string;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function timeOnce(fn: () => unknown): { t: number; r: unknown } {
  const s = process.hrtime.bigint();
  const r = fn();
  return { t: Number(process.hrtime.bigint() - s) / 1e9, r };
}

/** Median of the timings of `reps` runs (after one warm-up), in seconds. */
export function timeJs(fn: () => unknown, reps: number): number {
  fn();
  const t: number[] = [];
  for (let i = 0; i < reps; i++) t.push(timeOnce(fn).t);
  return median(t);
}

/**
 * Runs the workloads on the engine and every reference, interleaved round by round, and prints one
 * table: median times and each reference's time / the engine's (> 1: the engine is faster), plus
 * whether the answers' digests agree where the workload gives them.
 */
export async function compare(title: string, ws: Workload[], refs: Reference[] = TORCH_REFERENCES, reps = 7): Promise<void> {
  const sides = refs.map((r) => new PySide(r));
  const rows: string[] = [];
  try {
    for (const w of ws) {
      const errors = await Promise.all(sides.map((s) => s.setup(w.pySetup ?? '')));
      const js: number[] = [];
      const py: Array<number[] | string> = sides.map((_, i) => (errors[i] !== null ? `setup failed: ${errors[i]}` : []));
      let digestJs: unknown;
      const digestPy: Array<string | null> = sides.map(() => null);
      for (let round = -1; round < reps; round++) {
        for (let i = 0; i < sides.length; i++) {
          const acc = py[i]!;
          if (typeof acc === 'string') continue;
          const a = await sides[i]!.run(w.py, w.pyAfter);
          if ('error' in a) py[i] = a.error;
          else {
            if (round >= 0) acc.push(a.t);
            digestPy[i] = a.r;
          }
        }
        const o = timeOnce(w.js);
        if (round >= 0) js.push(o.t);
        if (w.digest && round === reps - 1) digestJs = w.digest(o.r as never);
      }
      const e = median(js);
      const cells = py.map((acc, i) => {
        if (typeof acc === 'string') return [`error`, acc.slice(0, 40)];
        const p = median(acc);
        const same = typeof digestJs === 'string' && digestPy[i] !== null ? (digestJs === digestPy[i] ? '' : ' (ANSWERS DIFFER)') : '';
        return [(p * 1e3).toFixed(1), `${(p / e).toFixed(2)}x${same}`];
      });
      rows.push(`| ${w.name} | ${(e * 1e3).toFixed(1)} | ${cells.map((c) => c.join(' | ')).join(' | ')} |`);
    }
  } finally {
    for (const s of sides) s.close();
  }
  console.log(`\n## ${title}\n`);
  console.log(`| workload | engine (ms) | ${refs.map((r) => `${r.label} (ms) | engine speed vs ${r.label}`).join(' | ')} |`);
  console.log(`|---|---:|${refs.map(() => '---:|---:').join('|')}|`);
  for (const r of rows) console.log(r);
}
