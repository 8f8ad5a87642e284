import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Database, Db } from "../db/client.js";
import { newSqlStats, serverTimingHeader, type SqlStats } from "../db/accounting.js";

declare module "fastify" {
  interface FastifyRequest {
    sqlStats: SqlStats;
    /** This request's database handle: every statement through it shows in its Server-Timing. */
    db: Db;
    /** Backing fields of the two above, made on first use. */
    _sqlStats: SqlStats | null;
    _db: Db | null;
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
 * Gives every request its own SQL counter and database handle (made when first used), and reports
 * the counter on every response as `Server-Timing: db;dur=<ms>;desc="queries=<n>"`.
 */
export function registerSqlTiming(app: FastifyInstance, database: Database): void {
  // Both made on first use: a request answered from L1 allocates neither. (Backing fields are
  // declared up front so every request object keeps one shape.)
  app.decorateRequest("_sqlStats", null);
  app.decorateRequest("_db", null);
  app.decorateRequest("sqlStats", {
    getter(this: FastifyRequest) {
      return (this._sqlStats ??= newSqlStats());
    },
  });
  app.decorateRequest("db", {
    getter(this: FastifyRequest) {
      const stats = this.sqlStats;
      return (this._db ??= lazyDb(() => database.scoped(stats)));
    },
  });
  app.addHook("onSend", (request, reply, payload, done) => {
    const stats = request._sqlStats;
    void reply.header("Server-Timing", stats ? serverTimingHeader(stats) : NO_QUERIES);
    done(null, payload);
  });
}

const NO_QUERIES = serverTimingHeader(newSqlStats());
