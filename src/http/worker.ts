// Worker-thread entry (piscina): computes a v1 route's JSON answer off the main thread.
import '../native/index.js';
import { Piscina } from 'piscina';
import type { z } from 'zod';
import { LimitError, TorchError } from '../engine/errors.js';
import { executeRoute, type AnswerFormat, type ComputeRoute, type ComputingBody } from './compute.js';
import { WORKER_ERROR } from './pool.js';
import { v1Compute } from './routes/v1/index.js';
import { sklearnRuns } from './routes/v1/sklearn.js';
import type { PoolTask } from './pool.js';
import { ndjsonBuffer } from './ndjson.js';

const sklearn = sklearnRuns();
const routes = new Map<string, ComputeRoute<z.ZodType>>(v1Compute.map((r) => [r.url, r as unknown as ComputeRoute<z.ZodType>]));

/** Runs one task; the answer's bytes are moved (not copied) back to the main thread. */
export default function task({ kind, url, body, format, floats, limits }: PoolTask): unknown {
  try {
    let buf: Buffer;
    if (kind === 'ndjson') {
      buf = ndjsonBuffer(body as Parameters<typeof ndjsonBuffer>[0]);
    } else if (kind === 'sklearn') {
      const run = sklearn.get(url);
      if (!run) throw new Error(`no route ${url} in the worker`);
      buf = Buffer.from(run(body as never, { floats: new Set(floats ?? []) }, limits!), 'utf8');
    } else {
      const route = routes.get(url);
      if (!route) throw new Error(`no route ${url} in the worker`);
      buf = executeRoute(route, body as ComputingBody, (format ?? 'json') as AnswerFormat);
    }
    // a Buffer may sit in Node's shared pool slab: only transfer memory it owns alone
    const own = buf.byteOffset === 0 && buf.buffer.byteLength === buf.byteLength ? buf : Buffer.from(buf);
    return Piscina.move(new Uint8Array(own.buffer, own.byteOffset, own.byteLength));
  } catch (err) {
    if (err instanceof TorchError) {
      throw new Error(WORKER_ERROR + JSON.stringify({ kind: 'torch', message: err.message, pyType: err.pyType, path: err.path }));
    }
    if (err instanceof LimitError) {
      throw new Error(WORKER_ERROR + JSON.stringify({ kind: 'limit', message: err.message, limit: err.limit, value: err.value, requested: err.requested }));
    }
    throw err;
  }
}
