import { z } from 'zod';

/** Service settings, read once from the environment (see README "Settings" and .env.example). */
export const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Largest request body accepted, in bytes (413 above). */
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  /** Deepest nesting of objects and arrays a request body may have; checked while parsing, before going deeper (413 above). */
  JSON_MAX_DEPTH: z.coerce.number().int().min(4).max(10_000).default(64),
  /** Most object keys a request body may hold, counted while parsing (413 above). */
  JSON_MAX_KEYS: z.coerce.number().int().min(16).default(100_000),
  /** Most elements one request may compute: tensor elements, parameters, indices over all epochs (413 above). */
  MAX_ELEMENTS: z.coerce.number().int().min(1).default(50_000_000),
  /** Most elements one streamed (NDJSON) DataLoader answer may compute; memory stays bounded, so far above MAX_ELEMENTS (413 above). */
  MAX_STREAM_ELEMENTS: z.coerce.number().int().min(1).default(200_000_000),
  /** Most samples (`n_samples`, labels, `n`) one sklearn/numpy request may name (413 above; CONTRACT-sklearn.md). */
  MAX_SAMPLES: z.coerce.number().int().min(1).default(10_000_000),
  /** Most output indices one sklearn split may compute (samples x folds or repeats; 413 above; CONTRACT-sklearn.md). */
  MAX_OUTPUT_INDICES: z.coerce.number().int().min(1).default(50_000_000),
  /** Most bytes one answer may have, estimated before any work from the loop iterations and the output (413 above). */
  MAX_OUTPUT_BYTES: z.coerce.number().int().min(1024).default(1_500_000_000),
  /** Bytes of answers (estimated) being computed or sent at once; past it new heavy requests get 503 with Retry-After. */
  MAX_INFLIGHT_BYTES: z.coerce.number().int().min(1024).default(2_000_000_000),
  /** Streamed (NDJSON) answers being sent at once; past it new streams get 503 with Retry-After. */
  MAX_CONCURRENT_STREAMS: z.coerce.number().int().min(1).default(4),
  /** Longest wait for in-flight answers on SIGTERM before open connections are cut and computations aborted. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  /** Most DataLoader workers (`num_workers`) one loader may name: each costs a seed per epoch (413 above). */
  MAX_NUM_WORKERS: z.coerce.number().int().min(1).default(1024),
  /** Most steps in one /v1/scripts request (413 above). */
  MAX_SCRIPT_STEPS: z.coerce.number().int().min(1).default(1000),
  /** Size of the in-memory response cache in bytes; 0 disables caching. */
  CACHE_MAX_BYTES: z.coerce.number().int().min(0).default(256 * 1024 * 1024),
  /** Redis URL of a cache shared by replicas (redis://host:port/db); unset: in-memory cache only. */
  REDIS_URL: z.string().url().optional(),
  /** Prefix of the service's keys in Redis. */
  REDIS_KEY_PREFIX: z.string().default('tss:v1:'),
  /** Time to live of entries in Redis, in seconds (answers never change; this only bounds memory). */
  CACHE_TTL_SECONDS: z.coerce.number().int().min(1).default(7 * 24 * 3600),
  /**
   * glibc's mmap threshold, fixed at start (0: glibc's dynamic default, which rises to 32 MB as big buffers are
   * freed and then keeps answer-sized memory resident): allocations at least this big are given back when freed.
   */
  MALLOC_MMAP_THRESHOLD_BYTES: z.coerce.number().int().min(0).max(2 ** 31 - 1).default(256 * 1024),
  /** Most glibc malloc arenas (0: glibc's default, 8 per core); each thread's arena keeps its own freed memory. */
  MALLOC_ARENAS: z.coerce.number().int().min(0).max(1024).default(2),
  /** Worker threads for heavy computations; 0 computes everything on the main thread. */
  POOL_THREADS: z.coerce.number().int().min(0).max(256).default(2),
  /** Requests computing at least this many elements run on the worker pool. */
  POOL_MIN_ELEMENTS: z.coerce.number().int().min(0).default(100_000),
  /** Heavy requests waiting for a worker before new ones get 503 with Retry-After. */
  POOL_MAX_QUEUE: z.coerce.number().int().min(0).default(32),
  /** Deadline of one computation, in milliseconds from its start (not its time in the queue): 503 with Retry-After when passed, or at once when the expected wait already passes it. */
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).default(60_000),
  /** Requests per client address per window before 429; 0 disables rate limiting. */
  RATE_LIMIT_MAX: z.coerce.number().int().min(0).default(60_000),
  /** Rate-limit window in milliseconds. */
  RATE_LIMIT_WINDOW_MS: z.coerce.number().int().min(1000).default(60_000),
  /** Client addresses never rate limited (comma-separated): by default the machine's own loopback. */
  RATE_LIMIT_ALLOW: z.string().default('127.0.0.1,::1,::ffff:127.0.0.1'),
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
