// Builds the optional native addons with the machine's g++ (C++17, plain Node-API headers):
//   native/build/float_format.node  shortest round-trip float formatting (src/http/json.ts; else JavaScript, the same bytes)
//   native/build/normal_avx2.node   torch's AVX2 float32 normal kernel with real FMAs (src/native/index.ts; else WebAssembly, the same bits)
//   native/build/shuffle.node       randperm's swap loop with prefetching (src/native/index.ts; else JavaScript, the same swaps)
//   native/build/malloc.node        glibc allocator settings for the server process (src/native/malloc.ts; else glibc's defaults)
// `--optional` (npm run build:native): a missing compiler or header is reported, not an error.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const optional = process.argv.includes('--optional');
const candidates = [join(dirname(process.execPath), '..', 'include', 'node'), '/usr/include/node', '/usr/local/include/node'];
const include = candidates.find((d) => existsSync(join(d, 'node_api.h')));
// the folder exists even when nothing is built (the Dockerfile copies it into the runtime image)
mkdirSync(join(here, 'build'), { recursive: true });
if (!include) {
  console.error('native: node_api.h not found; floats are formatted in JavaScript and normals run in WebAssembly');
  process.exit(optional ? 0 : 1);
}

const addons = [
  { name: 'float_format', flags: [], without: 'floats will be formatted in JavaScript' },
  // no contraction by the compiler: every fused multiply-add of torch's kernel is written out as an intrinsic
  { name: 'normal_avx2', flags: ['-ffp-contract=off'], without: 'normals will run in WebAssembly' },
  { name: 'shuffle', flags: [], without: 'randperm swaps in JavaScript' },
  { name: 'malloc', flags: [], without: 'the C allocator keeps its defaults (more resident memory under load)' },
];
let failed = false;
for (const a of addons) {
  const out = join(here, 'build', `${a.name}.node`);
  const r = spawnSync(process.env.CXX ?? 'g++', ['-O2', '-std=c++17', '-shared', '-fPIC', '-Wall', ...a.flags, `-I${include}`, '-o', out, join(here, `${a.name}.cc`)], { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`native: ${a.name} failed to build (${r.error?.message ?? `exit ${r.status}`}); ${a.without}`);
    failed = true;
  } else console.log(`native: built native/build/${a.name}.node`);
}
process.exit(failed && !optional ? 1 : 0);
