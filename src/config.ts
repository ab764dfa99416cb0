import { z } from 'zod';

/** Service settings, read once from the environment (see README "Settings" and .env.example). */
export const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Largest request body accepted, in bytes (413 above). */
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  /** Most elements one request may compute: tensor elements, parameters, indices over all epochs (413 above). */
  MAX_ELEMENTS: z.coerce.number().int().min(1).default(20_000_000),
  /** Most steps in one /v1/scripts request (413 above). */
  MAX_SCRIPT_STEPS: z.coerce.number().int().min(1).default(1000),
  /** Size of the in-memory response cache in bytes; 0 disables caching. */
  CACHE_MAX_BYTES: z.coerce.number().int().min(0).default(256 * 1024 * 1024),
});

export type Config = z.infer<typeof ConfigSchema>;

/** Parses settings from an environment (process.env by default); throws a readable error when invalid. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const r = ConfigSchema.safeParse(env);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid configuration: ${lines.join('; ')}`);
  }
  return r.data;
}

/** The defaults, as used by tests and by `buildApp()` without arguments. */
export function defaultConfig(overrides: Partial<Config> = {}): Config {
  return { ...ConfigSchema.parse({}), ...overrides };
}
