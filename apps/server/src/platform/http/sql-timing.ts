import type { FastifyInstance } from "fastify";
import type { Database, Db } from "../db/client.js";
import { newSqlStats, serverTimingHeader, type SqlStats } from "../db/accounting.js";

declare module "fastify" {
  interface FastifyRequest {
    sqlStats: SqlStats;
    /** This request's database handle: every statement through it shows in its Server-Timing. */
    db: Db;
  }
}

/** A handle that creates the real one on first use: a request answered from the cache never pays for it. */
function lazyDb(create: () => Db): Db {
  let real: Db | undefined;
  return new Proxy({} as Db, {
    get(_t, prop) {
      real ??= create();
      const value = Reflect.get(real, prop, real) as unknown;
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(real) : value;
    },
  });
}

/**
 * Gives every request its own SQL counter and database handle, and reports the counter on every
 * response as `Server-Timing: db;dur=<ms>;desc="queries=<n>"`.
 */
export function registerSqlTiming(app: FastifyInstance, database: Database): void {
  app.decorateRequest("sqlStats", null as unknown as SqlStats);
  app.decorateRequest("db", null as unknown as Db);
  app.addHook("onRequest", (request, _reply, done) => {
    const stats = newSqlStats();
    request.sqlStats = stats;
    request.db = lazyDb(() => database.scoped(stats));
    done();
  });
  app.addHook("onSend", (request, reply, payload, done) => {
    void reply.header("Server-Timing", serverTimingHeader(request.sqlStats));
    done(null, payload);
  });
}
