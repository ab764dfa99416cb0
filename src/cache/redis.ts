import { Redis } from 'ioredis';
import type { ResponseCache } from './cache.js';

/** Options of the Redis store. */
export interface RedisCacheOptions {
  url: string;
  prefix: string;
  ttlSeconds: number;
  /** Receives connection errors (they never reach callers: the store answers "miss" instead). */
  onError?: (err: Error) => void;
}

/**
 * Responses in Redis, shared by replicas. Every failure (server gone, timeout) is a cache miss or a
 * skipped write, never an error for the request; ioredis reconnects by itself in the background.
 */
export class RedisCache implements ResponseCache {
  private readonly redis: Redis;
  private readonly opts: RedisCacheOptions;

  constructor(opts: RedisCacheOptions) {
    this.opts = opts;
    // unix:///path/to/redis.sock: a unix socket (ioredis takes the bare path)
    const target = opts.url.startsWith('unix:') ? new URL(opts.url).pathname : opts.url;
    this.redis = new Redis(target, {
      lazyConnect: false,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: 1000,
      commandTimeout: 500,
      retryStrategy: (times) => Math.min(100 * times, 2000),
    });
    this.redis.on('error', (err: Error) => opts.onError?.(err));
  }

  /** Whether the connection is up now. */
  get ready(): boolean {
    return this.redis.status === 'ready';
  }

  async get(key: string): Promise<Buffer | undefined> {
    if (!this.ready) return undefined;
    try {
      return (await this.redis.getBuffer(this.opts.prefix + key)) ?? undefined;
    } catch {
      return undefined;
    }
  }

  async set(key: string, body: Buffer): Promise<void> {
    if (!this.ready) return;
    try {
      await this.redis.set(this.opts.prefix + key, body, 'EX', this.opts.ttlSeconds);
    } catch {
      // a lost write only costs a recomputation
    }
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
