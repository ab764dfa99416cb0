import closeWithGrace from 'close-with-grace';
import pino from 'pino';
import { loadConfig } from './config.js';
import { buildApp } from './http/app.js';

/** Entry point: reads the environment once, listens, and on SIGTERM/SIGINT stops taking new
 * requests, lets in-flight ones finish, then exits. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = pino({ level: config.LOG_LEVEL });
  const app = await buildApp({ config, logger });
  closeWithGrace({ delay: config.REQUEST_TIMEOUT_MS + 1000 }, async ({ signal, err }) => {
    if (err) logger.error({ err }, 'fatal error, closing');
    else logger.info({ signal }, 'shutting down: finishing in-flight requests');
    await app.close();
  });
  await app.listen({ port: config.PORT, host: config.HOST });
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
