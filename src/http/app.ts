// installs the optional native kernels (src/native) for what this thread computes
import '../native/index.js';
import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import Fastify, { type FastifyInstance } from 'fastify';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { z } from 'zod';
import { LayeredCache } from '../cache/layered.js';
import { MemoryCache } from '../cache/memory.js';
import { RedisCache } from '../cache/redis.js';
import type { ResponseCache } from '../cache/cache.js';
import { defaultConfig, type Config } from '../config.js';
import { Metrics } from './metrics.js';
import errorsPlugin from './plugins/errors.js';
import { withExamples } from './examples.js';
import playground from './plugins/playground.js';
import methodNotAllowed from './plugins/methodNotAllowed.js';
import catalogue from './routes/v1/catalogue.js';
import { ComputePool } from './pool.js';
import { problem } from './problem.js';
import { installBodyParser } from './body.js';
import { InflightBudget } from './compute.js';
import { v1Routes } from './routes/v1/index.js';

const HealthResponse = z.object({ status: z.literal('ok') }).meta({ id: 'Health' });
const ReadyResponse = z.object({ status: z.enum(['ready', 'closing']), cache: z.enum(['memory', 'memory+redis', 'memory (redis down)']) }).meta({ id: 'Ready' });

/** Options of `buildApp`: settings, and optionally a logger and a cache store. */
export interface AppOptions {
  config?: Config;
  logger?: Logger;
  cache?: ResponseCache;
}

/** OpenAPI document metadata. */
export const OPENAPI_INFO = {
  title: 'torch seed service',
  version: '1.0.0',
  description:
    'Exactly what PyTorch (2.14/2.13 official wheels by default, 1.13 on request), scikit-learn (1.9 by default, 1.6 and 1.2 on request) and numpy produce on the CPU for a seed and a configuration: layer initial weights, DataLoader batch order, random_split, tensor factories, whole scripts on one generator, cross-validation splits, resampling and numpy draws.',
  license: { name: 'MIT', identifier: 'MIT' },
};

/** Builds the application (never listens, never reads the environment). */
export async function buildApp(opts: AppOptions = {}): Promise<FastifyInstance> {
  const config = opts.config ?? defaultConfig();
  const app = Fastify({
    ...(opts.logger ? { loggerInstance: opts.logger } : { logger: false }),
    bodyLimit: config.BODY_LIMIT_BYTES,
    // close hooks wait up to SHUTDOWN_TIMEOUT_MS for in-flight answers: avvio must not time them out first
    pluginTimeout: Math.max(10_000, config.SHUTDOWN_TIMEOUT_MS + 5000),
    // during shutdown new requests get a problem+json 503 from the lifecycle hook below (not fastify's generic body)
    return503OnClosing: false,
  }) as unknown as FastifyInstance;
  // JSON only: fastify's text/plain parser would let non-JSON bodies reach validation (415 instead)
  app.removeContentTypeParser('text/plain');
  // one lossless, iterative JSON parser for every route (integers beyond 2^53 as BigInt)
  installBodyParser(app, { maxDepth: config.JSON_MAX_DEPTH, maxKeys: config.JSON_MAX_KEYS }, 'bigint');
  // bodies are read as sent: a compressed body would reach the parser as bytes (415, RFC 9110 15.5.16)
  app.addHook('onRequest', async (request) => {
    const enc = request.headers['content-encoding'];
    if (enc !== undefined && enc.trim().toLowerCase() !== 'identity') {
      throw Object.assign(new Error(`Content-Encoding "${enc}" is not accepted: send the body uncompressed (identity)`), { statusCode: 415, code: 'TSS_ERR_CONTENT_ENCODING' });
    }
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(errorsPlugin, { bodyLimit: config.BODY_LIMIT_BYTES });
  // swagger-ui's page needs inline script/style and data: images from its own origin only
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: { upgradeInsecureRequests: null, defaultSrc: ["'self'"], scriptSrc: ["'self'", "'unsafe-inline'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:'] },
    },
  });
  const allowed = new Set(config.RATE_LIMIT_ALLOW.split(',').map((a) => a.trim()).filter(Boolean));
  if (config.RATE_LIMIT_MAX > 0) {
    await app.register(rateLimit, {
      max: config.RATE_LIMIT_MAX,
      timeWindow: config.RATE_LIMIT_WINDOW_MS,
      allowList: (req) => allowed.has(req.ip) || ['/health', '/ready', '/metrics'].includes(req.url.split('?')[0]!),
      errorResponseBuilder: (_req, ctx) =>
        Object.assign(new Error(`Rate limit: RATE_LIMIT_MAX is ${ctx.max} requests per ${ctx.after}`), { statusCode: 429, retryAfter: Math.ceil(ctx.ttl / 1000) }),
    });
  }
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: OPENAPI_INFO,
      servers: [{ url: '/' }],
      tags: [
        { name: 'compute', description: 'Seeded computations, bit for bit as torch' },
        { name: 'service', description: 'Health, readiness, metrics and documentation' },
      ],
    },
    transform: jsonSchemaTransform,
    transformObject: (doc) => withExamples(jsonSchemaTransformObject(doc)),
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await app.register(methodNotAllowed); // 405 with Allow on known paths (before the routes it learns)
  await app.register(catalogue); // GET /v1/catalogue from the routes' schemas (before the routes it lists)
  await app.register(playground); // GET / and /playground/* (public/playground)

  const local = new MemoryCache(config.CACHE_MAX_BYTES);
  const redis = config.REDIS_URL
    ? new RedisCache({
        url: config.REDIS_URL,
        prefix: config.REDIS_KEY_PREFIX,
        ttlSeconds: config.CACHE_TTL_SECONDS,
        onError: (err) => app.log.warn({ err: { message: err.message } }, 'redis unavailable; serving from the in-memory cache'),
      })
    : null;
  const cache: ResponseCache = opts.cache ?? (redis ? new LayeredCache(local, redis) : local);
  const pool = config.POOL_THREADS > 0 ? new ComputePool({ threads: config.POOL_THREADS, maxQueue: config.POOL_MAX_QUEUE, timeoutMs: config.REQUEST_TIMEOUT_MS }) : null;
  const metrics = new Metrics(() => pool?.queueSize ?? 0);
  let closing = false;
  // Graceful close: new requests get 503 (return503OnClosing) while the ones in flight finish and
  // their bytes leave the socket buffers (fastify's idle-connection close would cut a large answer).
  let inFlight = 0;
  const sockets = new Set<Socket>();
  app.server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  // counted on the raw response's 'close', which fires however the exchange ends (answered, refused,
  // or the client gone), so the count cannot leak
  app.addHook('onRequest', async (request, reply) => {
    if (closing && request.url.split('?')[0] !== '/ready' && request.url.split('?')[0] !== '/health') {
      reply.header('Connection', 'close').header('Retry-After', '1');
      reply.code(503).type('application/problem+json').send(JSON.stringify(problem(503, 'The service is shutting down; retry on another replica or shortly')));
      return reply;
    }
    inFlight++;
    reply.raw.once('close', () => {
      inFlight--;
    });
    return undefined;
  });
  app.addHook('preClose', async () => {
    closing = true;
    const deadline = Date.now() + config.SHUTDOWN_TIMEOUT_MS;
    while ((inFlight > 0 || [...sockets].some((s) => s.writableLength > 0)) && Date.now() < deadline) await sleep(20);
    if (inFlight > 0) {
      app.log.warn({ inFlight, timeoutMs: config.SHUTDOWN_TIMEOUT_MS }, 'shutdown grace period passed: aborting computations and closing connections');
      pool?.abortAll();
      for (const s of sockets) s.destroy();
    }
  });
  app.addHook('onClose', async () => {
    await pool?.close();
    await cache.close?.();
  });
  app.addHook('onResponse', async (request, reply) => {
    metrics.observe(request.method, request.routeOptions.url ?? 'unknown', reply.statusCode, reply.elapsedTime / 1000);
  });

  app.get(
    '/health',
    { schema: { operationId: 'health', summary: 'Liveness: 200 while the process can serve', tags: ['service'], response: { 200: HealthResponse } } },
    async () => ({ status: 'ok' as const }),
  );
  app.get(
    '/ready',
    { schema: { operationId: 'ready', summary: 'Readiness: 200 while accepting work, 503 while shutting down', tags: ['service'], response: { 200: ReadyResponse, 503: ReadyResponse } } },
    async (_req, reply) => {
      const cacheState = redis ? (redis.ready ? 'memory+redis' : 'memory (redis down)') : 'memory';
      if (closing) return reply.code(503).send({ status: 'closing', cache: cacheState });
      return { status: 'ready' as const, cache: cacheState };
    },
  );
  app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
    reply.type(metrics.registry.contentType);
    return metrics.registry.metrics();
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).type('application/problem+json').send(JSON.stringify(problem(404, `No route ${request.method} ${request.url.split('?')[0]}`)));
  });
  await app.register(async (v1) =>
    v1Routes(v1, { config, cache, pool, metrics, flights: new Map(), budget: new InflightBudget(config.MAX_INFLIGHT_BYTES), streams: { open: 0 } }),
  );
  return app;
}
