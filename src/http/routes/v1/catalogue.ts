import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { MODULE_REGISTRY } from '../../../engine/torch/nn/registry.js';
import { problem } from '../../problem.js';

// GET /v1/catalogue: what the service serves, generated from the zod schemas of the routes themselves
// (collected with an onRoute hook as they are registered) and the engine's module registry, so the
// list cannot drift from what the routes accept. Nothing here is typed by hand except the grouping.

/** Fields every computing request shares; listed once per family, not per entry. */
const REQUEST_FIELDS = new Set(['seed', 'rng_state', 'return_rng_state', 'cpu_kernel', 'torch_version', 'sklearn_version']);

/** One keyword argument as the catalogue prints it. */
export interface Kwarg {
  name: string;
  type: string;
  required: boolean;
  default?: unknown;
  nullable?: boolean;
  values?: unknown[];
  min?: number;
  max?: number;
  description?: string;
}

/** One module type, init function, tensor op, sampler, splitter or numpy draw. */
export interface CatalogueEntry {
  name: string;
  endpoint: string;
  kwargs: Kwarg[];
  versions: { torch?: string[]; sklearn?: string[] };
}

type Z = { def: Record<string, any>; shape?: Record<string, Z>; options?: Z[]; minValue?: number | null; maxValue?: number | null; meta?: () => Record<string, unknown> | undefined; description?: string };

const BIG = Number.MAX_SAFE_INTEGER;

/** A readable type for a zod schema (shallow: objects with a `type` discriminator print their name). */
function typeOf(s: Z, depth = 0): string {
  const d = s.def;
  switch (d.type) {
    case 'default':
    case 'optional':
    case 'nullable':
    case 'readonly':
    case 'catch':
      return typeOf(d.innerType as Z, depth);
    case 'pipe':
      return typeOf((d.in.def.type === 'transform' ? d.out : d.in) as Z, depth);
    case 'lazy':
      return typeOf(d.getter() as Z, depth);
    case 'number':
      return d.checks?.some((c: { _zod?: { def?: { format?: string } } }) => c._zod?.def?.format === 'safeint') || (s as { format?: string }).format === 'safeint' ? 'int' : 'float';
    case 'boolean':
      return 'bool';
    case 'string':
      return 'string';
    case 'enum':
      return Object.values(d.entries as Record<string, string>).map((v) => JSON.stringify(v)).join(' | ');
    case 'literal':
      return (d.values as unknown[]).map((v) => JSON.stringify(v)).join(' | ');
    case 'array': {
      const el = typeOf(d.element as Z, depth + 1);
      const len = (d.checks ?? []).map((c: { _zod?: { def?: { check?: string; length?: number } } }) => c._zod?.def).find((x: { check?: string } | undefined) => x?.check === 'length_equals');
      return len ? `${el}[${len.length}]` : /\|/.test(el) ? `(${el})[]` : `${el}[]`;
    }
    case 'union': {
      const opts = d.options as Z[];
      const disc = discriminator(s);
      if (disc === 'type' && opts.length > 8) return 'module';
      if (disc) return opts.length > 8 ? `${disc}-tagged object` : opts.map((o) => `{${disc}: ${typeOf(o.shape![disc]!, depth)}}`).join(' | ');
      return [...new Set(opts.map((o) => typeOf(o, depth)))].join(' | ');
    }
    case 'object': {
      const shape = s.shape!;
      if (shape.type?.def.type === 'literal') return `${String(shape.type.def.values[0])}`;
      if (depth > 1) return 'object';
      return `{${Object.keys(shape).map((k) => `${k}: ${typeOf(shape[k]!, depth + 1)}`).join(', ')}}`;
    }
    case 'record':
      return 'object';
    default:
      return String(d.type);
  }
}

/** The discriminator of a discriminated union, if any. */
function discriminator(s: Z): string | null {
  return s.def.type === 'union' && typeof s.def.discriminator === 'string' ? s.def.discriminator : null;
}

/** Unwraps pipes (the validated side), lazies and wrappers down to the schema that holds the shape. */
function core(s: Z): Z {
  for (;;) {
    const d = s.def;
    if (d.type === 'pipe') s = (d.in.def.type === 'transform' ? d.out : d.in) as Z;
    else if (d.type === 'lazy') s = d.getter() as Z;
    else if (['default', 'optional', 'nullable', 'readonly'].includes(d.type as string)) s = d.innerType as Z;
    else return s;
  }
}

/** The kwarg description of one field. */
function kwargOf(name: string, field: Z): Kwarg {
  const k: Kwarg = { name, type: typeOf(field), required: true };
  let s = field;
  for (;;) {
    const d = s.def;
    if (d.type === 'default') {
      k.required = false;
      k.default = typeof d.defaultValue === 'function' ? d.defaultValue() : d.defaultValue;
      s = d.innerType as Z;
    } else if (d.type === 'optional') {
      k.required = false;
      s = d.innerType as Z;
    } else if (d.type === 'nullable') {
      k.nullable = true;
      s = d.innerType as Z;
    } else break;
    const desc = (s.meta?.() as { description?: string } | undefined)?.description;
    if (desc && !k.description) k.description = desc;
  }
  const desc = (field.meta?.() as { description?: string } | undefined)?.description ?? (s.meta?.() as { description?: string } | undefined)?.description;
  if (desc) k.description = desc;
  if (s.def.type === 'enum') k.values = Object.values(s.def.entries as Record<string, unknown>);
  if (s.def.type === 'number') {
    if (typeof s.minValue === 'number' && Math.abs(s.minValue) < BIG) k.min = s.minValue;
    if (typeof s.maxValue === 'number' && Math.abs(s.maxValue) < BIG) k.max = s.maxValue;
  }
  if (k.required === true && k.default === undefined && k.nullable) k.required = true;
  return k;
}

/** The fields of an object schema, without the shared request fields and the discriminator. */
function kwargsOf(obj: Z, skip: string | null): Kwarg[] {
  const shape = core(obj).shape ?? {};
  return Object.keys(shape)
    .filter((k) => k !== skip && !REQUEST_FIELDS.has(k))
    .map((k) => kwargOf(k, shape[k]!));
}

/** Versions a request body accepts, from its own `torch_version` / `sklearn_version` field when it has one. */
function versionsOf(body: Z, fallback: { torch?: string[]; sklearn?: string[] }): { torch?: string[]; sklearn?: string[] } {
  const c = core(body);
  const first = c.def.type === 'union' ? core((c.def.options as Z[])[0]!) : c;
  const out: { torch?: string[]; sklearn?: string[] } = {};
  for (const lib of ['torch', 'sklearn'] as const) {
    const f = first.shape?.[`${lib}_version`];
    if (f) {
      const e = core(f);
      out[lib] = e.def.type === 'enum' ? (Object.values(e.def.entries as Record<string, string>) as string[]) : [typeOf(f)];
    } else if (fallback[lib]) out[lib] = fallback[lib];
  }
  return out;
}

/** Entries of a discriminated union (one per tag) or of one object (one entry named `name`). */
function entriesOf(schema: Z, endpoint: string, name: string, versions: CatalogueEntry['versions']): CatalogueEntry[] {
  const c = core(schema);
  const disc = discriminator(c);
  if (disc) {
    const out: CatalogueEntry[] = [];
    for (const o of c.def.options as Z[]) {
      const oc = core(o);
      if (discriminator(oc)) {
        out.push(...entriesOf(oc, endpoint, name, versions)); // a union inside a union (script init steps)
        continue;
      }
      const tag = oc.shape![disc]!.def.values[0] as string;
      out.push({ name: tag, endpoint, kwargs: kwargsOf(oc, disc), versions });
    }
    return out;
  }
  return [{ name, endpoint, kwargs: kwargsOf(c, null), versions }];
}

/** The families of the catalogue, in the order they are listed. */
export const FAMILIES = ['modules', 'init', 'tensors', 'samplers', 'data', 'script_steps', 'splitters', 'numpy'] as const;
export type Family = (typeof FAMILIES)[number];

/** Builds the catalogue from the registered routes' body schemas. */
export function buildCatalogue(routes: Array<{ url: string; body: Z }>): Record<Family, CatalogueEntry[]> & { service: Record<string, unknown> } {
  const cat = Object.fromEntries(FAMILIES.map((f) => [f, [] as CatalogueEntry[]])) as Record<Family, CatalogueEntry[]>;
  // the service's own libraries when a route names no version field (see README "How exact it is")
  const fallback = { torch: ['1.13'], sklearn: ['1.2.1'] };
  for (const { url, body } of routes) {
    const isSk = url.startsWith('/v1/sklearn/') || url.startsWith('/v1/numpy/');
    const versions = versionsOf(body, isSk ? { sklearn: fallback.sklearn } : { torch: fallback.torch });
    const c = core(body);
    const last = url.split('/').pop()!;
    if (url === '/v1/modules') cat.modules.push(...entriesOf(c.shape!.module!, url, 'module', versions));
    else if (url === '/v1/init') cat.init.push(...entriesOf(c, url, 'init', versions));
    else if (url === '/v1/tensors') cat.tensors.push(...entriesOf(c, url, 'tensor', versions));
    else if (url === '/v1/dataloader') {
      cat.samplers.push(...entriesOf(c.shape!.sampler!, url, 'sampler', versions).map((e) => ({ ...e, name: `${e.name}` })));
      cat.data.push({ name: 'DataLoader', endpoint: url, kwargs: kwargsOf(c, null), versions });
    } else if (url === '/v1/scripts') {
      const steps = core(c.shape!.steps!).def.element as Z;
      cat.script_steps.push(...entriesOf(steps, url, 'step', versions));
    } else if (url.startsWith('/v1/sklearn/')) cat.splitters.push(...entriesOf(c, url, last, versions));
    else if (url.startsWith('/v1/numpy/')) cat.numpy.push(...entriesOf(c, url, last, versions));
    else cat.data.push(...entriesOf(c, url, last, versions));
  }
  // script init steps are one entry per init function: name them op "init" + fn
  cat.script_steps = cat.script_steps.map((e) => (e.kwargs.some((k) => k.name === 'op') ? { ...e, name: `init:${e.name}`, kwargs: e.kwargs.filter((k) => k.name !== 'op') } : e));
  return {
    service: {
      description: 'Every module type, init function, tensor op, sampler, splitter and numpy draw the routes accept, generated from their request schemas.',
      request_fields: [...REQUEST_FIELDS],
      families: FAMILIES.map((f) => `/v1/catalogue/${f}`),
      modules_without_engine_builder: cat.modules.map((m) => m.name).filter((n) => !MODULE_REGISTRY.has(n)),
    },
    ...cat,
  };
}

/** `GET /v1/catalogue` and `GET /v1/catalogue/<family>`. Register before the routes it lists. */
export default fp(
  async function catalogue(app: FastifyInstance) {
    const routes: Array<{ url: string; body: Z }> = [];
    app.addHook('onRoute', (route) => {
      const body = (route.schema as { body?: Z } | undefined)?.body;
      if (body && typeof body === 'object' && 'def' in body && route.url.startsWith('/v1/')) routes.push({ url: route.url, body });
    });
    let cached: ReturnType<typeof buildCatalogue> | null = null;
    const get = () => (cached ??= buildCatalogue(routes));
    app.get(
      '/v1/catalogue',
      { schema: { operationId: 'catalogue', summary: 'Every module, init function, tensor op, sampler, splitter and numpy draw, with kwargs and defaults', tags: ['service'] } },
      async (_req, reply) => reply.header('cache-control', 'public, max-age=3600').send(get()),
    );
    app.get<{ Params: { family: string } }>(
      '/v1/catalogue/:family',
      { schema: { operationId: 'catalogueFamily', summary: `One family of the catalogue: ${FAMILIES.join(', ')}`, tags: ['service'] } },
      async (req, reply) => {
        const fam = req.params.family as Family;
        if (!FAMILIES.includes(fam)) {
          return reply.code(404).type('application/problem+json').send(JSON.stringify(problem(404, `No catalogue family ${JSON.stringify(req.params.family)}; families: ${FAMILIES.join(', ')}`)));
        }
        return reply.header('cache-control', 'public, max-age=3600').send({ [fam]: get()[fam] });
      },
    );
  },
  { name: 'catalogue' },
);
