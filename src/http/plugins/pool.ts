import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { ComputePool } from '../pool.js';
import { InflightBudget } from '../compute.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Worker threads for heavy computations (POOL_THREADS; null when 0: everything runs inline). */
    pool: ComputePool | null;
    /** Estimated bytes of answers being computed or sent (MAX_INFLIGHT_BYTES). */
    budget: InflightBudget;
    /** Streamed answers being sent (MAX_CONCURRENT_STREAMS). */
    streams: { open: number };
  }
}

/**
 * The work admission of computing routes: the worker pool (src/http/pool.ts) and the memory budget
 * of answers in flight. The pool's threads stop when the app closes.
 */
export default fp(
  async function workerPool(app: FastifyInstance) {
    const { config } = app;
    const pool = config.POOL_THREADS > 0 ? new ComputePool({ threads: config.POOL_THREADS, maxQueue: config.POOL_MAX_QUEUE, timeoutMs: config.REQUEST_TIMEOUT_MS }) : null;
    app.decorate('pool', pool);
    app.decorate('budget', new InflightBudget(config.MAX_INFLIGHT_BYTES));
    app.decorate('streams', { open: 0 });
    app.addHook('onClose', async () => {
      await pool?.close();
    });
  },
  { name: 'pool', fastify: '5.x', decorators: { fastify: ['config'] } },
);
