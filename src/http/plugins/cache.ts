import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AnswerIndex, type AnswerHead } from '../../cache/answers.js';
import type { ResponseCache } from '../../cache/cache.js';
import { LayeredCache } from '../../cache/layered.js';
import { MemoryCache } from '../../cache/memory.js';
import { RedisCache } from '../../cache/redis.js';
import { matchesEtag, type Flight } from '../compute.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Serialised answers by request key (in memory, with Redis behind it when REDIS_URL is set). */
    cache: ResponseCache;
    /** In-flight computations by request key: identical concurrent requests share one (single flight). */
    flights: Map<string, Flight>;
    /** The cache layers /ready reports. */
    cacheState(): 'memory' | 'memory+redis' | 'memory (redis down)';
    /** Which answer a request's exact bytes led to (the next identical request skips parse and validation). */
    answers: AnswerIndex;
  }
  interface FastifyRequest {
    /** The identity of this request's bytes (AnswerIndex.idOf), set by the JSON parser; null for long bodies. */
    bytesId: string | null;
    /** The cached answer these exact bytes led to before, found by the parser: served before validation. */
    cachedAnswer: (AnswerHead & { body: Buffer }) | null;
  }
}

/** What the JSON body parser is given by fastify (body.ts's host interface, wrapped below). */
type Parser = (request: object, body: string | Buffer, done: (err: Error | null, body?: unknown) => void) => void;
interface ParserHost {
  removeContentTypeParser(type: string): void;
  addContentTypeParser(type: string, opts: { parseAs: 'string' }, parser: Parser): void;
}

/** The body a cache hit found by the parser hands on (never validated: the hit is answered first). */
const ANSWERED = Object.freeze({});

/**
 * The response cache and conditional requests: ETag / If-None-Match (RFC 9110 13.1.2) on the cached
 * answer, and the fast path of a repeated request: the parser looks its exact bytes up (method, URL,
 * Accept, body) in an index filled by the computing routes, and when the answer is still cached,
 * `preValidation` sends it with the headers the route set for it, skipping parse, validation, hashing
 * and the work checks, which are pure functions of those bytes. Rate limit, security headers and the
 * lifecycle hooks run as for any request (onRequest).
 */
export default fp(
  async function cache(app: FastifyInstance, opts: { cache?: ResponseCache }) {
    const { config } = app;
    const redis = config.REDIS_URL
      ? new RedisCache({
          url: config.REDIS_URL,
          prefix: config.REDIS_KEY_PREFIX,
          ttlSeconds: config.CACHE_TTL_SECONDS,
          onError: (err) => app.log.warn({ err: { message: err.message } }, 'redis unavailable; serving from the in-memory cache'),
        })
      : null;
    const local = new MemoryCache(config.CACHE_MAX_BYTES);
    const store: ResponseCache = opts.cache ?? (redis ? new LayeredCache(local, redis) : local);
    const index = new AnswerIndex();
    app.decorate('cache', store);
    app.decorate('flights', new Map<string, Flight>());
    app.decorate('cacheState', () => (redis ? (redis.ready ? 'memory+redis' : 'memory (redis down)') : 'memory'));
    app.decorate('answers', index);
    app.decorateRequest('bytesId', null);
    app.decorateRequest('cachedAnswer', null);
    app.addHook('preValidation', async (request: FastifyRequest, reply: FastifyReply) => {
      const a = request.cachedAnswer;
      if (!a) return undefined;
      reply.headers(a.headers);
      if (matchesEtag(request.headers['if-none-match'], a.key)) return reply.code(304).send();
      app.metrics.cache(true);
      return reply.header('X-Cache', 'HIT').type(a.type).send(a.body);
    });
    app.addHook('onClose', async () => {
      await store.close?.();
    });
  },
  { name: 'cache', fastify: '5.x', dependencies: ['metrics'], decorators: { fastify: ['config'] } },
);

/**
 * The app's JSON parser host with the fast path in front: a request whose bytes the index knows and
 * whose answer is still cached is marked for `preValidation`; any other goes to the real parser.
 */
export function rememberingParser(app: FastifyInstance): ParserHost {
  return {
    removeContentTypeParser: (type) => app.removeContentTypeParser(type),
    addContentTypeParser: (type, opts, parser) =>
      app.addContentTypeParser(type, opts, (request: FastifyRequest, body: string | Buffer, done: (err: Error | null, body?: unknown) => void) => {
        const text = typeof body === 'string' ? body : body.toString('utf8');
        const id = AnswerIndex.idOf(request.method, request.url, request.headers.accept, text);
        request.bytesId = id;
        const head = id === null ? undefined : app.answers.get(id);
        if (head === undefined) return parser(request, text, done);
        app.cache.get(head.key).then(
          (buf) => {
            if (buf === undefined) return parser(request, text, done);
            request.cachedAnswer = { ...head, body: buf };
            done(null, ANSWERED);
          },
          () => parser(request, text, done),
        );
      }),
  };
}
