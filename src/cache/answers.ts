import { LRUCache } from 'lru-cache';

/** What a computed answer's reply carries besides its body: its cache key, media type and headers. */
export interface AnswerHead {
  key: string;
  type: string;
  /** The route's headers (Vary, ETag, Cache-Control, version headers), in the order it sets them. */
  headers: Readonly<Record<string, string>>;
}

/** Request bodies longer than this (characters) are not remembered: their parse is not what a hit costs. */
export const MAX_REMEMBERED_BODY = 8192;

/**
 * Which answer a request's exact bytes lead to: method, URL (with its query), Accept header and body
 * text, mapped to the cache key and headers the route computed for them. Parsing, validation, defaults
 * and the canonical hash are pure functions of those bytes, so a request seen before can go straight to
 * the response cache. Bounded by the total characters of its keys.
 */
export class AnswerIndex {
  private readonly lru: LRUCache<string, AnswerHead>;
  constructor(maxChars = 8 * 1024 * 1024) {
    this.lru = new LRUCache<string, AnswerHead>({ maxSize: maxChars, sizeCalculation: (_v, k) => Math.max(1, k.length) });
  }

  /** The identity of a request's bytes, or null when its body is too long to remember. */
  static idOf(method: string, url: string, accept: string | undefined, body: string): string | null {
    if (body.length > MAX_REMEMBERED_BODY) return null;
    return `${method} ${url}\n${accept ?? ''}\n${body}`;
  }

  get(id: string): AnswerHead | undefined {
    return this.lru.get(id);
  }

  /** Remembers the answer of a request's bytes (`id` null: a body too long to remember, nothing kept). */
  set(id: string | null, head: AnswerHead): void {
    if (id !== null) this.lru.set(id, head);
  }
}
