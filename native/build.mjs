// Builds native/build/float_format.node with the machine's g++ (C++17, plain Node-API headers).
// Optional: without it src/http/json.ts formats floats in JavaScript (the same bytes, slower).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const candidates = [join(dirname(process.execPath), '..', 'include', 'node'), '/usr/include/node', '/usr/local/include/node'];
const include = candidates.find((d) => existsSync(join(d, 'node_api.h')));
if (!include) {
  console.error('native: node_api.h not found; floats will be formatted in JavaScript');
  process.exit(process.argv.includes('--optional') ? 0 : 1);
}
mkdirSync(join(here, 'build'), { recursive: true });
const r = spawnSync(process.env.CXX ?? 'g++', ['-O2', '-std=c++17', '-shared', '-fPIC', '-Wall', `-I${include}`, '-o', join(here, 'build', 'float_format.node'), join(here, 'float_format.cc')], { stdio: 'inherit' });
if (r.status !== 0) {
  console.error('native: build failed; floats will be formatted in JavaScript');
  process.exit(process.argv.includes('--optional') ? 0 : 1);
}
console.log('native: built native/build/float_format.node');
