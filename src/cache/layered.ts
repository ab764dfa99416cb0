import type { ResponseCache } from './cache.js';

/**
 * A fast local store in front of a shared one: reads try local then shared (filling local on a shared
 * hit); writes go to both. If the shared store is down, the local one keeps serving.
 */
export class LayeredCache implements ResponseCache {
  constructor(
    private readonly local: ResponseCache,
    private readonly shared: ResponseCache,
  ) {}

  async get(key: string): Promise<Buffer | undefined> {
    const l = await this.local.get(key);
    if (l) return l;
    const s = await this.shared.get(key);
    if (s) await this.local.set(key, s);
    return s;
  }

  async set(key: string, body: Buffer): Promise<void> {
    await Promise.all([this.local.set(key, body), this.shared.set(key, body)]);
  }

  async close(): Promise<void> {
    await Promise.all([this.local.close?.(), this.shared.close?.()]);
  }
}
