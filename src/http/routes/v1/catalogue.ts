import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
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

/** Any zod schema, read through zod's core classes (every classic schema is one). */
type Z = z.core.$ZodType;

const BIG = Number.MAX_SAFE_INTEGER;

/** The schema a wrapper (default, prefault, optional, nullable, readonly) wraps, or null. */
function wrapped(s: Z): Z | null {
  if (s instanceof z.core.$ZodDefault || s instanceof z.core.$ZodPrefault || s instanceof z.core.$ZodOptional || s instanceof z.core.$ZodNullable) return s._zod.def.innerType;
  if (s instanceof z.core.$ZodReadonly) return s._zod.def.innerType;
  return null;
}

/** The validated side of a pipe (its input, unless that is a transform), or a lazy's schema, or null. */
function piped(s: Z): Z | null {
  if (s instanceof z.core.$ZodPipe) return s._zod.def.in instanceof z.core.$ZodTransform ? s._zod.def.out : s._zod.def.in;
  if (s instanceof z.core.$ZodLazy) return s._zod.def.getter();
  return null;
}

/** The shape of an object schema (undefined for other schemas). */
function shapeOf(s: Z): Readonly<Record<string, Z>> | undefined {
  return s instanceof z.core.$ZodObject ? s._zod.def.shape : undefined;
}

/** The members of a union schema (empty for other schemas). */
function optionsOf(s: Z): readonly Z[] {
  return s instanceof z.core.$ZodUnion ? s._zod.def.options : [];
}

/** The description a schema's metadata gives. */
function descriptionOf(s: Z): string | undefined {
  return z.globalRegistry.get(s)?.description;
}

/** The values of an enum schema. */
function enumValues(s: z.core.$ZodEnum): Array<string | number> {
  return Object.values(s._zod.def.entries);
}

/** The first value of a literal (a discriminator's tag). */
function literalTag(s: Z | undefined): string {
  return s instanceof z.core.$ZodLiteral ? String(s._zod.def.values[0]) : '';
}

/** A readable type for a zod schema (shallow: objects with a `type` discriminator print their name). */
function typeOf(s: Z, depth = 0): string {
  const inner = wrapped(s) ?? piped(s) ?? (s instanceof z.core.$ZodCatch ? s._zod.def.innerType : null);
  if (inner) return typeOf(inner, depth);
  // classic ZodNumber aggregates its checks (format, bounds); every schema of the routes is a classic one
  if (s instanceof z.ZodNumber) return s.format === 'safeint' ? 'int' : 'float';
  if (s instanceof z.core.$ZodBoolean) return 'bool';
  if (s instanceof z.core.$ZodString) return 'string';
  if (s instanceof z.core.$ZodEnum) return enumValues(s).map((v) => JSON.stringify(v)).join(' | ');
  if (s instanceof z.core.$ZodLiteral) return s._zod.def.values.map((v) => JSON.stringify(v)).join(' | ');
  if (s instanceof z.core.$ZodArray) {
    const el = typeOf(s._zod.def.element, depth + 1);
    const len = (s._zod.def.checks ?? []).map((c) => c._zod.def).find((d) => d.check === 'length_equals');
    return len && 'length' in len ? `${el}[${String(len.length)}]` : /\|/.test(el) ? `(${el})[]` : `${el}[]`;
  }
  if (s instanceof z.core.$ZodUnion) {
    const opts = optionsOf(s);
    const disc = discriminator(s);
    if (disc === 'type' && opts.length > 8) return 'module';
    if (disc) return opts.length > 8 ? `${disc}-tagged object` : opts.map((o) => `{${disc}: ${typeOf(shapeOf(o)?.[disc] ?? o, depth)}}`).join(' | ');
    return [...new Set(opts.map((o) => typeOf(o, depth)))].join(' | ');
  }
  if (s instanceof z.core.$ZodObject) {
    const shape = s._zod.def.shape;
    if (shape.type instanceof z.core.$ZodLiteral) return literalTag(shape.type);
    if (depth > 1) return 'object';
    return `{${Object.keys(shape).map((k) => `${k}: ${typeOf(shape[k]!, depth + 1)}`).join(', ')}}`;
  }
  if (s instanceof z.core.$ZodRecord) return 'object';
  return s._zod.def.type;
}

/** The discriminator of a discriminated union, if any. */
function discriminator(s: Z): string | null {
  return s instanceof z.core.$ZodDiscriminatedUnion ? s._zod.def.discriminator : null;
}

/** Unwraps pipes (the validated side), lazies and wrappers down to the schema that holds the shape. */
function core(s: Z): Z {
  for (;;) {
    const inner = piped(s) ?? wrapped(s);
    if (!inner) return s;
    s = inner;
  }
}

/** The kwarg description of one field. */
function kwargOf(name: string, field: Z): Kwarg {
  const k: Kwarg = { name, type: typeOf(field), required: true };
  let s = field;
  for (;;) {
    if (s instanceof z.core.$ZodDefault || s instanceof z.core.$ZodPrefault) {
      // a prefault is a default given as input (randint's low: "0"), parsed like the client's value
      k.required = false;
      const d = s._zod.def.defaultValue;
      k.default = typeof d === 'function' ? d() : d;
      s = s._zod.def.innerType;
    } else if (s instanceof z.core.$ZodOptional) {
      k.required = false;
      s = s._zod.def.innerType;
    } else if (s instanceof z.core.$ZodNullable) {
      k.nullable = true;
      s = s._zod.def.innerType;
    } else break;
    const desc = descriptionOf(s);
    if (desc && !k.description) k.description = desc;
  }
  const desc = descriptionOf(field) ?? descriptionOf(s);
  if (desc) k.description = desc;
  if (s instanceof z.core.$ZodEnum) k.values = enumValues(s);
  if (s instanceof z.ZodNumber) {
    if (typeof s.minValue === 'number' && Math.abs(s.minValue) < BIG) k.min = s.minValue;
    if (typeof s.maxValue === 'number' && Math.abs(s.maxValue) < BIG) k.max = s.maxValue;
  }
  return k;
}

/** The fields of an object schema, without the shared request fields and the discriminator. */
function kwargsOf(obj: Z, skip: string | null): Kwarg[] {
  const shape = shapeOf(core(obj)) ?? {};
  return Object.keys(shape)
    .filter((k) => k !== skip && !REQUEST_FIELDS.has(k))
    .map((k) => kwargOf(k, shape[k]!));
}

/** Versions a request body accepts, from its own `torch_version` / `sklearn_version` field when it has one. */
function versionsOf(body: Z, fallback: { torch?: string[]; sklearn?: string[] }): { torch?: string[]; sklearn?: string[] } {
  const c = core(body);
  const opts = optionsOf(c);
  const first = opts[0] ? core(opts[0]) : c;
  const out: { torch?: string[]; sklearn?: string[] } = {};
  for (const lib of ['torch', 'sklearn'] as const) {
    const f = shapeOf(first)?.[`${lib}_version`];
    if (f) {
      const e = core(f);
      out[lib] = e instanceof z.core.$ZodEnum ? enumValues(e).map(String) : [typeOf(f)];
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
    for (const o of optionsOf(c)) {
      const oc = core(o);
      if (discriminator(oc)) {
        out.push(...entriesOf(oc, endpoint, name, versions)); // a union inside a union (script init steps)
        continue;
      }
      out.push({ name: literalTag(shapeOf(oc)?.[disc]), endpoint, kwargs: kwargsOf(oc, disc), versions });
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
  const cat: Record<Family, CatalogueEntry[]> = { modules: [], init: [], tensors: [], samplers: [], data: [], script_steps: [], splitters: [], numpy: [] };
  // the service's own libraries when a route names no version field (see README "How exact it is")
  const fallback = { torch: ['1.13'], sklearn: ['1.2.1'] };
  for (const { url, body } of routes) {
    const isSk = url.startsWith('/v1/sklearn/') || url.startsWith('/v1/numpy/');
    const versions = versionsOf(body, isSk ? { sklearn: fallback.sklearn } : { torch: fallback.torch });
    const c = core(body);
    const last = url.slice(url.lastIndexOf('/') + 1);
    const shape = shapeOf(c) ?? {};
    if (url === '/v1/modules' && shape.module) cat.modules.push(...entriesOf(shape.module, url, 'module', versions));
    else if (url === '/v1/init') cat.init.push(...entriesOf(c, url, 'init', versions));
    else if (url === '/v1/tensors') cat.tensors.push(...entriesOf(c, url, 'tensor', versions));
    else if (url === '/v1/dataloader' && shape.sampler) {
      cat.samplers.push(...entriesOf(shape.sampler, url, 'sampler', versions));
      cat.data.push({ name: 'DataLoader', endpoint: url, kwargs: kwargsOf(c, null), versions });
    } else if (url === '/v1/scripts' && shape.steps) {
      const steps = core(shape.steps);
      if (steps instanceof z.core.$ZodArray) cat.script_steps.push(...entriesOf(steps._zod.def.element, url, 'step', versions));
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
      const body = route.schema?.body;
      if (body instanceof z.core.$ZodType && route.url.startsWith('/v1/')) routes.push({ url: route.url, body });
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
        const fam = FAMILIES.find((f) => f === req.params.family);
        if (!fam) {
          return reply.code(404).type('application/problem+json').send(JSON.stringify(problem(404, `No catalogue family ${JSON.stringify(req.params.family)}; families: ${FAMILIES.join(', ')}`)));
        }
        return reply.header('cache-control', 'public, max-age=3600').send({ [fam]: get()[fam] });
      },
    );
  },
  { name: 'catalogue' },
);
