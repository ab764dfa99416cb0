// Writes openapi.yaml from the zod schemas, through the same fastify app that serves /openapi.json.
// Usage: npx tsx scripts/gen-openapi.ts [path]   (default: openapi.yaml at the repository root)
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Document, isScalar, visit } from 'yaml';
import { buildApp } from '../src/http/app.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = process.argv[2] ?? join(root, 'openapi.yaml');
const app = await buildApp();
await app.ready();
// the served document, as YAML with lists of scalars (enum, required, type) on one line each
const doc = new Document(app.swagger());
visit(doc, {
  Seq(_key, node) {
    if (node.items.every((item) => isScalar(item))) node.flow = true;
  },
});
writeFileSync(out, doc.toString({ lineWidth: 0 }));
await app.close();
console.log(`wrote ${out}`);
