import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { Generator } from '../engine/generator/generator.js';
import { LimitError } from '../engine/errors.js';
import type { CpuKernel } from '../engine/tensor/random.js';
import { requestKey } from '../cache/key.js';
import type { ResponseCache } from '../cache/cache.js';
import type { Config } from '../config.js';
import { Problem } from '../schemas/common.js';
import { toJsonBuffer } from './json.js';
import { generatorFor, stateOf } from './rngState.js';

/** Fields every validated computing request has. */
export interface ComputingBody {
  seed?: string | undefined;
  rng_state?: string | undefined;
  return_rng_state: boolean;
  cpu_kernel: CpuKernel;
}

/** What a computing route declares: its schemas, its work estimate and the engine call. */
export interface ComputeRoute<S extends z.ZodType> {
  url: string;
  operationId: string;
  summary: string;
  description: string;
  body: S;
  response: z.ZodType;
  /** Elements the request will compute, checked against MAX_ELEMENTS before any work. */
  work(body: z.output<S>, config: Config): number;
  /** Runs the engine on the request's generator; returns the response object without `seed`. */
  run(g: Generator, body: z.output<S>): Record<string, unknown>;
  /** Optional other representations chosen by Accept or ?format= (e.g. safetensors, ndjson). */
  alternate?(request: FastifyRequest, reply: FastifyReply, body: z.output<S>, key: string): Promise<boolean> | boolean;
}

/** Services a computing route needs from the app. */
export interface ComputeDeps {
  config: Config;
  cache: ResponseCache;
}

/** The response headers every computed answer carries. */
function cacheHeaders(reply: FastifyReply, key: string): void {
  reply.header('ETag', `"${key}"`);
  reply.header('Cache-Control', 'public, max-age=31536000, immutable');
}

/** Checks the work of a request against MAX_ELEMENTS (413 above). */
export function checkWork(requested: number, config: Config): void {
  if (!(requested <= config.MAX_ELEMENTS)) throw new LimitError('MAX_ELEMENTS', config.MAX_ELEMENTS, requested);
}

/**
 * Registers a computing endpoint: validated body → canonical key → 304 / cache hit / engine run,
 * with ETag, X-Cache and Cache-Control headers.
 */
export function registerCompute<S extends z.ZodType>(app: FastifyInstance, deps: ComputeDeps, route: ComputeRoute<S>): void {
  app.withTypeProvider<ZodTypeProvider>().route({
    method: 'POST',
    url: route.url,
    schema: {
      operationId: route.operationId,
      summary: route.summary,
      description: route.description,
      tags: ['compute'],
      body: route.body,
      response: { 200: route.response, 400: Problem, 413: Problem, 415: Problem, 422: Problem },
    },
    handler: async (request, reply) => {
      const body = request.body as z.output<S> & ComputingBody;
      const key = requestKey(route.url, body);
      cacheHeaders(reply, key);
      const inm = request.headers['if-none-match'];
      if (typeof inm === 'string' && inm.split(',').some((t) => t.trim().replace(/^W\//, '') === `"${key}"`)) {
        return (reply as FastifyReply).code(304).send();
      }
      if (route.alternate && (await route.alternate(request, reply, body, key))) return reply;
      const hit = await deps.cache.get(key);
      if (hit) {
        reply.header('X-Cache', 'HIT').type('application/json');
        return reply.send(hit);
      }
      checkWork(route.work(body, deps.config), deps.config);
      const g = generatorFor(body);
      const result = route.run(g, body);
      const out: Record<string, unknown> = { seed: g.initialSeedAtStart, ...result };
      if (body.return_rng_state) out.rng_state = stateOf(g.generator);
      const buf = toJsonBuffer(out);
      await deps.cache.set(key, buf);
      reply.header('X-Cache', 'MISS').type('application/json');
      return reply.send(buf);
    },
  });
}
