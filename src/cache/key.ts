import { createHash } from 'node:crypto';
import { canonicalize } from 'json-canonicalize';

/**
 * The cache key of a request: sha256 (hex) of the RFC 8785 canonical JSON of
 * `{"endpoint": path, "request": validated request with defaults filled and seeds normalised}`.
 */
export function requestKey(endpoint: string, request: unknown): string {
  return createHash('sha256').update(canonicalize({ endpoint, request: plain(request) })).digest('hex');
}

/** Replaces bigints by decimal strings and drops undefined values, so canonicalize accepts the value. */
function plain(v: unknown): unknown {
  if (typeof v === 'bigint') return v.toString();
  if (Array.isArray(v)) return v.map(plain);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = plain(x);
    return out;
  }
  return v;
}
