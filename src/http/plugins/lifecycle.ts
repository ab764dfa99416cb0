import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { problem } from '../problem.js';

const HealthResponse = z.object({ status: z.literal('ok') }).meta({ id: 'Health' });
const ReadyResponse = z.object({ status: z.enum(['ready', 'closing']), cache: z.enum(['memory', 'memory+redis', 'memory (redis down)']) }).meta({ id: 'Ready' });

/** Paths that answer while the app closes (probes). */
const PROBES = new Set(['/health', '/ready']);

/** The 503 a request gets while the app closes, serialised once. */
const CLOSING = JSON.stringify(problem(503, 'The service is shutting down; retry on another replica or shortly'));

/**
 * Liveness and readiness probes and the graceful close: once `app.close()` starts, new requests get a
 * problem+json 503 (with Connection: close and Retry-After) while the ones in flight finish and their
 * bytes leave the socket buffers (fastify's idle-connection close would cut a large answer); after
 * SHUTDOWN_TIMEOUT_MS the computations left are aborted and the connections destroyed.
 */
export default fp(
  async function lifecycle(app: FastifyInstance) {
    const { config } = app;
    let closing = false;
    let inFlight = 0;
    const sockets = new Set<Socket>();
    app.server.on('connection', (s: Socket) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    // counted on the raw response's 'close', which fires however the exchange ends (answered, refused,
    // or the client gone), so the count cannot leak
    const finished = (): void => {
      inFlight--;
    };
    app.addHook('onRequest', (request, reply, done) => {
      if (closing && !PROBES.has(request.url.split('?')[0]!)) {
        reply.header('Connection', 'close').header('Retry-After', '1');
        reply.code(503).type('application/problem+json').send(CLOSING);
        return;
      }
      inFlight++;
      reply.raw.once('close', finished);
      done();
    });
    app.addHook('preClose', async () => {
      closing = true;
      const deadline = Date.now() + config.SHUTDOWN_TIMEOUT_MS;
      while ((inFlight > 0 || [...sockets].some((s) => s.writableLength > 0)) && Date.now() < deadline) await sleep(20);
      if (inFlight > 0) {
        app.log.warn({ inFlight, timeoutMs: config.SHUTDOWN_TIMEOUT_MS }, 'shutdown grace period passed: aborting computations and closing connections');
        app.pool?.abortAll();
        for (const s of sockets) s.destroy();
      }
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
        const cache = app.cacheState();
        if (closing) return reply.code(503).send({ status: 'closing' as const, cache });
        return { status: 'ready' as const, cache };
      },
    );
  },
  { name: 'lifecycle', fastify: '5.x', dependencies: ['pool', 'cache'], decorators: { fastify: ['config'] } },
);
