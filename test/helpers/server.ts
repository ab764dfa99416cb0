import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A service process on a free port (PORT=0; the port is read from its "listening" log line). */
export interface ServerProcess {
  child: ChildProcess;
  port: number;
  url: string;
  /** Every stderr line (must all be JSON log lines). */
  stderr: string[];
  /** Every stdout line that was not JSON. */
  unstructured: string[];
  exited: Promise<number | null>;
}

/** Starts `src/server.ts` with the environment overrides; resolves once it listens. */
export async function startServer(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  const unstructured: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  createInterface({ input: child.stderr! }).on('line', (l) => stderr.push(l));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start')), 30_000);
    createInterface({ input: child.stdout! }).on('line', (l) => {
      if (!l.startsWith('{')) {
        unstructured.push(l);
        return;
      }
      if (!l.includes('"listening"')) return;
      let o: { msg?: string; port?: number };
      try {
        o = JSON.parse(l) as { msg?: string; port?: number };
      } catch {
        unstructured.push(l);
        return;
      }
      if (o.msg === 'listening' && typeof o.port === 'number') {
        clearTimeout(timer);
        resolve(o.port);
      }
    });
    child.once('exit', () => reject(new Error(`server exited: ${stderr.join('\n')}`)));
  });
  return { child, port, url: `http://127.0.0.1:${port}`, stderr, unstructured, exited };
}

/** Resident set size of a process, in bytes (Linux). */
export function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}
