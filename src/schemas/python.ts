import { z } from 'zod';
import type { Labels } from '../engine/numpy/unique.js';
import type { PyNumber } from '../engine/sklearn/types.js';

// Numbers as Python's json module reads them, for the sklearn and numpy routes: scikit-learn gives `1`
// (an int: a count) and `1.0` (a float: a fraction) different meanings. On routes declared with
// `numbers: 'python'` the body parser (src/http/body.ts) yields every number written with a '.' or an
// exponent as a PyFloat, and integers beyond ±2^53 as bigints; the wrappers below turn the fields into
// what the engine takes (PyNumber, Labels, plain integers), refusing a float where an integer is due.

/** A JSON number written as a float (`1.0`, `1e0`, `0.5`), as the body parser yields it on Python routes. */
export class PyFloat {
  constructor(readonly value: number) {}
}

/** Integers beyond ±2^53: refused as NaN (every number schema's message), or kept exact as decimal strings. */
type BigInts = 'nan' | 'string';

/** A parsed value with PyFloats as plain numbers; `float` tells whether one was met anywhere inside. */
function plainOf(v: unknown, bigints: BigInts): { value: unknown; float: boolean } {
  if (v instanceof PyFloat) return { value: v.value, float: true };
  // a body built in JavaScript (not parsed): a fraction can only have been written as a float
  if (typeof v === 'number') return { value: v, float: !Number.isInteger(v) && Number.isFinite(v) };
  if (typeof v === 'bigint') return { value: bigints === 'string' ? v.toString() : NaN, float: false };
  if (Array.isArray(v)) {
    let float = false;
    const value = v.map((x) => {
      const p = plainOf(x, bigints);
      float ||= p.float;
      return p.value;
    });
    return { value, float };
  }
  return { value: v, float: false };
}

/** The JSON Schema of `s` (as a request documents it), set as metadata on a wrapper the generator cannot see through. */
function docOf(s: z.ZodType): Record<string, unknown> {
  const { $schema: _s, ...doc } = z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' });
  return doc;
}

/**
 * A field validated by `inner` on its plain numbers, whose output `out` builds knowing whether a float
 * was written in it (the inner schema's issues are the field's, paths and messages unchanged).
 */
function pythonField<S extends z.ZodType, T>(inner: S, out: (value: z.output<S>, float: boolean, ctx: z.RefinementCtx) => T, bigints: BigInts = 'nan') {
  return z
    .unknown()
    .transform((v, ctx): T => {
      const p = plainOf(v, bigints);
      const r = inner.safeParse(p.value);
      if (!r.success) {
        for (const issue of r.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
        return z.NEVER;
      }
      return out(r.data, p.float, ctx);
    })
    .meta(docOf(inner));
}

/**
 * An integer field (or one holding integers: seeds, folds): a float written in it is refused (400
 * "must be an integer, got a float") once the inner schema accepted its value, as sklearn would refuse it.
 */
export function pyInts<S extends z.ZodType>(inner: S, bigints: BigInts = 'nan') {
  return pythonField(
    inner,
    (value, float, ctx) => {
      if (float) ctx.addIssue({ code: 'custom', message: 'must be an integer, got a float' });
      return value;
    },
    bigints,
  );
}

/** A field no number belongs in (a boolean): a float reaches its schema as the number it is. */
export function pyPlain<S extends z.ZodType>(inner: S) {
  return pythonField(inner, (value) => value);
}

/** A number sklearn reads by its Python type: an int (a count) or a float (a fraction). */
export function pyNumber(inner: z.ZodType<number>) {
  return pythonField(inner, (value, float): PyNumber => (float ? { kind: 'float', value } : { kind: 'int', value: BigInt(value) }));
}

/** A list of floats (numpy's `p`), with whether any was written as a float (the cache key tells them apart). */
export interface PyFloats {
  readonly kind: 'floats';
  readonly values: number[];
  readonly float: boolean;
}

/** A list of numbers (`p`). */
export function pyFloats(inner: z.ZodType<number[]>) {
  return pythonField(inner, (values, float): PyFloats => ({ kind: 'floats', values, float }));
}

/** A label column (homogeneous: the schema checked it; its first value tells the kind of all) as the engine takes it. */
export function pyLabels(inner: z.ZodType<Array<string | number | boolean>>) {
  return pythonField(inner, (v, float): Labels => {
    const first = v[0];
    if (typeof first === 'string') return { kind: 'string', values: v.map(String) };
    if (typeof first === 'boolean') return { kind: 'bool', values: v.map(Boolean) };
    return { kind: 'number', values: Float64Array.from(v, Number), float };
  });
}

/** A validated field's value as the request wrote it (the JSON the cache key hashes), and whether it held a float. */
function writtenOf(v: unknown): { value: unknown; float: boolean } {
  if (typeof v !== 'object' || v === null || !('kind' in v)) return { value: v, float: false };
  if ((v.kind === 'int' || v.kind === 'float') && 'value' in v) return { value: typeof v.value === 'bigint' ? Number(v.value) : v.value, float: v.kind === 'float' };
  if ((v.kind === 'string' || v.kind === 'bool' || v.kind === 'number' || v.kind === 'floats') && 'values' in v && typeof v.values === 'object' && v.values !== null) {
    const float = 'float' in v && v.float === true;
    return { value: v.values instanceof Float64Array ? Array.from(v.values) : v.values, float };
  }
  return { value: v, float: false };
}

/**
 * What a Python route's cache key hashes: the validated body as written (defaults filled), and when some
 * top-level fields held a number written as a float, their sorted names beside it (`1` and `1.0` differ).
 */
export function pythonKey(body: object): unknown {
  const plain: Record<string, unknown> = {};
  const floats: string[] = [];
  for (const [k, v] of Object.entries(body)) {
    const w = writtenOf(v);
    plain[k] = w.value;
    if (w.float) floats.push(k);
  }
  floats.sort();
  return floats.length > 0 ? { body: plain, float_fields: floats } : plain;
}
