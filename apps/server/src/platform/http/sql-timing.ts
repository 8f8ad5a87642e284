import type { FastifyInstance } from "fastify";
import { newSqlStats, serverTimingHeader, withSqlStats, type SqlStats } from "../db/accounting.js";

declare module "fastify" {
  interface FastifyRequest {
    sqlStats: SqlStats;
  }
}

/**
 * Charges every SQL statement a request causes to that request (AsyncLocalStorage), and reports
 * it on every response as `Server-Timing: db;dur=<ms>;desc="queries=<n>"`.
 */
export function registerSqlTiming(app: FastifyInstance): void {
  app.decorateRequest("sqlStats", null as unknown as SqlStats);
  app.addHook("onRequest", (request, _reply, done) => {
    request.sqlStats = newSqlStats();
    withSqlStats(request.sqlStats, done);
  });
  app.addHook("onSend", async (request, reply, payload) => {
    void reply.header("Server-Timing", serverTimingHeader(request.sqlStats));
    return payload;
  });
}
