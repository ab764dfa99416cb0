// Writes openapi.yaml from the zod schemas, through the same fastify app that serves /openapi.json.
// Usage: npx tsx scripts/gen-openapi.ts [path]   (default: openapi.yaml at the repository root)
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../src/http/app.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = process.argv[2] ?? join(root, 'openapi.yaml');
const app = await buildApp();
await app.ready();
writeFileSync(out, app.swagger({ yaml: true }));
await app.close();
console.log(`wrote ${out}`);
