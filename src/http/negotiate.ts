/**
 * Proactive content negotiation of the computing routes (RFC 9110 §12.5.1): one function chooses the
 * representation from `?format=` or the Accept header's media ranges and q-values.
 */

/** One representation a route can answer: its `?format=` name and its media type. */
export interface Offer<N extends string = string> {
  name: N;
  type: string;
}

/** Nothing the request accepts is available: 406 problem+json (errors plugin). */
export class NotAcceptableError extends Error {
  readonly statusCode = 406;
  constructor(message: string) {
    super(message);
    this.name = 'NotAcceptableError';
  }
}

/** A media range of an Accept header: `type/subtype` (either may be `*`) and its weight. */
interface Range {
  type: string;
  subtype: string;
  q: number;
}

/** RFC 9110 §12.4.2: a weight is 0 to 1 with at most three decimals. */
const QVALUE = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/;

/** The media ranges of an Accept header; malformed ranges and weights are ignored (never match). */
export function parseAccept(header: string): Range[] {
  const ranges: Range[] = [];
  for (const part of header.split(',')) {
    const [media = '', ...params] = part.split(';');
    const m = media.trim().toLowerCase();
    const slash = m.indexOf('/');
    const type = m === '*' ? '*' : m.slice(0, slash);
    const subtype = m === '*' ? '*' : m.slice(slash + 1);
    if (m !== '*' && (slash <= 0 || subtype === '' || subtype.includes('/') || (type === '*' && subtype !== '*'))) continue;
    let q = 1;
    let valid = true;
    for (const p of params) {
      const eq = p.indexOf('=');
      if (p.slice(0, eq).trim().toLowerCase() !== 'q') continue; // other parameters do not narrow the match here
      const v = p.slice(eq + 1).trim();
      valid = QVALUE.test(v);
      q = Number(v);
    }
    if (valid) ranges.push({ type, subtype, q });
  }
  return ranges;
}

/**
 * The weight the ranges give a media type: that of the most specific range matching it
 * (`type/subtype` over `type/*` over `*\/*`, RFC 9110 §12.5.1); 0 when none matches.
 */
function weightOf(ranges: readonly Range[], mediaType: string): number {
  const slash = mediaType.indexOf('/');
  const type = mediaType.slice(0, slash);
  const subtype = mediaType.slice(slash + 1);
  let best = -1;
  let q = 0;
  for (const r of ranges) {
    const specificity = r.type === type && r.subtype === subtype ? 2 : r.type === type && r.subtype === '*' ? 1 : r.type === '*' ? 0 : -1;
    if (specificity > best) {
      best = specificity;
      q = r.q;
    }
  }
  return q;
}

/**
 * The representation to answer: `format` (the `?format=` query value) when given, else the offer the
 * Accept header weighs highest (ties go to the earlier offer: the server's preference), the first offer
 * without an Accept header; null when nothing offered is acceptable (q=0 or unmatched, or an unknown format).
 * @example negotiate('application/x-ndjson;q=0.5, application/json', undefined, [{name: 'json', type: 'application/json'}, {name: 'ndjson', type: 'application/x-ndjson'}]) // 'json'
 */
export function negotiate<N extends string>(accept: string | undefined, format: unknown, offers: readonly Offer<N>[]): N | null {
  if (format !== undefined) return offers.find((o) => o.name === format)?.name ?? null;
  if (accept === undefined || accept.trim() === '') return offers[0]?.name ?? null;
  const ranges = parseAccept(accept);
  let chosen: N | null = null;
  let bestQ = 0;
  for (const o of offers) {
    const q = weightOf(ranges, o.type);
    if (q > bestQ) {
      bestQ = q;
      chosen = o.name;
    }
  }
  return chosen;
}
