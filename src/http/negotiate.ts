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

/** How a media type matches an Accept header: the weight, specificity and position of its range. */
interface Match {
  q: number;
  /** 2 for `type/subtype`, 1 for `type/*`, 0 for `*\/*`. */
  specificity: number;
  /** Index of the range in the header. */
  index: number;
}

/**
 * How the ranges match a media type: by the most specific range matching it (`type/subtype` over
 * `type/*` over `*\/*`, RFC 9110 §12.5.1), or null when none does.
 */
function matchOf(ranges: readonly Range[], mediaType: string): Match | null {
  const slash = mediaType.indexOf('/');
  const type = mediaType.slice(0, slash);
  const subtype = mediaType.slice(slash + 1);
  let best: Match | null = null;
  for (let index = 0; index < ranges.length; index++) {
    const r = ranges[index]!;
    const specificity = r.type === type && r.subtype === subtype ? 2 : r.type === type && r.subtype === '*' ? 1 : r.type === '*' ? 0 : -1;
    if (specificity >= 0 && (best === null || specificity > best.specificity)) best = { q: r.q, specificity, index };
  }
  return best;
}

/** Whether match `a` is preferred to `b`: higher weight, then a more specific range, then an earlier one. */
function preferred(a: Match, b: Match): boolean {
  if (a.q !== b.q) return a.q > b.q;
  if (a.specificity !== b.specificity) return a.specificity > b.specificity;
  return a.index < b.index;
}

/**
 * The representation to answer: `format` (the `?format=` query value) when given, else the offer the
 * Accept header prefers (highest q; on equal q the more specific range, then the range written first, as
 * jshttp/negotiator orders them; then the earlier offer), the first offer without an Accept header;
 * null when nothing offered is acceptable (q=0 or unmatched, or an unknown format).
 * @example negotiate('application/x-ndjson;q=0.5, application/json', undefined, [{name: 'json', type: 'application/json'}, {name: 'ndjson', type: 'application/x-ndjson'}]) // 'json'
 */
export function negotiate<N extends string>(accept: string | undefined, format: unknown, offers: readonly Offer<N>[]): N | null {
  if (format !== undefined) return offers.find((o) => o.name === format)?.name ?? null;
  if (accept === undefined || accept.trim() === '') return offers[0]?.name ?? null;
  const ranges = parseAccept(accept);
  let chosen: { name: N; match: Match } | null = null;
  for (const o of offers) {
    const match = matchOf(ranges, o.type);
    if (match !== null && match.q > 0 && (chosen === null || preferred(match, chosen.match))) chosen = { name: o.name, match };
  }
  return chosen?.name ?? null;
}
