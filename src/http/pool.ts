import { extname } from 'node:path';
import { Readable } from 'node:stream';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { LimitError, TorchError } from '../engine/errors.js';
import { NumpyError } from '../engine/numpy/errors.js';
import { STREAM_AHEAD_BYTES } from './json.js';

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
  // JSON.parse is untyped: the text is what worker.ts wrote for an engine error, one shape for every kind
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
  kind?: 'compute' | 'ndjson';
  url: string;
  body: unknown;
  format?: string;
  /** The engine limits of a route without a generator (sklearn, numpy). */
  limits?: { maxSamples: number; maxOutput: number };
  /** Set by the pool: a shared flag the worker's engine checkpoints read (0 run, else stop). */
  cancel?: Int32Array;
  /** Set by `stream`: the port the worker sends the answer's chunks on (then `null`), and the bytes sent but not yet taken. */
  port?: MessagePort;
  credit?: Int32Array;
  /** A streaming task's deadline on its computing time (the worker keeps it: waiting for the client does not count). */
  deadlineMs?: number;
}

/** Values of a task's cancellation flag: its client left (or shutdown), or its deadline passed. */
export const CANCEL_CLIENT = 1;
export const CANCEL_DEADLINE = 2;
/** A task that has not stopped this long after its flag was set is stopped by killing its thread. */
const CANCEL_GRACE_MS = 2000;

interface Waiting {
  task: PoolTask;
  signal: AbortSignal | undefined;
  onChunk: ((chunk: Buffer) => void) | undefined;
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
 * (its client left) removes a waiting task or stops the running one cooperatively: the task's shared
 * flag is set and the worker's engine loops stop at their next checkpoint (src/engine/cancel.ts), so
 * the thread is reused, not respawned (and recompiled); a task still running CANCEL_GRACE_MS later is
 * ended by terminating its thread.
 */
export class ComputePool {
  private readonly piscina: Piscina;
  private readonly opts: PoolOptions;
  private readonly queue: Waiting[] = [];
  private running = 0;
  /** Mean task duration (ms), exponentially weighted. */
  private meanMs = 0;
  /** The cancellation of each running task. */
  private readonly all = new Set<(why: number) => void>();
  /** Worker threads started so far (a thread is started again only after one was killed). */
  private spawned = 0;
  /** Tasks stopped cooperatively (at an engine checkpoint, their thread kept). */
  private cancelled = 0;

  constructor(opts: PoolOptions) {
    this.opts = opts;
    const ext = extname(fileURLToPath(import.meta.url));
    this.piscina = new Piscina({
      filename: new URL(`./worker${ext}`, import.meta.url).href,
      // every thread started (and its tsx compile done) before the first heavy request, and kept
      minThreads: opts.threads,
      maxThreads: opts.threads,
      maxQueue: 'auto',
      idleTimeout: Number.POSITIVE_INFINITY,
    });
    this.piscina.on('workerCreate', () => {
      this.spawned++;
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

  /** Worker threads started since the pool was created, and tasks cancelled without killing one. */
  get stats(): { threadsStarted: number; cancelled: number } {
    return { threadsStarted: this.spawned, cancelled: this.cancelled };
  }

  /** Milliseconds a new task would wait before a thread starts it (estimate). */
  expectedWaitMs(): number {
    if (this.running < this.opts.threads) return 0;
    return ((this.queue.length + 1) * this.meanMs) / this.opts.threads;
  }

  /**
   * Runs a task in a worker and streams its answer: resolves, once the first chunk is written (or the
   * task ended without one), to a Readable of the chunks as the worker writes them; an error before
   * that rejects (a 4xx/503 can still be sent), after it destroys the stream. The worker writes ahead
   * of the client by at most STREAM_AHEAD_BYTES (json.ts), so memory holds the engine's result and a few
   * chunks, not the whole answer.
   */
  stream(task: PoolTask, signal?: AbortSignal): Promise<Readable> {
    const credit = new Int32Array(new SharedArrayBuffer(4));
    let arrived = 0;
    let taken = 0;
    const out = new Readable({
      // read() runs whenever less than the worker's window is buffered, so credit flows back while it writes
      highWaterMark: STREAM_AHEAD_BYTES,
      read() {
        // what the consumer took since the last call goes back to the worker as credit
        const now = arrived - out.readableLength;
        if (now > taken) {
          Atomics.sub(credit, 0, now - taken);
          taken = now;
          Atomics.notify(credit, 0);
        }
      },
    });
    return new Promise<Readable>((resolve, reject) => {
      let started = false;
      const begin = (): void => {
        if (!started) {
          started = true;
          resolve(out);
        }
      };
      this.run({ ...task, credit }, signal, (chunk) => {
        arrived += chunk.length;
        out.push(chunk);
        begin();
      }).then(
        () => {
          begin();
          out.push(null);
        },
        (err: unknown) => {
          if (started) out.destroy(err instanceof Error ? err : new Error(String(err)));
          else {
            started = true;
            reject(err);
          }
        },
      );
    });
  }

  /** Runs a task in a worker; resolves to the serialised answer (`onChunk`: receives a streaming task's chunks). */
  run(task: PoolTask, signal?: AbortSignal, onChunk?: (chunk: Buffer) => void): Promise<Buffer> {
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
          onChunk,
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
    return this.start(task, signal, onChunk);
  }

  private async start(task: PoolTask, signal: AbortSignal | undefined, onChunk?: (chunk: Buffer) => void): Promise<Buffer> {
    this.running++;
    // cooperative cancellation: the worker's engine loops read this flag at their checkpoints and stop
    // with an error, so its thread lives on; only a task that ignores it past CANCEL_GRACE_MS is killed
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const hard = new AbortController();
    let grace: NodeJS.Timeout | undefined;
    const stop = (why: number): void => {
      if (Atomics.compareExchange(flag, 0, 0, why) !== 0) return;
      grace = setTimeout(() => hard.abort(), CANCEL_GRACE_MS);
      grace.unref();
    };
    this.all.add(stop);
    // a streamed answer's worker keeps its deadline itself, on its computing time (not its client's pace)
    const timer = onChunk ? undefined : setTimeout(() => stop(CANCEL_DEADLINE), this.opts.timeoutMs);
    const cancel = (): void => stop(CANCEL_CLIENT);
    signal?.addEventListener('abort', cancel, { once: true });
    // a streaming task sends its chunks on a port, then null; its result is empty
    const channel = onChunk ? new MessageChannel() : undefined;
    const ended = channel && onChunk
      ? new Promise<void>((resolve) => {
          channel.port1.on('message', (m: Uint8Array | null) => {
            if (m === null) resolve();
            else onChunk(Buffer.from(m.buffer, m.byteOffset, m.byteLength));
          });
        })
      : undefined;
    const t0 = performance.now();
    try {
      // piscina's run is untyped: worker.ts's task returns the answer's moved bytes, or null for a streamed one
      const out = (await this.piscina.run(
        { ...task, cancel: flag, ...(channel ? { port: channel.port2, deadlineMs: this.opts.timeoutMs } : {}) },
        { signal: hard.signal, ...(channel ? { transferList: [channel.port2] } : {}) },
      )) as Uint8Array | null;
      await ended;
      const ms = performance.now() - t0;
      this.meanMs = this.meanMs === 0 ? ms : this.meanMs * 0.8 + ms * 0.2;
      return out ? Buffer.from(out.buffer, out.byteOffset, out.byteLength) : Buffer.alloc(0);
    } catch (err) {
      const why = Atomics.load(flag, 0);
      if (why === 0) throw reviveWorkerError(err);
      if (!hard.signal.aborted) this.cancelled++;
      if (why === CANCEL_DEADLINE) throw new ServiceUnavailableError(`the computation passed its deadline (REQUEST_TIMEOUT_MS is ${this.opts.timeoutMs})`, 5);
      throw new CancelledError();
    } finally {
      channel?.port1.close();
      clearTimeout(timer);
      clearTimeout(grace);
      signal?.removeEventListener('abort', cancel);
      this.all.delete(stop);
      this.running--;
      this.next();
    }
  }

  private next(): void {
    while (this.running < this.opts.threads && this.queue.length > 0) {
      const w = this.queue.shift()!;
      w.signal?.removeEventListener('abort', w.onAbort);
      this.start(w.task, w.signal, w.onChunk).then(w.resolve, w.reject);
    }
  }

  /** Cancels every waiting and running task (shutdown past its grace period). */
  abortAll(): void {
    for (const w of this.queue.splice(0)) w.reject(new ServiceUnavailableError('the service is shutting down', 1));
    for (const stop of this.all) stop(CANCEL_CLIENT);
  }

  /** Stops the worker threads (after in-flight tasks). */
  async close(): Promise<void> {
    await this.piscina.close();
  }
}
