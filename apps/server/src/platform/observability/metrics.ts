/**
 * Prometheus metrics (prom-client): Node's defaults plus ours. Values that already live somewhere
 * (cache counters, queue depths, open streams) are read when Prometheus scrapes, not kept twice.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

export interface MetricSources {
  cache: () => { l1: { hits: number; misses: number; evictions: number; bytes: number }; l2: { hits: number; misses: number } };
  ingestQueueDepth: () => number;
  jobs: () => Promise<Record<string, number>>;
  openStreams: () => number;
  connections: () => Promise<number>;
}

export function createMetrics(sources: MetricSources) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  // prom-client also reports three counts as gauges named "_total", a suffix Prometheus keeps for
  // counters (promtool rejects them); `nodejs_active_resources` (by type) has the same numbers.
  for (const name of ["nodejs_active_handles_total", "nodejs_active_requests_total", "nodejs_active_resources_total"])
    registry.removeSingleMetric(name);

  const http = new Histogram({
    name: "http_request_duration_seconds",
    help: "HTTP requests by route, method and status",
    labelNames: ["route", "method", "status"] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const dbQueries = new Histogram({
    name: "db_query_duration_seconds",
    help: "Database statements and their duration",
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
    registers: [registry],
  });
  const flushRows = new Histogram({
    name: "ingest_flush_rows",
    help: "Interactions written per group-commit flush",
    buckets: [1, 5, 10, 50, 100, 500, 1000, 5000],
    registers: [registry],
  });
  const flushes = new Counter({ name: "ingest_flushes_total", help: "Group-commit flushes", registers: [registry] });
  new Gauge({
    name: "ingest_queue_rows",
    help: "Interactions queued or in flight in the group commit",
    registers: [registry],
    collect() {
      this.set(sources.ingestQueueDepth());
    },
  });
  // The cache counts for itself; at each scrape the counter catches up by the difference.
  const seen = new Map<string, number>();
  new Counter({
    name: "cache_operations_total",
    help: "Cache lookups and evictions by level and result",
    labelNames: ["level", "result"] as const,
    registers: [registry],
    collect() {
      const s = sources.cache();
      const now: [string, string, number][] = [
        ["l1", "hit", s.l1.hits],
        ["l1", "miss", s.l1.misses],
        ["l1", "eviction", s.l1.evictions],
        ["l2", "hit", s.l2.hits],
        ["l2", "miss", s.l2.misses],
      ];
      for (const [level, result, value] of now) {
        const key = `${level}:${result}`;
        const delta = value - (seen.get(key) ?? 0);
        if (delta > 0) this.inc({ level, result }, delta);
        else if (!seen.has(key)) this.inc({ level, result }, 0);
        seen.set(key, value);
      }
    },
  });
  new Gauge({
    name: "cache_l1_bytes",
    help: "Bytes held by the in-process cache",
    registers: [registry],
    collect() {
      this.set(sources.cache().l1.bytes);
    },
  });
  new Gauge({
    name: "jobs",
    help: "Background jobs by state",
    labelNames: ["state"] as const,
    registers: [registry],
    async collect() {
      for (const [state, n] of Object.entries(await sources.jobs())) this.set({ state }, n);
    },
  });
  new Gauge({
    name: "sse_open_streams",
    help: "Open server-sent event streams",
    registers: [registry],
    collect() {
      this.set(sources.openStreams());
    },
  });
  new Gauge({
    name: "http_active_connections",
    help: "Open HTTP connections",
    registers: [registry],
    async collect() {
      this.set(await sources.connections());
    },
  });

  const children = new Map<string, ReturnType<typeof http.labels>>();
  return {
    registry,
    /** Average time per route since start, slowest first (for reports). */
    async routes() {
      const values = (await http.get()).values;
      const by = new Map<string, { sum: number; count: number }>();
      for (const v of values) {
        const route = String(v.labels.route);
        const entry = by.get(route) ?? { sum: 0, count: 0 };
        if (v.metricName === "http_request_duration_seconds_sum") entry.sum += v.value;
        if (v.metricName === "http_request_duration_seconds_count") entry.count += v.value;
        by.set(route, entry);
      }
      return [...by]
        .filter(([, e]) => e.count > 0)
        .map(([route, e]) => ({ route, count: e.count, avgMs: Math.round((e.sum / e.count) * 100_000) / 100 }))
        .sort((a, b) => b.avgMs - a.avgMs);
    },
    /** Children per label set, made once: labels are hashed on every `observe` otherwise. */
    observeRequest: (route: string, method: string, status: number, seconds: number) => {
      const key = `${method} ${status} ${route}`;
      let child = children.get(key);
      if (!child) {
        child = http.labels({ route, method, status: String(status) });
        if (children.size < 5000) children.set(key, child);
      }
      child.observe(seconds);
    },
    observeStatement: (ms: number) => dbQueries.observe(ms / 1000),
    observeFlush: (rows: number) => {
      flushes.inc();
      flushRows.observe(rows);
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
