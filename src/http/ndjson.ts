import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DataLoader, dataLoaderEpochs, type Batch, type Epoch } from '../engine/torch/data/dataloader.js';
import { EngineError, LimitError } from '../engine/errors.js';
import { CancelledComputation } from '../engine/cancel.js';
import type { Generator } from '../engine/torch/generator/generator.js';
import { requestLifetime, reserveBytes, setTorchHeaders, type ComputeDeps, type ComputingBody } from './compute.js';
import { problem } from './problem.js';
import { generatorFor, stateOf } from './rngState.js';
import { loaderCost, type LoaderWorkFields } from './work.js';
import { ServiceUnavailableError } from './pool.js';
import { streamedBytes } from './json.js';
import { requestKey } from '../cache/key.js';

/** The NDJSON media type (one JSON object per line). */
export const NDJSON = 'application/x-ndjson';

/** Bytes a read() call produces before yielding to the event loop (and to backpressure). */
const CHUNK_BYTES = 64 * 1024;

/**
 * The lines of a DataLoader answer, produced lazily: `{"epoch": k, "base_seed": "...", "batch": [...]}`
 * per batch (plus `"worker_seeds"` with workers), `{"epoch": k, "base_seed": "..."}` for a pass without
 * batches, and a last `{"rng_state": "..."}` line when asked. Epochs count from 0, as the indices of the
 * JSON answer's `epochs` array.
 */
export function* dataLoaderLines(g: Generator, epochs: Iterable<Epoch>, returnState: boolean): globalThis.Generator<string, void, unknown> {
  let k = 0;
  for (const e of epochs) {
    const head = `{"epoch":${k},"base_seed":"${e.base_seed}"${e.worker_seeds ? `,"worker_seeds":[${e.worker_seeds.map((s) => `"${s}"`).join(',')}]` : ''}`;
    let any = false;
    // an epoch's batches are a lazy iterable in the streaming loader (dataLoaderEpochs), an array otherwise
    for (const b of e.batches as Iterable<Batch>) {
      any = true;
      yield `${head},"batch":${typeof b === 'number' ? String(b) : `[${b.join(',')}]`}}\n`;
    }
    if (!any) yield `${head}}\n`;
    k++;
  }
  if (returnState) yield `${JSON.stringify({ rng_state: stateOf(g) })}\n`;
}

/**
 * A Readable over lines: each `read()` serialises up to CHUNK_BYTES and stops when `push` says the
 * consumer is full, so memory holds one permutation of the sampler and a few chunks whatever the
 * dataset size and epoch count. An error after the first line ends the stream with a last
 * `{"error": <problem>}` line (the status line is already sent).
 */
export function linesStream(lines: Iterator<string>): Readable {
  return new Readable({
    highWaterMark: CHUNK_BYTES,
    read() {
      try {
        // lines are ASCII: copied into one chunk buffer with latin1, no string concatenation
        let chunk = Buffer.allocUnsafe(CHUNK_BYTES);
        let used = 0;
        for (;;) {
          const r = lines.next();
          if (r.done) {
            if (used > 0) this.push(chunk.subarray(0, used));
            this.push(null);
            return;
          }
          const line = r.value;
          if (used + line.length > CHUNK_BYTES) {
            const more = used > 0 ? this.push(chunk.subarray(0, used)) : true;
            chunk = Buffer.allocUnsafe(CHUNK_BYTES);
            used = 0;
            if (line.length > CHUNK_BYTES) {
              if (!this.push(Buffer.from(line, 'latin1')) || !more) return;
              continue;
            }
            if (!more) {
              used = chunk.write(line, 0, 'latin1');
              this.push(chunk.subarray(0, used));
              return;
            }
          }
          used += chunk.write(line, used, 'latin1');
        }
      } catch (err) {
        const body = err instanceof EngineError ? problem(422, err.message) : problem(500, 'Internal error; it has been logged');
        this.push(`${JSON.stringify({ error: body })}\n`);
        this.push(null);
      }
    },
  });
}

/**
 * The request's global generator and the DataLoader options of a body (the generator's torch build
 * included), for the stream and for the worker's buffered answer alike.
 */
function loaderOf(body: DataLoaderBody): { g: Generator; opts: ConstructorParameters<typeof DataLoader>[0]; ret: boolean } {
  const { seed: _s, rng_state: _r, return_rng_state: ret, cpu_kernel: _k, torch_version: _v, ...rest } = body;
  const g = generatorFor(body);
  // the schema's output is the DataLoader's options plus the HTTP fields removed above (checked field by field
  // by the loader step's table entry, src/ops/steps.ts); the spread loses the correspondence for tsc
  return { g, opts: { ...rest, profile: g.profile } as ConstructorParameters<typeof DataLoader>[0], ret };
}

/** Bytes of lines a worker gathers into one chunk before handing it to its sink. */
const WORKER_CHUNK_BYTES = 1024 * 1024;

/**
 * The NDJSON answer computed on a worker thread, handed to `sink` in chunks of about
 * WORKER_CHUNK_BYTES as the lines are produced (the sink waits while the client is behind), so memory
 * holds one epoch's permutation and a few chunks whatever the dataset size and epoch count; an error
 * met on the way ends it with the same `{"error": <problem>}` line as the main-thread stream.
 */
export function ndjsonChunks(body: DataLoaderBody, sink: (chunk: Buffer) => void): void {
  const { g, opts, ret } = loaderOf(body);
  const loader = new DataLoader(opts);
  let chunk = Buffer.allocUnsafe(WORKER_CHUNK_BYTES);
  let used = 0;
  const put = (line: string): void => {
    if (used + line.length > chunk.length) {
      if (used > 0) sink(chunk.subarray(0, used));
      chunk = Buffer.allocUnsafe(Math.max(WORKER_CHUNK_BYTES, line.length));
      used = 0;
    }
    used += chunk.write(line, used, 'latin1'); // lines are ASCII
  };
  try {
    for (const line of dataLoaderLines(g, dataLoaderEpochs(g, opts, loader), ret)) put(line);
  } catch (err) {
    if (err instanceof CancelledComputation) throw err;
    const p = err instanceof EngineError ? problem(422, err.message) : problem(500, 'Internal error; it has been logged');
    put(`${JSON.stringify({ error: p })}\n`);
  }
  if (used > 0) sink(chunk.subarray(0, used));
}

/** The validated `/v1/dataloader` body as the NDJSON path reads it. */
type DataLoaderBody = ComputingBody & LoaderWorkFields & Record<string, unknown>;

/**
 * `alternate` hook of `/v1/dataloader`: answers the `ndjson` representation (negotiated by the route) with a stream of one
 * batch per line, computed as the client reads (not cached, limited by MAX_STREAM_ELEMENTS instead of
 * MAX_ELEMENTS). torch's refusals of the options are still 422 before any byte is sent.
 */
export async function dataLoaderNdjson(_request: FastifyRequest, reply: FastifyReply, body: DataLoaderBody, _key: string, deps: ComputeDeps): Promise<boolean> {
  const limit = deps.config.MAX_STREAM_ELEMENTS;
  // the loader's elements with its worker seeds, and epochs without samples (an epoch over an empty dataset still loops)
  const cost = loaderCost(body);
  const structural = Math.max(1, body.epochs ?? 1) * (2 + (typeof body.num_workers === 'number' ? body.num_workers : 0));
  if (!(cost.elements <= limit && structural <= limit)) throw new LimitError('MAX_STREAM_ELEMENTS', limit, Math.max(cost.elements, structural));
  if (!((cost.workers ?? 0) <= deps.config.MAX_NUM_WORKERS)) throw new LimitError('MAX_NUM_WORKERS', deps.config.MAX_NUM_WORKERS, cost.workers ?? 0);
  const streams = deps.streams;
  if (streams && streams.open >= deps.config.MAX_CONCURRENT_STREAMS) {
    throw new ServiceUnavailableError(`MAX_CONCURRENT_STREAMS (${deps.config.MAX_CONCURRENT_STREAMS}) streams are being sent; retry shortly`, 2);
  }
  const { g, opts, ret } = loaderOf(body);
  const loader = new DataLoader(opts); // torch's construction-time refusals: 422 before streaming
  setTorchHeaders(reply, body);
  const etag = `"${requestKey('/v1/dataloader#ndjson', body)}"`;
  if (deps.pool && cost.iterations >= deps.config.POOL_MIN_ELEMENTS) {
    // heavy: the shuffle and the lines are computed on a worker thread, streamed as they are written
    // (the worker waits while the client is behind), so neither the event loop nor memory grows with the dataset
    reserveBytes(deps, reply, Math.min(cost.bytes, streamedBytes((body.dataset_size ?? 0) * 8)));
    if (streams) {
      streams.open++;
      reply.raw.once('close', () => {
        streams.open--;
      });
    }
    deps.metrics?.computation(true);
    const out = await deps.pool.stream({ kind: 'ndjson', url: '/v1/dataloader', body }, requestLifetime(reply));
    reply.header('ETag', etag).header('Cache-Control', 'public, max-age=31536000, immutable');
    reply.header('X-Cache', 'MISS').type(NDJSON);
    void reply.send(out);
    return true;
  }
  const lines = dataLoaderLines(g, dataLoaderEpochs(g, opts, loader), ret);
  if (streams) {
    streams.open++;
    reply.raw.once('close', () => {
      streams.open--;
    });
  }
  // its own representation: its own ETag (Vary: Accept is set by the route); streams are not cached
  reply.header('ETag', etag).header('Cache-Control', 'public, max-age=31536000, immutable');
  reply.header('X-Cache', 'MISS').type(NDJSON);
  void reply.send(linesStream(lines));
  return true;
}
