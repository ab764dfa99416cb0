import { createHash } from 'node:crypto';
import { sha256OfData } from './bytes.js';

/**
 * A big array of a golden answer pinned by the sha256 of its canonical bytes (written by
 * test/parity/fixtures/pinning.py): `$bytes` is a dtype (the values as little-endian numbers of that
 * dtype, numpy's tobytes()) or "json" (the array of integers as compact JSON, JSON.stringify's bytes).
 */
export interface Pin {
  $sha256: string;
  $bytes: string;
  $count: number;
}

export function isPin(v: unknown): v is Pin {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && typeof (v as Pin).$sha256 === 'string' && typeof (v as Pin).$bytes === 'string';
}

function leafCount(v: unknown): number {
  return Array.isArray(v) ? v.reduce((n: number, x) => n + leafCount(x), 0) : 1;
}

/** sha256 of the canonical bytes of `values` in the pin's form. */
export function pinDigest(values: unknown, form: string): string {
  if (form === 'json') return createHash('sha256').update(JSON.stringify(values), 'utf8').digest('hex');
  return sha256OfData(values, form);
}

/** null when `actual` has the pinned count and digest, else a message naming the path. */
export function pinDifference(actual: unknown, pin: Pin, path = '$'): string | null {
  if (!Array.isArray(actual)) return `${path}: expected an array of ${pin.$count} values, got ${JSON.stringify(actual)?.slice(0, 80)}`;
  const n = leafCount(actual);
  if (n !== pin.$count) return `${path}: expected ${pin.$count} values, got ${n}`;
  const h = pinDigest(actual, pin.$bytes);
  return h === pin.$sha256 ? null : `${path}: sha256 of the ${n} values (${pin.$bytes}) is ${h}, pinned ${pin.$sha256}`;
}

/**
 * Exact comparison of a response with a golden expectation: same keys (same order inside
 * `state_dict`), same lengths, numbers equal bit for bit (Object.is, so -0.0 differs from 0.0).
 * Returns a description of the first difference, or null.
 */
export function firstDifference(actual: unknown, expected: unknown, path = '$'): string | null {
  if (isPin(expected)) return pinDifference(actual, expected, path);
  if (typeof expected === 'number') {
    if (typeof actual !== 'number' || !Object.is(actual, expected)) {
      return `${path}: expected ${fmt(expected)}, got ${typeof actual === 'number' ? fmt(actual) : JSON.stringify(actual)}`;
    }
    return null;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${path}: expected an array, got ${JSON.stringify(actual)?.slice(0, 80)}`;
    if (actual.length !== expected.length) return `${path}: expected length ${expected.length}, got ${actual.length}`;
    for (let i = 0; i < expected.length; i++) {
      const d = firstDifference(actual[i], expected[i], `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return `${path}: expected an object`;
    const ek = Object.keys(expected);
    const ak = Object.keys(actual);
    if (ek.join('\u0000') !== ak.join('\u0000')) {
      const sameSet = ek.length === ak.length && ek.every((k) => ak.includes(k));
      if (!sameSet || path.endsWith('.state_dict')) return `${path}: expected keys [${ek.join(', ')}], got [${ak.join(', ')}]`;
    }
    for (const k of ek) {
      const d = firstDifference((actual as Record<string, unknown>)[k], (expected as Record<string, unknown>)[k], `${path}.${k}`);
      if (d) return d;
    }
    return null;
  }
  return actual === expected ? null : `${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
}

function fmt(x: number): string {
  const b = new DataView(new ArrayBuffer(8));
  b.setFloat64(0, x);
  return `${Object.is(x, -0) ? '-0' : x} (0x${b.getBigUint64(0).toString(16)})`;
}
