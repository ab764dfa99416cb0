import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { problem } from '../problem.js';

/**
 * A known path asked with a method it does not have is `405 Method Not Allowed` with an `Allow` header
 * listing the methods it has (RFC 9110 §15.5.6), not a 404. Routes are collected as they are
 * registered, so register this plugin before the routes.
 */
export default fp(
  async function methodNotAllowed(app: FastifyInstance) {
    const allow = new Map<string, Set<string>>();
    app.addHook('onRoute', (route) => {
      if (route.url.includes(':') || route.url.includes('*')) return;
      const set = allow.get(route.url) ?? new Set<string>();
      for (const m of [route.method].flat()) set.add(m);
      allow.set(route.url, set);
      if (route.url.length > 1 && !route.url.endsWith('/')) allow.set(`${route.url}/`, set);
    });
    // a callback hook: it runs on every request, and only unknown routes do anything
    app.addHook('onRequest', (request, reply, done) => {
      const methods = request.is404 ? allow.get(request.url.split('?')[0]!) : undefined;
      if (!methods || methods.has(request.method)) {
        done();
        return;
      }
      const path = request.url.split('?')[0]!;
      const list = [...methods].sort().join(', ');
      reply
        .code(405)
        .header('allow', list)
        .type('application/problem+json')
        .send(JSON.stringify(problem(405, `${request.method} is not allowed on ${path}; allowed: ${list}`)));
    });
  },
  { name: 'method-not-allowed' },
);
