import type { FastifyInstance } from "fastify";
import { auth } from "../../platform/auth/principal.js";
import type { Cache } from "../../platform/cache/cache.js";
import type { PoolStats } from "../../platform/db/client.js";

/** Instance-wide numbers for platform admins; the live dashboard builds on this. */
export function performanceRoutes(deps: { cache: Cache; nodeId: string; poolStats: () => PoolStats }) {
  return async (app: FastifyInstance) => {
    app.get("/performance", { preValidation: [auth.platformAdmin], schema: { tags: ["operations"] } }, async () => {
      const m = process.memoryUsage();
      return {
        nodeId: deps.nodeId,
        timestamp: new Date().toISOString(),
        uptimeSeconds: Math.round(process.uptime()),
        memory: { rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external },
        pool: deps.poolStats(),
        cacheStats: deps.cache.stats(),
      };
    });
  };
}
