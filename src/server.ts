import closeWithGrace from 'close-with-grace';
import pino from 'pino';
import { loadConfig } from './config.js';
import { buildApp } from './http/app.js';
import { tuneMalloc } from './native/malloc.js';

/** Entry point: reads the environment once, listens, and on SIGTERM/SIGINT stops taking new
 * requests, lets in-flight ones finish, then exits. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = pino({ level: config.LOG_LEVEL });
  // before the pool's threads start, so their arenas count under the cap
  const malloc = tuneMalloc(config);
  logger.debug({ applied: malloc, mmapThresholdBytes: config.MALLOC_MMAP_THRESHOLD_BYTES, arenas: config.MALLOC_ARENAS }, 'allocator settings');
  const app = await buildApp({ config, logger });
  closeWithGrace({ delay: config.SHUTDOWN_TIMEOUT_MS + 2000, logger: { error: (msg: unknown) => logger.error({ err: msg instanceof Error ? { message: msg.message } : undefined }, typeof msg === 'string' ? msg : 'shutdown error') } }, async ({ signal, err }) => {
    if (err) logger.error({ err }, 'fatal error, closing');
    else logger.info({ signal }, 'shutting down: finishing in-flight requests');
    await app.close();
    logger.info('closed');
  });
  await app.listen({ port: config.PORT, host: config.HOST });
  const addr = app.server.address();
  // one line naming the bound port (PORT=0 binds a free one: tests read it from here)
  logger.info({ port: typeof addr === 'object' && addr ? addr.port : config.PORT }, 'listening');
}

main().catch((err) => {
  // structured, like every other log line
  process.stderr.write(`${JSON.stringify({ level: 50, time: Date.now(), msg: 'failed to start', err: { message: err instanceof Error ? err.message : String(err) } })}\n`);
  process.exit(1);
});
