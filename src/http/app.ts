// installs the optional native kernels (src/native) for what this thread computes
import '../native/index.js';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type RawReplyDefaultExpression, type RawRequestDefaultExpression, type RawServerDefault } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { ResponseCache } from '../cache/cache.js';
import { defaultConfig, type Config } from '../config.js';
import errorsPlugin from './plugins/errors.js';
import security from './plugins/security.js';
import openapi from './plugins/openapi.js';
import workerPool from './plugins/pool.js';
import metrics from './plugins/metrics.js';
import cache, { rememberingParser } from './plugins/cache.js';
import lifecycle from './plugins/lifecycle.js';
import playground from './plugins/playground.js';
import methodNotAllowed from './plugins/methodNotAllowed.js';
import catalogue from './routes/v1/catalogue.js';
import { problem } from './problem.js';
import { installBodyParser } from './body.js';
import { v1Routes } from './routes/v1/index.js';

export { OPENAPI_INFO } from './plugins/openapi.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The settings the app was built with (never read from the environment here). */
    config: Config;
  }
}

/** Options of `buildApp`: settings, and optionally a logger and a cache store. */
export interface AppOptions {
  config?: Config;
  logger?: Logger;
  cache?: ResponseCache;
}

/**
 * Builds the application (never listens, never reads the environment): the settings as the `config`
 * decorator, then named plugins, each declaring what it needs (fastify-plugin `dependencies` and
 * `decorators`), then the routes, which read the plugins' decorators.
 */
export async function buildApp(opts: AppOptions = {}): Promise<FastifyInstance> {
  const config = opts.config ?? defaultConfig();
  // the default logger type: a pino Logger is one, and routes and plugins see a plain FastifyInstance
  const app: FastifyInstance = Fastify<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger>({
    ...(opts.logger ? { loggerInstance: opts.logger } : { logger: false }),
    bodyLimit: config.BODY_LIMIT_BYTES,
    // close hooks wait up to SHUTDOWN_TIMEOUT_MS for in-flight answers: avvio must not time them out first
    pluginTimeout: Math.max(10_000, config.SHUTDOWN_TIMEOUT_MS + 5000),
    // during shutdown new requests get a problem+json 503 from the lifecycle plugin (not fastify's generic body)
    return503OnClosing: false,
  });
  app.decorate('config', config);
  // JSON only: fastify's text/plain parser would let non-JSON bodies reach validation (415 instead)
  app.removeContentTypeParser('text/plain');
  // one lossless, iterative JSON parser for every route (integers beyond 2^53 as BigInt, floats as PyFloat on the sklearn/numpy routes), behind the
  // cache plugin's index of request bytes already answered
  installBodyParser(rememberingParser(app), { maxDepth: config.JSON_MAX_DEPTH, maxKeys: config.JSON_MAX_KEYS });
  // bodies are read as sent: a compressed body would reach the parser as bytes (415, RFC 9110 15.5.16)
  app.addHook('onRequest', (request, _reply, done) => {
    const enc = request.headers['content-encoding'];
    if (enc !== undefined && enc.trim().toLowerCase() !== 'identity') {
      done(Object.assign(new Error(`Content-Encoding "${enc}" is not accepted: send the body uncompressed (identity)`), { statusCode: 415, code: 'TSS_ERR_CONTENT_ENCODING' }));
      return;
    }
    done();
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(errorsPlugin, { bodyLimit: config.BODY_LIMIT_BYTES });
  await app.register(security); // helmet's headers and the rate limit
  await app.register(methodNotAllowed); // 405 with Allow on known paths (before the routes it learns)
  await app.register(workerPool);
  await app.register(metrics);
  // before any encapsulated context is created: request decorators must reach them all
  await app.register(cache, opts.cache ? { cache: opts.cache } : {});
  await app.register(openapi); // before the routes it documents
  await app.register(catalogue); // GET /v1/catalogue from the routes' schemas (before the routes it lists)
  await app.register(playground); // GET / and /playground/* (public/playground)
  await app.register(lifecycle); // /health, /ready, graceful close
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).type('application/problem+json').send(JSON.stringify(problem(404, `No route ${request.method} ${request.url.split('?')[0]}`)));
  });
  await app.register(v1Routes);
  return app;
}
