import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { LimitError, TorchError } from '../engine/errors.js';

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
  if (e.kind === 'limit') return new LimitError(e.limit!, e.value!, e.requested!);
  return new Error(e.message);
}

/** Pool settings. */
export interface PoolOptions {
  threads: number;
  maxQueue: number;
  timeoutMs: number;
}

/**
 * Heavy computations on worker threads (piscina), so a request computing millions of values never
 * stalls small ones; a bounded queue (503 when full) and a deadline per task (503 when passed; the
 * worker running it is stopped).
 */
export class ComputePool {
  private readonly piscina: Piscina;
  private readonly opts: PoolOptions;

  constructor(opts: PoolOptions) {
    this.opts = opts;
    const ext = extname(fileURLToPath(import.meta.url));
    this.piscina = new Piscina({
      filename: new URL(`./worker${ext}`, import.meta.url).href,
      minThreads: 1,
      maxThreads: opts.threads,
      maxQueue: opts.maxQueue,
      idleTimeout: 60_000,
    });
  }

  /** Tasks waiting for a thread. */
  get queueSize(): number {
    return this.piscina.queueSize;
  }

  /** Runs a route's computation in a worker; resolves to the serialised JSON answer. */
  async run(url: string, body: unknown, format: string = 'json'): Promise<Buffer> {
    if (this.piscina.queueSize >= this.opts.maxQueue) {
      throw new ServiceUnavailableError(`the compute queue is full (POOL_MAX_QUEUE is ${this.opts.maxQueue}); retry shortly`, 1);
    }
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(), this.opts.timeoutMs);
    try {
      const out = (await this.piscina.run({ url, body, format }, { signal: ac.signal })) as Uint8Array;
      return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
    } catch (err) {
      if (ac.signal.aborted) {
        throw new ServiceUnavailableError(`the computation passed its deadline (REQUEST_TIMEOUT_MS is ${this.opts.timeoutMs})`, 5);
      }
      if (err instanceof Error && /queue is at limit/i.test(err.message)) {
        throw new ServiceUnavailableError(`the compute queue is full (POOL_MAX_QUEUE is ${this.opts.maxQueue}); retry shortly`, 1);
      }
      throw reviveWorkerError(err);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Stops the worker threads (after in-flight tasks). */
  async close(): Promise<void> {
    await this.piscina.close();
  }
}
