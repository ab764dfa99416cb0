import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { Generator } from '../engine/torch/generator/generator.js';
import { LimitError } from '../engine/errors.js';
import { collectWarnings } from '../engine/warnings.js';
import type { CpuKernel } from '../engine/torch/tensor/tensor.js';
import { DEFAULT_TORCH_VERSION, type TorchVersion } from '../engine/torch/generator/profile.js';
import { requestKey } from '../cache/key.js';
import type { Config } from '../config.js';
import { Problem } from '../schemas/common.js';
import { STREAMED_JSON_BYTES, streamedBytes, toJsonBuffer, writeJsonChunks } from './json.js';
import { encodeSafetensors, SAFETENSORS_MEDIA_TYPE } from '../engine/torch/nn/safetensors.js';
import type { StateDict } from '../engine/torch/nn/module.js';
import type { Tensor } from '../engine/torch/tensor/tensor.js';
import { generatorFor, stateOf } from './rngState.js';
import type { Cost } from './work.js';
import { DEFAULT_LIMITS, type SplitLimits } from '../engine/sklearn/types.js';
import { CancelledError, ServiceUnavailableError } from './pool.js';
import { negotiate, NotAcceptableError, type Offer } from './negotiate.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** How the body parser reads the route's numbers (src/http/body.ts): 'python' tells `1` from `1.0`. */
    numbers?: 'python';
  }
}

/** Fields every validated computing request has. */
export interface ComputingBody {
  seed?: bigint | undefined;
  rng_state?: string | undefined;
  return_rng_state: boolean;
  cpu_kernel: CpuKernel;
  torch_version?: TorchVersion;
}

/** X-Torch-Version and X-Torch-Cpu-Kernel: the build and kernel that produced an answer. */
export function torchHeaders(body: { cpu_kernel?: string; torch_version?: string }): Record<string, string> {
  return { 'x-torch-version': body.torch_version ?? DEFAULT_TORCH_VERSION, 'x-torch-cpu-kernel': body.cpu_kernel ?? 'avx2' };
}

/** Sets X-Torch-Version and X-Torch-Cpu-Kernel. */
export function setTorchHeaders(reply: FastifyReply, body: { cpu_kernel?: string; torch_version?: string }): void {
  reply.headers(torchHeaders(body));
}

/** The limits an engine call without a generator is given (sklearn/numpy: MAX_SAMPLES, MAX_OUTPUT_INDICES). */
export type EngineLimits = SplitLimits;

/** What every computing route declares: its schemas, its work estimate, and how its answer is keyed and labelled. */
interface RouteBase<S extends z.ZodType> {
  url: string;
  operationId: string;
  summary: string;
  description: string;
  tags?: string[];
  body: S;
  response: z.ZodType;
  /**
   * The request's cost (work model), before any work: its elements (MAX_ELEMENTS, or the route's
   * `elementsLimit`), loop iterations (pool threshold) and answer bytes (MAX_OUTPUT_BYTES, budget); may
   * refuse other limits (413) itself.
   */
  cost(body: z.output<S>, config: Config): Cost;
  /** The setting bounding the cost's elements (default MAX_ELEMENTS). */
  elementsLimit?: 'MAX_ELEMENTS' | 'MAX_OUTPUT_INDICES';
  /** How the body parser reads numbers: 'python' tells `1` from `1.0` (PyFloat, src/schemas/python.ts). */
  numbers?: 'python';
  /** The headers naming what produced an answer (default X-Torch-Version and X-Torch-Cpu-Kernel). */
  headers?(body: z.output<S>): Record<string, string>;
  /** What the cache key (the ETag) hashes (default: the validated body, defaults filled). */
  key?(body: z.output<S>): unknown;
  /** Representations this route answers besides JSON, chosen by Accept (q-values) or ?format=. */
  formats?: readonly AnswerFormat[];
  /** Answers the `ndjson` representation (a stream, not cached); required when `formats` has it. */
  alternate?(request: FastifyRequest, reply: FastifyReply, body: z.output<S>, key: string, deps: ComputeDeps): Promise<boolean> | boolean;
}

/** A torch route: its engine call runs on the request's generator (seed or state blob). */
export interface TorchRoute<S extends z.ZodType> extends RouteBase<S> {
  generator?: true;
  /** Runs the engine on the request's generator; returns the response object without `seed`. */
  run(g: Generator, body: z.output<S>): Record<string, unknown>;
}

/** A route without a torch generator (sklearn, numpy): its engine call reads the body (and the limits) only. */
export interface BodyRoute<S extends z.ZodType> extends RouteBase<S> {
  generator: false;
  /** Runs the engine on the validated body; returns the whole response object. */
  run(body: z.output<S>, limits: EngineLimits): Record<string, unknown>;
}

/** What a computing route declares: its schemas, its work estimate and the engine call. */
export type ComputeRoute<S extends z.ZodType> = TorchRoute<S> | BodyRoute<S>;

/**
 * Representations of a computed answer: JSON (default) or a safetensors file of its tensors, computed
 * whole and cached; or NDJSON lines streamed by the route's `alternate` (never computed by executeRoute).
 */
export type AnswerFormat = 'json' | 'safetensors' | 'ndjson';

/** Media type of each representation. */
export const MEDIA_TYPES: Record<AnswerFormat, string> = { json: 'application/json', safetensors: SAFETENSORS_MEDIA_TYPE, ndjson: 'application/x-ndjson' };

/** The `?format=` query value of a request, if any. */
function formatQuery(request: FastifyRequest): unknown {
  const q: unknown = request.query;
  return typeof q === 'object' && q !== null && 'format' in q ? q.format : undefined;
}

/**
 * The representation a request gets among a route's offers (JSON first: the default and the server's
 * preference on ties): `?format=`, else the Accept header with its q-values; 406 when none is acceptable.
 */
export function requestedFormat(request: FastifyRequest, offers: readonly Offer<AnswerFormat>[]): AnswerFormat {
  const format = formatQuery(request);
  const chosen = negotiate(request.headers.accept, format, offers);
  if (chosen !== null) return chosen;
  const names = offers.map((o) => o.name).join(', ');
  const types = offers.map((o) => o.type).join(', ');
  throw new NotAcceptableError(
    format !== undefined ? `?format= must be one of ${names}` : `Accept names none of the representations this route answers: ${types} (or ?format= ${names})`,
  );
}

/**
 * Checks a route's callbacks against its own body type, then lets it join the list of routes: `cost`,
 * `run` and `alternate` are methods, so a route of a particular body is a route of any body (the
 * schema validated the body before any of them runs).
 */
export function defineCompute<S extends z.ZodType>(route: TorchRoute<S>): ComputeRoute<z.ZodType> {
  return route;
}

/** defineCompute for a route without a torch generator (`generator: false`). */
export function defineBodyCompute<S extends z.ZodType>(route: BodyRoute<S>): ComputeRoute<z.ZodType> {
  return route;
}

/**
 * What a computing route reads from the app: the decorators of the config, cache, pool and metrics
 * plugins (src/http/plugins), so any FastifyInstance of the app is one.
 */
export type ComputeDeps = Pick<FastifyInstance, 'config' | 'cache' | 'pool' | 'metrics' | 'flights' | 'budget' | 'streams'>;

/** One shared computation and how many requests still wait for it (cancelled when none is left). */
export interface Flight {
  promise: Promise<Buffer>;
  waiters: number;
  ac: AbortController;
}

/** Answers smaller than this are always admitted (health of small requests beats the budget). */
const SMALL_ANSWER_BYTES = 1 << 20;

/**
 * The memory budget: estimated bytes of answers being computed or sent. A request whose estimate
 * does not fit gets 503 + Retry-After at once (unless nothing else is in flight, so any request under
 * MAX_OUTPUT_BYTES can run alone); the bytes are released when its response closes.
 */
export class InflightBudget {
  used = 0;
  constructor(readonly max: number) {}
  /** Reserves `bytes` for a request; returns the release function (idempotent). */
  acquire(bytes: number): () => void {
    if (bytes < SMALL_ANSWER_BYTES) return () => undefined;
    if (this.used > 0 && this.used + bytes > this.max) {
      throw new ServiceUnavailableError(`answers in flight would pass MAX_INFLIGHT_BYTES (${this.max}); retry shortly`, 2);
    }
    this.used += bytes;
    let done = false;
    return () => {
      if (!done) {
        done = true;
        this.used -= bytes;
      }
    };
  }
}

/** Checks the work of a request against MAX_ELEMENTS, or another setting (413 above). */
export function checkWork(requested: number, config: Config, limit: 'MAX_ELEMENTS' | 'MAX_OUTPUT_INDICES' = 'MAX_ELEMENTS'): void {
  if (!(requested <= config[limit])) throw new LimitError(limit, config[limit], requested);
}

/** Checks the estimated answer bytes against MAX_OUTPUT_BYTES (413 above). */
export function checkOutput(cost: Cost, config: Config): void {
  if (!((cost.workers ?? 0) <= config.MAX_NUM_WORKERS)) throw new LimitError('MAX_NUM_WORKERS', config.MAX_NUM_WORKERS, cost.workers ?? 0);
  if (!(cost.bytes <= config.MAX_OUTPUT_BYTES)) throw new LimitError('MAX_OUTPUT_BYTES', config.MAX_OUTPUT_BYTES, cost.bytes);
}

/**
 * An AbortSignal that fires when the client closes the connection before its answer is sent, and
 * the budget reservation tied to the response's life.
 */
export function requestLifetime(reply: FastifyReply): AbortSignal {
  const ac = new AbortController();
  const res = reply.raw;
  if (res.destroyed) ac.abort();
  else res.once('close', () => {
    if (!res.writableFinished) ac.abort();
  });
  return ac.signal;
}

/** Reserves a request's answer bytes in the budget until its response closes. */
export function reserveBytes(deps: ComputeDeps, reply: FastifyReply, bytes: number): void {
  const release = deps.budget.acquire(bytes);
  reply.raw.once('close', release);
}
/**
 * Computes a route's JSON answer for a validated body: the request's generator (seed or state blob),
 * the engine call, `seed` echo and optional `rng_state`, serialised; or, for a route without a generator
 * (sklearn, numpy), its engine call on the body under `limits`. Runs on the main thread or in a worker.
 */
export function executeRoute(
  route: ComputeRoute<z.ZodType>,
  body: ComputingBody,
  format: AnswerFormat = 'json',
  limits: EngineLimits = DEFAULT_LIMITS,
  sink?: (chunk: Buffer) => void,
): Buffer {
  if (route.generator === false) {
    const answer = route.run(body, limits);
    if (!sink) return toJsonBuffer(answer);
    writeJsonChunks(answer, sink);
    return Buffer.alloc(0);
  }
  const g = generatorFor(body);
  const seed = g.initialSeed(); // echoed as at the start, whatever manual_seed steps run
  const { result, warnings } = collectWarnings(() => route.run(g, body));
  if (format === 'safetensors') {
    // the same tensors as the JSON answer: the state_dict's keys, or "tensor"
    // a torch route's answer holds a state_dict (modules) or a tensor (tensors, init): what its run returns
    const sd = (result.state_dict as StateDict | undefined) ?? [['tensor', result.tensor as Tensor]];
    const bytes = encodeSafetensors(sd, { seed: seed.toString(), format: 'pt' });
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  const out: Record<string, unknown> = { seed, ...result };
  if (warnings.length > 0) out.warnings = warnings;
  if (body.return_rng_state) out.rng_state = stateOf(g);
  if (sink) {
    // streamed: the chunks go to the sink as they are written (json.ts); nothing is returned
    writeJsonChunks(out, sink);
    return Buffer.alloc(0);
  }
  return toJsonBuffer(out);
}

/** The headers every computed answer carries: its ETag and immutable caching. */
export function cacheHeaders(key: string): Record<string, string> {
  return { etag: `"${key}"`, 'cache-control': 'public, max-age=31536000, immutable' };
}

/** Sets ETag and Cache-Control. */
export function setCacheHeaders(reply: FastifyReply, key: string): void {
  reply.headers(cacheHeaders(key));
}

/**
 * The answer for a request key: from the cache (HIT), or computed once however many identical requests
 * wait for it (single flight), stored, and marked MISS. `start` runs only when nothing is cached or in
 * flight; its signal aborts when every waiting request's client has gone.
 */
export async function cachedOrComputed(
  deps: ComputeDeps,
  reply: FastifyReply,
  key: string,
  start: (signal: AbortSignal) => Promise<Buffer>,
  signal?: AbortSignal,
): Promise<Buffer> {
  const hit = await deps.cache.get(key);
  deps.metrics.cache(hit !== undefined);
  if (hit) {
    reply.header('X-Cache', 'HIT');
    return hit;
  }
  const flights = deps.flights;
  let flight = flights.get(key);
  if (!flight) {
    const ac = new AbortController();
    const f: Flight = { promise: Promise.resolve(Buffer.alloc(0)), waiters: 0, ac };
    f.promise = start(ac.signal);
    flights.set(key, f);
    f.promise
      .then((buf: Buffer) => deps.cache.set(key, buf))
      .catch(() => undefined)
      .finally(() => {
        if (flights.get(key) === f) flights.delete(key);
      });
    flight = f;
  }
  const f = flight;
  f.waiters++;
  const leave = (): void => {
    f.waiters--;
    if (f.waiters === 0) {
      f.ac.abort();
      if (flights.get(key) === f) flights.delete(key);
    }
  };
  if (signal) {
    if (signal.aborted) {
      leave();
      throw new CancelledError();
    }
    signal.addEventListener('abort', leave, { once: true });
  }
  try {
    const buf = await f.promise;
    reply.header('X-Cache', 'MISS');
    return buf;
  } finally {
    signal?.removeEventListener('abort', leave);
  }
}

/** Whether If-None-Match names this ETag (`*` is told apart: it matches only an existing representation). */
export function matchesEtag(header: string | string[] | undefined, key: string): 'tag' | 'star' | false {
  if (typeof header !== 'string') return false;
  const tags = header.split(',').map((t) => t.trim());
  if (tags.some((t) => t.replace(/^W\//, '') === `"${key}"`)) return 'tag';
  return tags.includes('*') ? 'star' : false;
}

/**
 * RFC 9110 13.1.2 for a computed answer: `*` matches only when a representation exists (cached);
 * a named ETag matches a cached one at once, else after the answer is computed (a refused body never
 * reaches this point, so it never answers 304).
 */
export async function notModified(deps: ComputeDeps, request: FastifyRequest, key: string): Promise<'now' | 'after' | false> {
  const m = matchesEtag(request.headers['if-none-match'], key);
  if (!m) return false;
  const cached = (await deps.cache.get(key)) !== undefined;
  if (cached) return 'now';
  return m === 'tag' ? 'after' : false;
}

/** Answers 304 Not Modified (no body: the route's response schemas do not apply). */
export function notModifiedReply(reply: FastifyReply): FastifyReply {
  return reply.code(304).send();
}

/**
 * Registers a computing endpoint: validated body → representation (Accept / ?format=, 406) → canonical
 * key → 304 / cache hit / engine run (on the worker pool when the work is large), with ETag, X-Cache,
 * Cache-Control and Vary headers. What it needs comes from the app's decorators; the request's bytes are
 * remembered with the answer's key and headers, so the cache plugin answers them again before parsing.
 */
export function registerCompute<S extends z.ZodType>(app: FastifyInstance, route: ComputeRoute<S>, opts: { pooled?: boolean } = {}): void {
  const offers: Offer<AnswerFormat>[] = ['json' as const, ...(route.formats ?? [])].map((name) => ({ name, type: MEDIA_TYPES[name] }));
  const { alternate } = route;
  if (offers.some((o) => o.name === 'ndjson') && !alternate) throw new Error(`${route.url}: the ndjson format needs an alternate()`);
  const limits: EngineLimits = { maxSamples: app.config.MAX_SAMPLES, maxOutput: app.config.MAX_OUTPUT_INDICES };
  app.withTypeProvider<ZodTypeProvider>().route({
    method: 'POST',
    url: route.url,
    config: route.numbers ? { numbers: route.numbers } : {},
    schema: {
      operationId: route.operationId,
      summary: route.summary,
      description: route.description,
      tags: route.tags ?? ['compute'],
      body: route.body,
      response: { 200: route.response, 400: Problem, 406: Problem, 413: Problem, 415: Problem, 422: Problem, 429: Problem, 503: Problem },
    },
    handler: async (request, reply) => {
      // fastify's body is untyped here: the route's own schema (validatorCompiler) produced it
      const body = request.body as z.output<S> & ComputingBody;
      // every answer varies on Accept: another one may get another representation, or 406
      reply.header('Vary', 'Accept');
      const format = requestedFormat(request, offers);
      // each representation has its own ETag and cache entry; JSON's is the contract's canonical hash
      const keyed = route.key ? route.key(body) : body;
      const key = format === 'json' ? requestKey(route.url, keyed) : requestKey(`${route.url}#${format}`, keyed);
      if (format === 'ndjson') {
        await alternate?.(request, reply, body, key, app);
        return reply;
      }
      // the work model, before any work: limits (413), then the memory budget (503)
      const cost = route.cost(body, app.config);
      checkWork(cost.elements, app.config, route.elementsLimit);
      checkOutput(cost, app.config);
      const headers = { vary: 'Accept', ...cacheHeaders(key), ...(route.headers ? route.headers(body) : torchHeaders(body)) };
      reply.headers(headers);
      const head = { key, type: MEDIA_TYPES[format], headers };
      const cond = await notModified(app, request, key);
      if (cond === 'now') {
        app.answers.set(request.bytesId, head);
        return notModifiedReply(reply);
      }
      if (opts.pooled && app.pool && format === 'json' && !cond && cost.bytes >= STREAMED_JSON_BYTES && cost.iterations >= app.config.POOL_MIN_ELEMENTS && !(await app.cache.get(key))) {
        // a big answer: streamed from the worker as it is written, not built whole nor cached (json.ts)
        app.metrics.cache(false);
        app.metrics.computation(true);
        reserveBytes(app, reply, Math.min(cost.bytes, streamedBytes(cost.elements * 8)));
        const out = await app.pool.stream({ url: route.url, body, format, limits }, requestLifetime(reply));
        return reply.header('X-Cache', 'MISS').type(MEDIA_TYPES.json).send(out);
      }
      reserveBytes(app, reply, cost.bytes);
      const signal = requestLifetime(reply);
      const buf = await cachedOrComputed(
        app,
        reply,
        key,
        async (sig) => {
          const pooled = Boolean(opts.pooled && app.pool && cost.iterations >= app.config.POOL_MIN_ELEMENTS);
          app.metrics.computation(pooled);
          return pooled && app.pool ? app.pool.run({ url: route.url, body, format, limits }, sig) : executeRoute(route, body, format, limits);
        },
        signal,
      );
      app.answers.set(request.bytesId, head);
      if (cond === 'after') return notModifiedReply(reply);
      return reply.type(head.type).send(buf);
    },
  });
}
