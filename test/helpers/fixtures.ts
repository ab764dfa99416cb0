import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One golden case, in the form of ../shared/fixtures/public-sample.jsonl. */
export interface GoldenCase {
  id: string;
  category: string;
  endpoint: string;
  request: unknown;
  expect: unknown;
  torch_says?: string;
  library_says?: string;
  raw_body?: string;
  raw_body_parts?: Array<[string, number]>;
  raw_body_b64?: string;
  /** The request exactly as the fixture line wrote it (set by readCases). */
  request_text?: string | undefined;
  [k: string]: unknown;
}

const here = dirname(fileURLToPath(import.meta.url));
/** test/parity/fixtures */
export const FIXTURE_DIR = join(here, '..', 'parity', 'fixtures');
/** Copies of the public samples of ../shared/fixtures (pinned as the own fixtures are), so a clean clone replays them. */
export const SHARED_FIXTURE_DIR = join(FIXTURE_DIR, 'shared');

/**
 * Files written by torch 1.13 before requests named their build (and any case whose `torch` field says
 * 1.13): their torch requests are asked with `"torch_version": "1.13"` (the service's default is 2.14).
 */
const LEGACY_113_FILES = new Set(['public-sample.jsonl']);

/** Reads a JSONL file of golden cases. */
export function readCases(file: string): GoldenCase[] {
  const legacy = LEGACY_113_FILES.has(basename(file));
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const c = JSON.parse(l) as GoldenCase;
      // the request's own bytes: JSON.parse would round integers beyond 2^53 and write 5.0 as 5
      c.request_text = rawMember(l, 'request');
      const r = c.request as Record<string, unknown> | null;
      const torchRoute = typeof c.endpoint === 'string' && !/^\/v1\/(sklearn|numpy)\//.test(c.endpoint);
      const by113 = legacy || (typeof c.torch === 'string' && c.torch.startsWith('1.13'));
      if (by113 && torchRoute && r !== null && typeof r === 'object' && !Array.isArray(r) && !('torch_version' in r)) {
        c.request = { ...r, torch_version: '1.13' };
        if (c.request_text !== undefined) c.request_text = c.request_text.replace(/^\{\s*/, Object.keys(r).length > 0 ? '{"torch_version":"1.13",' : '{"torch_version":"1.13"');
      }
      return c;
    });
}

/** Every committed fixture file, the copies of the shared public samples included. */
export function fixtureFiles(): string[] {
  const own = readdirSync(FIXTURE_DIR)
    .filter((f) => f.endsWith('.jsonl'))
    .map((f) => join(FIXTURE_DIR, f));
  const shared = readdirSync(SHARED_FIXTURE_DIR)
    .filter((f) => f.endsWith('.jsonl'))
    .map((f) => join(SHARED_FIXTURE_DIR, f));
  return [...own, ...shared];
}

/** The body bytes a case posts (raw bodies for malformed-input cases). */
export function requestBody(c: GoldenCase): string {
  if (c.raw_body_b64 !== undefined) return Buffer.from(c.raw_body_b64, 'base64').toString('latin1');
  if (c.raw_body_parts !== undefined) return c.raw_body_parts.map(([t, n]) => t.repeat(n)).join('');
  if (c.raw_body !== undefined) return c.raw_body;
  if (typeof c.request_text === 'string') return c.request_text;
  return JSON.stringify(c.request);
}

/** The text of a top-level member of a JSON object line, exactly as written (undefined when absent). */
export function rawMember(line: string, key: string): string | undefined {
  const want = JSON.stringify(key);
  let depth = 0;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '"') {
      let j = i + 1;
      while (line[j] !== '"') j += line[j] === '\\' ? 2 : 1;
      const token = line.slice(i, j + 1);
      i = j;
      if (depth === 1 && token === want && /^\s*:/.test(line.slice(j + 1))) {
        let k = line.indexOf(':', j + 1) + 1;
        while (/\s/.test(line[k]!)) k++;
        const start = k;
        let d = 0;
        for (; k < line.length; k++) {
          const c = line[k];
          if (c === '"') {
            k++;
            while (line[k] !== '"') k += line[k] === '\\' ? 2 : 1;
          } else if (c === '{' || c === '[') d++;
          else if (c === '}' || c === ']') {
            if (d === 0) break;
            d--;
            if (d === 0) {
              k++;
              break;
            }
          } else if (c === ',' && d === 0) break;
        }
        return line.slice(start, k);
      }
    } else if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') depth--;
  }
  return undefined;
}
