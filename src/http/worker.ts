// Worker-thread entry (piscina): computes a v1 route's JSON answer off the main thread.
import '../native/index.js';
import { Piscina } from 'piscina';
import type { z } from 'zod';
import { EngineError, LimitError, TorchError } from '../engine/errors.js';
import { getPriority, setPriority } from 'node:os';
import type { MessagePort } from 'node:worker_threads';
import { cancellable, CancelledComputation, checkpoint } from '../engine/cancel.js';
import { executeRoute, type AnswerFormat, type ComputeRoute, type ComputingBody } from './compute.js';
import { CANCEL_CLIENT, CANCEL_DEADLINE, WORKER_ERROR } from './pool.js';
import { v1Compute } from './routes/v1/index.js';
import type { PoolTask } from './pool.js';
import { ndjsonChunks } from './ndjson.js';
import { STREAM_AHEAD_BYTES } from './json.js';

/**
 * Worker threads run below the event loop: on Linux a nice value belongs to one thread, and
 * setPriority's default pid 0 is the calling thread, so this leaves the main thread (health checks,
 * small requests, sending answers) at the process's priority while heavy work takes the rest of the CPU.
 */
const WORKER_NICE = 10;
if (process.platform === 'linux') {
  try {
    setPriority(Math.max(WORKER_NICE, getPriority()));
  } catch {
    // not permitted here: the default priority
  }
}

const routes = new Map<string, ComputeRoute<z.ZodType>>(v1Compute.map((r) => [r.url, r]));

/**
 * A body the main thread validated with the route's schema before posting it (structured clone keeps
 * its bigints and nested values; types do not cross threads). The one assertion of the worker: the
 * task's url picks the route whose schema produced the body.
 */
function validated<T>(body: unknown): T {
  return body as T;
}

/** The clock of a streaming task: its computing time excludes the time it waits for its client. */
interface StreamClock {
  start: number;
  waited: number;
  deadlineMs: number;
  /** The first chunk has gone out: the status line is sent, a 503 is no longer possible. */
  sending: boolean;
}

/** Runs one task; the answer's bytes are moved (not copied) back to the main thread. */
export default function task(t: PoolTask): unknown {
  const flag = t.cancel;
  const clock: StreamClock | null = t.port && t.deadlineMs ? { start: performance.now(), waited: 0, deadlineMs: t.deadlineMs, sending: false } : null;
  // the engine's checkpoints stop the computation once the pool sets the flag (the thread lives on);
  // a streaming task keeps its own deadline, on its computing time only
  const check = (): void => {
    if (!flag) return;
    // the deadline covers the computation up to the first byte (then a 503 can still be sent); an answer being
    // sent is stopped only by its client leaving or taking nothing for a whole deadline (portSink)
    if (clock && !clock.sending && performance.now() - clock.start - clock.waited > clock.deadlineMs) Atomics.compareExchange(flag, 0, 0, CANCEL_DEADLINE);
    if (Atomics.load(flag, 0) !== 0) throw new CancelledComputation('cancelled by the pool');
  };
  return cancellable(check, () => compute(t, clock));
}

/** A Buffer that owns its memory alone (a small one may sit in Node's shared pool slab), so it can be moved. */
function owned(buf: Buffer): Buffer {
  return buf.byteOffset === 0 && buf.buffer.byteLength === buf.byteLength ? buf : Buffer.from(buf);
}

/**
 * The sink of a streaming task: each chunk is moved to the main thread on the task's port; past
 * STREAM_AHEAD_BYTES not yet taken by the client the thread waits (checking for cancellation
 * meanwhile). A client that takes nothing for the whole deadline is given up (a cancellation).
 */
function portSink(port: MessagePort, credit: Int32Array, flag: Int32Array | undefined, clock: StreamClock | null): (chunk: Buffer) => void {
  return (chunk) => {
    if (chunk.length === 0) return;
    const own = owned(chunk);
    Atomics.add(credit, 0, own.length);
    const ab = own.buffer;
    if (clock) clock.sending = true;
    port.postMessage(own, ab instanceof ArrayBuffer ? [ab] : []);
    const t0 = performance.now();
    let v = Atomics.load(credit, 0);
    let since = t0;
    while (v > STREAM_AHEAD_BYTES) {
      checkpoint();
      Atomics.wait(credit, 0, v, 50);
      const now = Atomics.load(credit, 0);
      const t = performance.now();
      if (now !== v) since = t;
      else if (flag && clock && t - since > clock.deadlineMs) Atomics.compareExchange(flag, 0, 0, CANCEL_CLIENT);
      v = now;
    }
    if (clock) clock.waited += performance.now() - t0;
  };
}

function compute({ kind, url, body, format, limits, port, credit, cancel }: PoolTask, clock: StreamClock | null): unknown {
  try {
    // a streaming task hands its chunks to the port's sink as they are written, then ends with null
    const sink = port && credit ? portSink(port, credit, cancel, clock) : undefined;
    let buf: Buffer;
    if (kind === 'ndjson') {
      if (!sink) throw new Error('an NDJSON task is always streamed');
      ndjsonChunks(validated<Parameters<typeof ndjsonChunks>[0]>(body), sink);
      buf = Buffer.alloc(0);
    } else {
      const route = routes.get(url);
      if (!route) throw new Error(`no route ${url} in the worker`);
      buf = executeRoute(route, validated<ComputingBody>(body), format === 'safetensors' ? 'safetensors' : 'json', limits, sink);
    }
    if (port && sink) {
      port.postMessage(null);
      return null;
    }
    const own = owned(buf);
    return Piscina.move(new Uint8Array(own.buffer, own.byteOffset, own.byteLength));
  } catch (err) {
    if (err instanceof EngineError) {
      throw new Error(WORKER_ERROR + JSON.stringify({ kind: err instanceof TorchError ? 'torch' : 'numpy', message: err.message, pyType: err.pyType, path: err.path }));
    }
    if (err instanceof LimitError) {
      throw new Error(WORKER_ERROR + JSON.stringify({ kind: 'limit', message: err.message, limit: err.limit, value: err.value, requested: err.requested }));
    }
    throw err;
  }
}
