import Fastify, { type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { MemoryCache } from '../cache/memory.js';
import type { ResponseCache } from '../cache/cache.js';
import { defaultConfig, type Config } from '../config.js';
import errorsPlugin from './plugins/errors.js';
import { v1Routes } from './routes/v1/index.js';
import { z } from 'zod';

const HealthResponse = z.object({ status: z.literal('ok') }).meta({ id: 'Health' });
import { installEngineCodecs } from './codecs.js';

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
    'Exactly what PyTorch 1.13 produces on the CPU for a seed and a configuration: layer initial weights, DataLoader batch order, random_split, tensor factories and whole scripts on one generator.',
  license: { name: 'MIT', identifier: 'MIT' },
};

/** Builds the application (never listens, never reads the environment). */
export async function buildApp(opts: AppOptions = {}): Promise<FastifyInstance> {
  const config = opts.config ?? defaultConfig();
  installEngineCodecs();
  const app = Fastify({
    ...(opts.logger ? { loggerInstance: opts.logger } : { logger: false }),
    bodyLimit: config.BODY_LIMIT_BYTES,
    return503OnClosing: true,
  }) as unknown as FastifyInstance;
  // JSON only: fastify's text/plain parser would let non-JSON bodies reach validation (415 instead)
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(errorsPlugin, { bodyLimit: config.BODY_LIMIT_BYTES });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: OPENAPI_INFO,
      servers: [{ url: '/' }],
      tags: [
        { name: 'compute', description: 'Seeded computations, bit for bit as torch' },
        { name: 'service', description: 'Health and documentation' },
      ],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  const cache: ResponseCache = opts.cache ?? new MemoryCache(config.CACHE_MAX_BYTES);
  app.addHook('onClose', async () => {
    await cache.close?.();
  });
  app.get('/health', { schema: { operationId: 'health', summary: 'Liveness: 200 while the process can serve', tags: ['service'], response: { 200: HealthResponse } } }, async () => ({ status: 'ok' as const }));
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await app.register(async (v1) => v1Routes(v1, { config, cache }));
  return app;
}
