import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { LimitError, TorchError } from '../engine/errors.js';
import { NumpyError } from '../engine/numpy/errors.js';

/** The service cannot take this request now (pool saturated or deadline passed): 503 with Retry-After. */
export class ServiceUnavailableError extends Error {
  readonly retryAfter: number;
  constructor(message: string, retryAfter: number) {
    super(message);
    this.name = 'ServiceUnavailableError';
    this.retryAfter = retryAfter;
  }
}

/** Marker of an engine error carried across the worker boundary as JSON in an Error message. */
export const WORKER_ERROR = 'engine-error:';

/** Rebuilds the engine error a worker reported. */
export function reviveWorkerError(err: unknown): unknown {
  const msg = err instanceof Error ? err.message : '';
  const at = msg.indexOf(WORKER_ERROR);
  if (at < 0) return err;
  const e = JSON.parse(msg.slice(at + WORKER_ERROR.length)) as {
    kind: string; message: string; pyType?: string; path?: string; limit?: string; value?: number; requested?: number;
  };
  if (e.kind === 'torch') return new TorchError(e.message, e.pyType, e.path);
  if (e.kind === 'numpy') return new NumpyError(e.message, e.pyType, e.path);
  if (e.kind === 'limit') return new LimitError(e.limit!, e.value!, e.requested!);
  return new Error(e.message);
}

/** Pool settings. */
export interface PoolOptions {
  threads: number;
  maxQueue: number;
  timeoutMs: number;
}

/** A task for the worker: a v1 route (`url`, body, format) or an sklearn/numpy route (`floats` of its body). */
export interface PoolTask {
  kind?: 'compute' | 'sklearn' | 'ndjson';
  url: string;
  body: unknown;
  format?: string;
  floats?: string[];
  limits?: { maxSamples: number; maxOutput: number };
}

interface Waiting {
  task: PoolTask;
  signal: AbortSignal | undefined;
  resolve: (b: Buffer) => void;
  reject: (e: unknown) => void;
  onAbort: () => void;
}

/** The client went away before its answer was computed (its computation was cancelled). */
export class CancelledError extends Error {
  readonly statusCode = 499;
  constructor() {
    super('the client closed the connection; its computation was cancelled');
    this.name = 'CancelledError';
  }
}

/**
 * Heavy computations on worker threads (piscina), so a request computing millions of values never
 * stalls small ones. The pool keeps its own queue (POOL_MAX_QUEUE) so that the deadline
 * (REQUEST_TIMEOUT_MS) counts from the moment a thread starts the task, not from the time it waited;
 * a request whose expected wait (queue length x mean task time / threads) already passes the deadline,
 * or that finds the queue full, is refused at once with 503 + Retry-After. A caller's AbortSignal
 * (its client left) removes a waiting task or stops the running one (the worker is terminated).
 */
export class ComputePool {
  private readonly piscina: Piscina;
  private readonly opts: PoolOptions;
  private readonly queue: Waiting[] = [];
  private running = 0;
  /** Mean task duration (ms), exponentially weighted. */
  private meanMs = 0;
  private readonly all = new Set<AbortController>();

  constructor(opts: PoolOptions) {
    this.opts = opts;
    const ext = extname(fileURLToPath(import.meta.url));
    this.piscina = new Piscina({
      filename: new URL(`./worker${ext}`, import.meta.url).href,
      minThreads: 1,
      maxThreads: opts.threads,
      maxQueue: 'auto',
      idleTimeout: 60_000,
    });
  }

  /** Tasks waiting for a thread. */
  get queueSize(): number {
    return this.queue.length;
  }

  /** Tasks running on a thread. */
  get runningCount(): number {
    return this.running;
  }

  /** Milliseconds a new task would wait before a thread starts it (estimate). */
  expectedWaitMs(): number {
    if (this.running < this.opts.threads) return 0;
    return ((this.queue.length + 1) * this.meanMs) / this.opts.threads;
  }

  /** Runs a task in a worker; resolves to the serialised answer. */
  run(task: PoolTask, signal?: AbortSignal): Promise<Buffer> {
    if (signal?.aborted) return Promise.reject(new CancelledError());
    if (this.running >= this.opts.threads) {
      if (this.queue.length >= this.opts.maxQueue) {
        return Promise.reject(new ServiceUnavailableError(`the compute queue is full (POOL_MAX_QUEUE is ${this.opts.maxQueue}); retry shortly`, Math.max(1, Math.ceil(this.expectedWaitMs() / 1000))));
      }
      const wait = this.expectedWaitMs();
      if (wait > this.opts.timeoutMs) {
        return Promise.reject(
          new ServiceUnavailableError(`the expected wait (${Math.round(wait)} ms) passes the deadline (REQUEST_TIMEOUT_MS is ${this.opts.timeoutMs}); retry later`, Math.max(1, Math.ceil(wait / 1000))),
        );
      }
      return new Promise<Buffer>((resolve, reject) => {
        const w: Waiting = {
          task,
          signal,
          resolve,
          reject,
          onAbort: () => {
            const i = this.queue.indexOf(w);
            if (i >= 0) this.queue.splice(i, 1);
            reject(new CancelledError());
          },
        };
        signal?.addEventListener('abort', w.onAbort, { once: true });
        this.queue.push(w);
      });
    }
    return this.start(task, signal);
  }

  private async start(task: PoolTask, signal: AbortSignal | undefined): Promise<Buffer> {
    this.running++;
    const ac = new AbortController();
    this.all.add(ac);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      ac.abort();
    }, this.opts.timeoutMs);
    const cancel = (): void => ac.abort();
    signal?.addEventListener('abort', cancel, { once: true });
    const t0 = performance.now();
    try {
      const out = (await this.piscina.run(task, { signal: ac.signal })) as Uint8Array;
      const ms = performance.now() - t0;
      this.meanMs = this.meanMs === 0 ? ms : this.meanMs * 0.8 + ms * 0.2;
      return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
    } catch (err) {
      if (timedOut) throw new ServiceUnavailableError(`the computation passed its deadline (REQUEST_TIMEOUT_MS is ${this.opts.timeoutMs})`, 5);
      if (ac.signal.aborted) throw new CancelledError();
      throw reviveWorkerError(err);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', cancel);
      this.all.delete(ac);
      this.running--;
      this.next();
    }
  }

  private next(): void {
    while (this.running < this.opts.threads && this.queue.length > 0) {
      const w = this.queue.shift()!;
      w.signal?.removeEventListener('abort', w.onAbort);
      this.start(w.task, w.signal).then(w.resolve, w.reject);
    }
  }

  /** Cancels every waiting and running task (shutdown past its grace period). */
  abortAll(): void {
    for (const w of this.queue.splice(0)) w.reject(new ServiceUnavailableError('the service is shutting down', 1));
    for (const ac of this.all) ac.abort();
  }

  /** Stops the worker threads (after in-flight tasks). */
  async close(): Promise<void> {
    await this.piscina.close();
  }
}
