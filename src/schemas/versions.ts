import { z } from 'zod';
import { DEFAULT_TORCH_VERSION, TORCH_BUILDS, TORCH_VERSIONS } from '../engine/torch/generator/profile.js';

/** The scikit-learn versions the sklearn routes accept (`sklearn_version`) and the build each reproduces. */
const SKLEARN_VERSIONS = [
  { value: '1.9', build: 'scikit-learn 1.9.1 with numpy 2.4.6' },
  { value: '1.6', build: 'scikit-learn 1.6.1 with numpy 2.1.3' },
  { value: '1.2', build: 'scikit-learn 1.2.1 with numpy 1.24 (Debian bookworm)' },
] as const;

const Versions = z.object({
  parameter: z.string(),
  default: z.string(),
  accepted: z.array(z.object({ value: z.string(), build: z.string() })),
});

/** The answer of `GET /v1/versions`. */
export const VersionsResponse = z
  .object({
    torch: Versions,
    cpu_kernel: Versions,
    sklearn: Versions,
  })
  .meta({ id: 'VersionsResponse' });

/** What `GET /v1/versions` answers: accepted values, defaults and the builds they reproduce. */
export function versionsAnswer(): z.output<typeof VersionsResponse> {
  return {
    torch: {
      parameter: 'torch_version',
      default: DEFAULT_TORCH_VERSION,
      accepted: TORCH_VERSIONS.map((v) => ({ value: v, build: TORCH_BUILDS[v] })),
    },
    cpu_kernel: {
      parameter: 'cpu_kernel',
      default: 'avx2',
      accepted: [
        { value: 'avx2', build: "torch's AVX2 CPU kernels (x86-64 with AVX2)" },
        { value: 'avx512', build: "torch's AVX-512 CPU kernels: the same numbers as avx2 (no 16-lane normal kernel)" },
        { value: 'default', build: "torch's plain CPU kernels (x86-64 without AVX2)" },
      ],
    },
    sklearn: { parameter: 'sklearn_version', default: '1.9', accepted: SKLEARN_VERSIONS.map((v) => ({ ...v })) },
  };
}
