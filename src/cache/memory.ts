import { LRUCache } from 'lru-cache';
import type { ResponseCache } from './cache.js';

/** In-process LRU of response bodies, bounded by their total size in bytes. */
export class MemoryCache implements ResponseCache {
  private readonly lru: LRUCache<string, Buffer> | null;
  constructor(maxBytes: number) {
    this.lru = maxBytes > 0 ? new LRUCache<string, Buffer>({ maxSize: maxBytes, sizeCalculation: (b) => Math.max(1, b.length) }) : null;
  }
  async get(key: string): Promise<Buffer | undefined> {
    return this.lru?.get(key);
  }
  async set(key: string, body: Buffer): Promise<void> {
    this.lru?.set(key, body);
  }
}
