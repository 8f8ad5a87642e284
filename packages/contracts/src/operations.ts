import { z } from "zod";
import { Uuid } from "./common.js";

/** `/livez`: the process runs. */
export const Liveness = z.object({ status: z.literal("ok") });
/** `/readyz`: the database answers and the node is not shutting down (otherwise 503 with an error body). */
export const Readiness = z.object({ status: z.literal("ready") });

/** One dependency as `/health` found it: its time to answer when up, why not when down. */
export const HealthCheck = z.object({
  status: z.enum(["up", "down"]),
  latency_ms: z.number().optional(),
  detail: z.string().optional(),
});
export type HealthCheck = z.infer<typeof HealthCheck>;
/** `/health`: unhealthy (503) without the database; degraded while an optional dependency is down. */
export const HealthReport = z.object({
  status: z.enum(["healthy", "degraded", "unhealthy"]),
  response_time_ms: z.number(),
  timestamp: z.string(),
  version: z.string(),
  /** database, queue and speech always; redis when it is configured. */
  checks: z.record(z.string(), HealthCheck),
});
export type HealthReport = z.infer<typeof HealthReport>;

/** A sample's numbers by name (requestsPerSecond, p95Ms, rssBytes, cacheHitRate, …). */
export const SampleValues = z.record(z.string(), z.number());
export type SampleValues = z.infer<typeof SampleValues>;
/** One second of a node's numbers, as `/performance/stream` sends it (event `sample`). */
export const LiveSample = z.object({ ts: z.string(), values: SampleValues });
export type LiveSample = z.infer<typeof LiveSample>;

export const CacheStats = z.object({
  mode: z.enum(["l1", "l1+l2", "l1-degraded"]),
  l1: z.object({
    hits: z.number(),
    misses: z.number(),
    evictions: z.number(),
    hitRate: z.number(),
    bytes: z.number(),
    maxBytes: z.number(),
    entries: z.number(),
  }),
  l2: z.object({
    hits: z.number(),
    misses: z.number(),
    errors: z.number(),
    bytesWritten: z.number(),
    hitRate: z.number(),
    available: z.boolean(),
  }),
  /** Reads answered without running a loader. */
  hitRate: z.number(),
  requests: z.number(),
  loads: z.number(),
  loadTimeMs: z.object({ total: z.number(), avg: z.number() }),
  staleRejected: z.number(),
  ackTimeouts: z.number(),
  warmed: z.number(),
  inflight: z.number(),
});
export type CacheStats = z.infer<typeof CacheStats>;

export const PoolStats = z.object({ total: z.number(), idle: z.number(), waiting: z.number(), max: z.number() });
export const JobCounts = z.object({
  waiting: z.number(),
  active: z.number(),
  completed: z.number(),
  failed: z.number(),
  delayed: z.number(),
});
export type JobCounts = z.infer<typeof JobCounts>;

/** `/performance`: this node's numbers now. */
export const PerformanceSnapshot = z.object({
  nodeId: z.string(),
  timestamp: z.string(),
  uptimeSeconds: z.number(),
  totalRequests: z.number(),
  errors5xx: z.number(),
  avgResponseMs: z.number(),
  p50Ms: z.number(),
  p95Ms: z.number(),
  p99Ms: z.number(),
  requestsPerSecond: z.number(),
  sqlPerRequest: z.number(),
  cpuPercent: z.number(),
  eventLoopLag: z.object({ meanMs: z.number(), p99Ms: z.number(), maxMs: z.number() }),
  memory: z.object({ rss: z.number(), heapUsed: z.number(), heapTotal: z.number(), external: z.number() }),
  activeConnections: z.number(),
  /** The heap is near its limit: the in-process cache sheds entries. */
  memoryPressure: z.boolean(),
  activeAgents: z.number(),
  pool: PoolStats,
  jobs: JobCounts,
  cacheStats: CacheStats,
});
export type PerformanceSnapshot = z.infer<typeof PerformanceSnapshot>;

export const HistoryRange = z.enum(["1h", "24h", "30d"], { message: "range is 1h, 24h or 30d" });
export type HistoryRange = z.infer<typeof HistoryRange>;
export const PerformanceHistoryQuery = z.object({ range: HistoryRange.default("1h") });
/** `/performance/history`: a point per bucket (10 s, 1 min or 1 h), its numbers averaged across nodes and rates summed. */
export const PerformanceHistory = z.object({
  range: HistoryRange,
  resolution: z.enum(["10s", "1m", "1h"]),
  points: z.array(z.object({ ts: z.string() }).catchall(z.number())),
});
export type PerformanceHistory = z.infer<typeof PerformanceHistory>;

/** Statements slower than the threshold, grouped by their text with literals replaced. */
export const SlowQuery = z.object({ sql: z.string(), count: z.number(), totalMs: z.number(), maxMs: z.number(), lastAt: z.string() });
export type SlowQuery = z.infer<typeof SlowQuery>;
export const SlowQueries = z.object({
  thresholdMs: z.number(),
  /** Worst total time first. */
  queries: z.array(SlowQuery),
  /** PostgreSQL's own statistics of the costliest statements; null without pg_stat_statements (and on PGlite). */
  pgStatStatements: z.array(z.object({ query: z.string(), calls: z.number(), total_ms: z.number(), max_ms: z.number() })).nullable(),
});
export type SlowQueries = z.infer<typeof SlowQueries>;

export const MaintenanceTrigger = z.enum(["manual", "daily", "weekly", "monthly"]);
export type MaintenanceTrigger = z.infer<typeof MaintenanceTrigger>;
export const MaintenanceStep = z.object({
  name: z.string(),
  status: z.enum(["running", "succeeded", "failed"]),
  startedAt: z.string(),
  durationMs: z.number().nullable(),
  /** What the step found and did; each step has its own keys. */
  findings: z.record(z.string(), z.unknown()),
  error: z.string().optional(),
});
export type MaintenanceStep = z.infer<typeof MaintenanceStep>;
/** The numbers a run reads before and after (databaseBytes only on PostgreSQL). */
export const MaintenanceSnapshot = z.object({
  rssBytes: z.number(),
  heapUsedBytes: z.number(),
  cacheEntries: z.number(),
  cacheBytes: z.number(),
  sessions: z.number(),
  perfSamples: z.number(),
  databaseBytes: z.number().nullable(),
});
export type MaintenanceSnapshot = z.infer<typeof MaintenanceSnapshot>;
export const MaintenanceRun = z.object({
  id: Uuid,
  trigger: MaintenanceTrigger,
  /** skipped: another run was working (it does the work). */
  status: z.enum(["queued", "running", "succeeded", "failed", "skipped"]),
  steps: z.array(MaintenanceStep),
  /** Each step's findings by its name; the monthly run adds `report` (a PerformanceReport). */
  findings: z.record(z.string(), z.unknown()),
  impact: z.object({ before: MaintenanceSnapshot, after: MaintenanceSnapshot }).nullable(),
  error: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  durationMs: z.number().nullable(),
});
export type MaintenanceRun = z.infer<typeof MaintenanceRun>;
/** `/optimize` (202): the run is queued; follow it at /maintenance/runs/:runId. */
export const MaintenanceStarted = z.object({ message: z.string(), runId: Uuid, estimatedCompletion: z.string(), timestamp: z.string() });
export type MaintenanceStarted = z.infer<typeof MaintenanceStarted>;

/** The monthly run's performance report (`findings.report`; as Markdown at /maintenance/runs/:id/report). */
export const PerformanceReport = z.object({
  period: z.object({ from: z.string(), to: z.string() }),
  trends: z.array(
    z.object({
      day: z.string(),
      p95Ms: z.number().nullable(),
      requestsPerSecond: z.number().nullable(),
      cpuPercent: z.number().nullable(),
      cacheHitRate: z.number().nullable(),
    }),
  ),
  slowestRoutes: z.array(z.object({ route: z.string(), count: z.number(), avgMs: z.number() })),
  slowQueries: z.array(SlowQuery),
  cacheEfficiency: z.record(z.string(), z.number().nullable()),
});
export type PerformanceReport = z.infer<typeof PerformanceReport>;
