import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { auth } from "../../platform/auth/principal.js";
import type { Cache } from "../../platform/cache/cache.js";
import type { Db, PoolStats } from "../../platform/db/client.js";
import { queryRows } from "../../platform/db/rows.js";
import type { RequestStats } from "../../platform/observability/requests.js";

export interface PerformanceDeps {
  cache: Cache;
  nodeId: string;
  poolStats: () => PoolStats;
  requests: RequestStats;
  connections: () => Promise<number>;
  jobs: () => Promise<unknown>;
  db: Db;
}

/** Instance-wide numbers for platform admins; the live dashboard builds on this. */
export function performanceRoutes(deps: PerformanceDeps) {
  return async (app: FastifyInstance) => {
    app.get("/performance", { preValidation: [auth.platformAdmin], schema: { tags: ["operations"] } }, async (request) => {
      const m = process.memoryUsage();
      const [agents] = await queryRows<{ active: number }>(request.db, sql`select count(*)::int as active from agents where status = 'active' and deleted_at is null`);
      return {
        nodeId: deps.nodeId,
        timestamp: new Date().toISOString(),
        uptimeSeconds: Math.round(process.uptime()),
        ...deps.requests.snapshot(),
        memory: { rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external },
        activeConnections: await deps.connections(),
        activeAgents: agents?.active ?? 0,
        pool: deps.poolStats(),
        jobs: await deps.jobs(),
        cacheStats: deps.cache.stats(),
      };
    });
  };
}
