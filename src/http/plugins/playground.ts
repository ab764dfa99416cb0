import { readFileSync, readdirSync } from 'node:fs';
import { extname } from 'node:path';
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';

/**
 * The playground's folder, shipped in the repository (`public/playground/`): the same path from
 * src/http/plugins (tsx) and dist/http/plugins (the build).
 */
export const PLAYGROUND_DIR = new URL('../../../public/playground/', import.meta.url);

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/**
 * Serves the playground: `GET /` is its page, `GET /playground/<file>` its scripts and styles, all read
 * once at start from the repository's folder (no outside network, no CDN: helmet's CSP allows 'self').
 */
export default fp(
  async function playground(app: FastifyInstance) {
    const files = new Map<string, { body: Buffer; type: string }>();
    for (const name of readdirSync(PLAYGROUND_DIR)) {
      const type = TYPES[extname(name)];
      if (type) files.set(name, { body: readFileSync(new URL(name, PLAYGROUND_DIR)), type });
    }
    const send = (name: string) => {
      const f = files.get(name)!;
      return async (_req: unknown, reply: import('fastify').FastifyReply) => reply.type(f.type).header('cache-control', 'no-cache').send(f.body);
    };
    app.get('/', { schema: { hide: true } }, send('index.html'));
    for (const name of files.keys()) if (name !== 'index.html') app.get(`/playground/${name}`, { schema: { hide: true } }, send(name));
  },
  { name: 'playground' },
);
