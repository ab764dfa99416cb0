import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { Metrics } from '../metrics.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Prometheus metrics of this app (GET /metrics). */
    metrics: Metrics;
  }
}

/** Prometheus metrics: every finished request by route and status, cache lookups, computations, pool queue. */
export default fp(
  async function metrics(app: FastifyInstance) {
    const m = new Metrics(() => app.pool?.queueSize ?? 0);
    app.decorate('metrics', m);
    app.addHook('onResponse', (request, reply, done) => {
      m.observe(request.method, request.routeOptions.url ?? 'unknown', reply.statusCode, reply.elapsedTime / 1000);
      done();
    });
    app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
      reply.type(m.registry.contentType);
      return m.registry.metrics();
    });
  },
  { name: 'metrics', fastify: '5.x', dependencies: ['pool'] },
);
