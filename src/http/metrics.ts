import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics of one app: requests and latency by route, cache hits and misses, pool queue. */
export class Metrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'method' | 'route' | 'status'>;
  private readonly latency: Histogram<'method' | 'route'>;
  private readonly cacheLookups: Counter<'result'>;
  private readonly computations: Counter<'where'>;
  readonly poolQueue: Gauge;

  constructor(poolQueue: () => number) {
    collectDefaultMetrics({ register: this.registry });
    this.requests = new Counter({ name: 'http_requests_total', help: 'HTTP requests by route and status', labelNames: ['method', 'route', 'status'], registers: [this.registry] });
    this.latency = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request latency by route',
      labelNames: ['method', 'route'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    this.cacheLookups = new Counter({ name: 'cache_lookups_total', help: 'Response cache lookups by result (hit, miss)', labelNames: ['result'], registers: [this.registry] });
    this.computations = new Counter({ name: 'computations_total', help: 'Engine computations started (identical concurrent requests share one)', labelNames: ['where'], registers: [this.registry] });
    this.poolQueue = new Gauge({ name: 'compute_pool_queue', help: 'Heavy computations waiting for a worker thread', registers: [this.registry], collect() { this.set(poolQueue()); } });
  }

  /** Records one finished request. */
  observe(method: string, route: string, status: number, seconds: number): void {
    this.requests.inc({ method, route, status: String(status) });
    this.latency.observe({ method, route }, seconds);
  }

  /** Records one computation started, on the main thread or the pool. */
  computation(pooled: boolean): void {
    this.computations.inc({ where: pooled ? 'pool' : 'main' });
  }

  /** Records one cache lookup. */
  cache(hit: boolean): void {
    this.cacheLookups.inc({ result: hit ? 'hit' : 'miss' });
  }
}
