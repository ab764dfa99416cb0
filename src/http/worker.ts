// Worker-thread entry (piscina): computes a v1 route's JSON answer off the main thread.
import { Piscina } from 'piscina';
import type { z } from 'zod';
import { EngineError, LimitError, TorchError } from '../engine/errors.js';
import { executeRoute, type AnswerFormat, type ComputeRoute, type ComputingBody } from './compute.js';
import { WORKER_ERROR } from './pool.js';
import { v1Compute } from './routes/v1/index.js';
import type { PoolTask } from './pool.js';
import { ndjsonBuffer } from './ndjson.js';

const routes = new Map<string, ComputeRoute<z.ZodType>>(v1Compute.map((r) => [r.url, r]));

/**
 * A body the main thread validated with the route's schema before posting it (structured clone keeps
 * its bigints and nested values; types do not cross threads). The one assertion of the worker: the
 * task's url picks the route whose schema produced the body.
 */
function validated<T>(body: unknown): T {
  return body as T;
}

/** Runs one task; the answer's bytes are moved (not copied) back to the main thread. */
export default function task({ kind, url, body, format, limits }: PoolTask): unknown {
  try {
    let buf: Buffer;
    if (kind === 'ndjson') {
      buf = ndjsonBuffer(validated<Parameters<typeof ndjsonBuffer>[0]>(body));
    } else {
      const route = routes.get(url);
      if (!route) throw new Error(`no route ${url} in the worker`);
      buf = executeRoute(route, validated<ComputingBody>(body), format === 'safetensors' ? 'safetensors' : 'json', limits);
    }
    // a Buffer may sit in Node's shared pool slab: only transfer memory it owns alone
    const own = buf.byteOffset === 0 && buf.buffer.byteLength === buf.byteLength ? buf : Buffer.from(buf);
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
