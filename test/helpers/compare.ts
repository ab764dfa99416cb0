/**
 * Exact comparison of a response with a golden expectation: same keys (same order inside
 * `state_dict`), same lengths, numbers equal bit for bit (Object.is, so -0.0 differs from 0.0).
 * Returns a description of the first difference, or null.
 */
export function firstDifference(actual: unknown, expected: unknown, path = '$'): string | null {
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
