import type { FastifyInstance } from 'fastify';
import { after, before } from 'node:test';
import { buildApp, type AppOptions } from '../../src/http/app.js';
import { defaultConfig, type Config } from '../../src/config.js';

/** Builds one app for the enclosing test file (or describe block), ready before the tests and closed after. */
export function useApp(overrides: Partial<Config> = {}, opts: Omit<AppOptions, 'config'> = {}): { app: () => FastifyInstance } {
  let app: FastifyInstance | undefined;
  before(async () => {
    app = await buildApp({ ...opts, config: defaultConfig({ RATE_LIMIT_MAX: 0, ...overrides }) });
    await app.ready();
  });
  after(async () => {
    await app?.close();
  });
  return { app: () => app! };
}
