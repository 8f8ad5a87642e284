import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { type JobCounts, PerformanceHistory, PerformanceHistoryQuery, PerformanceSnapshot, SlowQueries, textBody } from "@vta/contracts";
import { auth } from "../../platform/auth/principal.js";
import type { Cache } from "../../platform/cache/cache.js";
import type { Db, PoolStats } from "../../platform/db/client.js";
import type { SseStreams } from "../../platform/http/sse.js";
import type { RequestStats } from "../../platform/observability/requests.js";
import { history } from "./perf-history.repository.js";
import { countActiveAgents, serverStatementStats } from "./performance.repository.js";
import type { Sampler } from "./sampler.js";
import type { SlowQueryLog } from "./slow-queries.js";

export interface PerformanceDeps {
  cache: Cache;
  nodeId: string;
  poolStats: () => PoolStats;
  requests: RequestStats;
  connections: () => Promise<number>;
  jobs: () => Promise<JobCounts>;
  db: Db;
  sampler: Sampler;
  slowQueries: SlowQueryLog;
  /** The app's open event streams (counted, and ended at its shutdown). */
  streams: SseStreams;
}

/** Instance-wide numbers for platform admins; the live dashboard builds on this. */
export function performanceRoutes(deps: PerformanceDeps) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const tags = ["operations"];
    const preValidation = [auth.platformAdmin];

    app.get("/performance", { preValidation, schema: { tags, response: { 200: PerformanceSnapshot } } }, async (request) => {
      const m = process.memoryUsage();
      const activeAgents = await countActiveAgents(request.db);
      return {
        nodeId: deps.nodeId,
        timestamp: new Date().toISOString(),
        uptimeSeconds: Math.round(process.uptime()),
        ...deps.requests.snapshot(),
        memory: { rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external },
        activeConnections: await deps.connections(),
        memoryPressure: deps.sampler.memoryPressure,
        activeAgents,
        pool: deps.poolStats(),
        jobs: await deps.jobs(),
        cacheStats: deps.cache.stats(),
      };
    });

    app.get(
      "/performance/history",
      { preValidation, schema: { tags, querystring: PerformanceHistoryQuery, response: { 200: PerformanceHistory } } },
      async (request) => history(request.db, request.query.range),
    );

    /** One sample a second, as server-sent events. */
    app.get(
      "/performance/stream",
      {
        preValidation,
        schema: { tags, response: { 200: textBody("Server-sent events: `sample` (a LiveSample) once a second", "text/event-stream") } },
      },
      (request, reply) => {
        let unsubscribe: () => void = () => undefined;
        const stream = deps.streams.start(request, reply, () => unsubscribe());
        if (deps.sampler.latest) stream.send("sample", deps.sampler.latest);
        unsubscribe = deps.sampler.subscribe((sample) => stream.send("sample", sample));
      },
    );

    app.get("/performance/slow-queries", { preValidation, schema: { tags, response: { 200: SlowQueries } } }, async (request) => {
      return {
        thresholdMs: deps.slowQueries.thresholdMs,
        queries: deps.slowQueries.top(50),
        pgStatStatements: await serverStatementStats(request.db),
      };
    });
  };
}
