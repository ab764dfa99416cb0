import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import helmet, { type HelmetOptions } from 'helmet';

/** Helmet's settings: swagger-ui's page needs inline script/style and data: images from its own origin only. */
export const HELMET_OPTIONS: HelmetOptions = {
  contentSecurityPolicy: {
    directives: { upgradeInsecureRequests: null, defaultSrc: ["'self'"], scriptSrc: ["'self'", "'unsafe-inline'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:'] },
  },
};

/**
 * The headers helmet sets for these options, computed once: they depend on no request (no nonces, no
 * directive functions), so each reply copies them instead of running helmet (which @fastify/helmet
 * rebuilds, CSP string included, on every request).
 */
export function securityHeaders(options: HelmetOptions = HELMET_OPTIONS): Record<string, string> {
  const req = new IncomingMessage(new Socket());
  const res = new ServerResponse(req);
  helmet(options)(req, res, (err?: unknown) => {
    if (err) throw err;
  });
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.getHeaders())) if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : String(value);
  return out;
}

/** Paths the rate limit never counts (probes and scrapes). */
const UNLIMITED_PATHS = new Set(['/health', '/ready', '/metrics']);

/**
 * Security headers on every reply (helmet's, computed once) and the per-client rate limit
 * (RATE_LIMIT_MAX per RATE_LIMIT_WINDOW_MS, 0 = off; RATE_LIMIT_ALLOW and the probes are exempt).
 */
export default fp(
  async function security(app: FastifyInstance) {
    const headers = securityHeaders();
    app.addHook('onRequest', (_request, reply, done) => {
      reply.headers(headers);
      done();
    });
    const { config } = app;
    if (config.RATE_LIMIT_MAX > 0) {
      const allowed = new Set(config.RATE_LIMIT_ALLOW.split(',').map((a) => a.trim()).filter(Boolean));
      await app.register(rateLimit, {
        max: config.RATE_LIMIT_MAX,
        timeWindow: config.RATE_LIMIT_WINDOW_MS,
        allowList: (req) => allowed.has(req.ip) || UNLIMITED_PATHS.has(req.url.split('?')[0]!),
        errorResponseBuilder: (_req, ctx) =>
          Object.assign(new Error(`Rate limit: RATE_LIMIT_MAX is ${ctx.max} requests per ${ctx.after}`), { statusCode: 429, retryAfter: Math.ceil(ctx.ttl / 1000) }),
      });
    }
  },
  { name: 'security', fastify: '5.x', decorators: { fastify: ['config'] } },
);
