/**
 * The one JSON body parser of every route: iterative (no recursion, so no stack overflow whatever the
 * nesting), lossless for numbers, strict about keys.
 *
 * - Depth and key-count limits (JSON_MAX_DEPTH, JSON_MAX_KEYS) are checked before going deeper: 413
 *   naming the setting.
 * - Duplicate keys are refused (400 naming the key): one rule on every route (RFC 8259 leaves it open).
 * - `__proto__` and `constructor` keys are refused (400 naming the key), so no body can reach an
 *   object's prototype.
 * - Integers: safe integers become numbers; integers beyond ±(2^53 - 1) become BigInt (the schemas
 *   decide: Seed/Int64 take them, counts refuse them).
 * - Floats (a number written with '.' or an exponent) become numbers (mode 'json', the torch routes),
 *   or PyFloat values (mode 'python', the routes declared with `config: { numbers: 'python' }`: the
 *   sklearn/numpy ones), since Python's json, and so sklearn, tells `1` (an int) from `1.0` (a float);
 *   the zod wrappers of src/schemas/python.ts read them.
 */
import { PyFloat } from '../schemas/python.js';

/** Limits of the parser. */
export interface BodyLimits {
  maxDepth: number;
  maxKeys: number;
}

/** How numbers written as floats are returned: as numbers ('json') or as PyFloat values ('python'). */
export type NumberMode = 'json' | 'python';

/** The parsed value. */
export interface ParsedBody {
  value: unknown;
}

/** A refusal of the parser, mapped to problem+json by the errors plugin (statusCode, optional limit). */
export class BodyError extends Error {
  readonly statusCode: number;
  readonly limit?: string;
  readonly path?: string;
  constructor(statusCode: number, message: string, opts: { limit?: string; path?: string } = {}) {
    super(message);
    this.name = 'BodyError';
    this.statusCode = statusCode;
    if (opts.limit !== undefined) this.limit = opts.limit;
    if (opts.path !== undefined) this.path = opts.path;
  }
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor']);

type Frame = { kind: 'object'; obj: Record<string, unknown>; key: string | null; path: string } | { kind: 'array'; arr: unknown[]; path: string };

/**
 * Parses `text` as JSON under `limits`; throws SyntaxError (400 "not valid JSON") or BodyError.
 * @example parseBody('{"seed": 12345678901234567890}', {maxDepth: 64, maxKeys: 1000}).value // {seed: 12345678901234567890n}
 */
export function parseBody(text: string, limits: BodyLimits, mode: NumberMode = 'json'): ParsedBody {
  let i = 0;
  const n = text.length;
  let keys = 0;
  const stack: Frame[] = [];
  let result: unknown;
  let done = false;

  const fail = (what: string): never => {
    throw new SyntaxError(`${what} at position ${i}`);
  };
  const ws = (): void => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
      else break;
    }
  };
  const str = (): string => {
    // i at the opening quote
    i++;
    let start = i;
    let out = '';
    for (;;) {
      if (i >= n) fail('unterminated string');
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        out += text.slice(start, i);
        i++;
        return out;
      }
      if (c < 0x20) fail('control character in string');
      if (c === 0x5c) {
        out += text.slice(start, i);
        const e = text[i + 1];
        i += 2;
        switch (e) {
          case '"': out += '"'; break;
          case '\\': out += '\\'; break;
          case '/': out += '/'; break;
          case 'b': out += '\b'; break;
          case 'f': out += '\f'; break;
          case 'n': out += '\n'; break;
          case 'r': out += '\r'; break;
          case 't': out += '\t'; break;
          case 'u': {
            const h = text.slice(i, i + 4);
            if (!/^[0-9a-fA-F]{4}$/.test(h)) fail('bad \\u escape');
            out += String.fromCharCode(parseInt(h, 16));
            i += 4;
            break;
          }
          default:
            fail('bad escape');
        }
        start = i;
      } else i++;
    }
  };
  const NUM = /-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;
  const num = (): number | bigint | PyFloat => {
    NUM.lastIndex = i;
    const m = NUM.exec(text);
    if (!m || m[0] === '-' || m[0].length === 0) fail('unexpected character');
    const t = m![0];
    i += t.length;
    if (m![1] !== undefined || m![2] !== undefined) return mode === 'python' ? new PyFloat(Number(t)) : Number(t);
    const v = Number(t);
    return Number.isSafeInteger(v) ? v : BigInt(t);
  };
  const depthCheck = (path: string): void => {
    if (stack.length >= limits.maxDepth) {
      throw new BodyError(413, `JSON_MAX_DEPTH is ${limits.maxDepth}: the request body nests deeper (at ${path || '(body)'})`, { limit: 'JSON_MAX_DEPTH' });
    }
  };
  const childPath = (): string => {
    const top = stack[stack.length - 1];
    if (!top) return '';
    if (top.kind === 'array') return `${top.path}${top.path ? '.' : ''}${top.arr.length}`;
    return `${top.path}${top.path ? '.' : ''}${top.key}`;
  };
  /** Stores a finished value into the enclosing container (or as the result). */
  const put = (v: unknown): void => {
    const top = stack[stack.length - 1];
    if (!top) {
      result = v;
      done = true;
    } else if (top.kind === 'array') top.arr.push(v);
    else {
      Object.defineProperty(top.obj, top.key!, { value: v, enumerable: true, writable: true, configurable: true });
      top.key = null;
    }
  };
  /** Reads one key of the object on top of the stack (i at its quote) and the colon after it. */
  const readKey = (top: Extract<Frame, { kind: 'object' }>): void => {
    if (text[i] !== '"') fail('expected a key');
    const k = str();
    const at = `${top.path}${top.path ? '.' : ''}${k}`;
    if (FORBIDDEN_KEYS.has(k)) throw new BodyError(400, `The key "${k}" is not allowed in a request body (at ${at})`, { path: at });
    if (Object.prototype.hasOwnProperty.call(top.obj, k)) throw new BodyError(400, `Duplicate key "${k}" in the request body (at ${at})`, { path: at });
    if (++keys > limits.maxKeys) throw new BodyError(413, `JSON_MAX_KEYS is ${limits.maxKeys}: the request body has more keys`, { limit: 'JSON_MAX_KEYS' });
    ws();
    if (text[i] !== ':') fail("expected ':'");
    i++;
    top.key = k;
  };

  ws();
  while (!done) {
    ws();
    if (i >= n) fail('unexpected end');
    const c = text[i]!;
    // a value starts here
    if (c === '{') {
      const path = childPath();
      depthCheck(path);
      i++;
      const frame: Frame = { kind: 'object', obj: {}, key: null, path };
      stack.push(frame);
      ws();
      if (text[i] === '}') {
        i++;
        stack.pop();
        put(frame.obj);
      } else {
        readKey(frame);
        continue;
      }
    } else if (c === '[') {
      const path = childPath();
      depthCheck(path);
      i++;
      const frame: Frame = { kind: 'array', arr: [], path };
      stack.push(frame);
      ws();
      if (text[i] === ']') {
        i++;
        stack.pop();
        put(frame.arr);
      } else continue;
    } else if (c === '"') put(str());
    else if (c === 't' && text.startsWith('true', i)) {
      i += 4;
      put(true);
    } else if (c === 'f' && text.startsWith('false', i)) {
      i += 5;
      put(false);
    } else if (c === 'n' && text.startsWith('null', i)) {
      i += 4;
      put(null);
    } else if (c === '-' || (c >= '0' && c <= '9')) put(num());
    else fail('unexpected character');
    // after a value: close containers or move to the next member
    for (;;) {
      if (done) break;
      ws();
      const top = stack[stack.length - 1]!;
      const d = text[i];
      if (d === ',') {
        i++;
        ws();
        if (top.kind === 'object') readKey(top);
        break;
      }
      if ((d === '}' && top.kind === 'object') || (d === ']' && top.kind === 'array')) {
        i++;
        stack.pop();
        put(top.kind === 'object' ? top.obj : top.arr);
        continue;
      }
      fail('unexpected character');
    }
  }
  ws();
  if (i < n) fail('unexpected data after the JSON value');
  // a bare number is no field's: plain
  return { value: result instanceof PyFloat ? result.value : result };
}

/** The number mode of a (fastify) request's route: its `config.numbers` ('python' on the sklearn/numpy routes). */
export function numberModeOf(request: object): NumberMode {
  const o = 'routeOptions' in request ? request.routeOptions : undefined;
  const c = typeof o === 'object' && o !== null && 'config' in o ? o.config : undefined;
  return typeof c === 'object' && c !== null && 'numbers' in c && c.numbers === 'python' ? 'python' : 'json';
}

/** Minimal view of a fastify instance for installing the parser (keeps this file free of fastify types). */
interface ParserHost {
  removeContentTypeParser(type: string): void;
  addContentTypeParser(
    type: string,
    opts: { parseAs: 'string' },
    parser: (request: object, body: string | Buffer, done: (err: Error | null, body?: unknown) => void) => void,
  ): void;
}

/** Installs `parseBody` as the application/json parser of the app, in the number mode of each request's route. */
export function installBodyParser(app: ParserHost, limits: BodyLimits): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, text, done) => {
    const s = typeof text === 'string' ? text : text.toString('utf8');
    if (s.trim() === '') {
      done(Object.assign(new Error('empty body'), { statusCode: 400, code: 'FST_ERR_CTP_EMPTY_JSON_BODY' }));
      return;
    }
    try {
      done(null, parseBody(s, limits, numberModeOf(request)).value);
    } catch (e) {
      done(e instanceof Error ? e : new Error(String(e)));
    }
  });
}
