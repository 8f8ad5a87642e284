import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import pg from "pg";
import * as schema from "../../../db/schema.js";
import { currentSqlStats, recordStatement, timed } from "./accounting.js";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
  max: number;
}

export interface Database {
  db: Db;
  kind: "postgres" | "pglite";
  ping(): Promise<void>;
  poolStats(): PoolStats;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl?: string;
  dataDir: string;
  poolSize: number;
  /** ms a statement may run before PostgreSQL cancels it (0 = no limit). */
  statementTimeoutMs: number;
}

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl, opts) : openPglite(opts.dataDir);
}

function sqlText(arg: unknown): string {
  if (typeof arg === "string") return arg;
  if (arg && typeof arg === "object" && "text" in arg && typeof arg.text === "string") return arg.text;
  return "";
}

type QueryFn = (...args: unknown[]) => unknown;

/** Counts every statement a pooled client runs (promise and callback forms, as pool.query uses). */
function instrumentClient(client: pg.PoolClient): void {
  const original = client.query.bind(client) as QueryFn;
  const wrapped: QueryFn = (...args) => {
    const stats = currentSqlStats();
    const start = performance.now();
    const done = () => recordStatement(performance.now() - start, sqlText(args[0]), stats);
    const last = args.at(-1);
    if (typeof last === "function") {
      args[args.length - 1] = (...cbArgs: unknown[]) => {
        done();
        return (last as QueryFn)(...cbArgs);
      };
      return original(...args);
    }
    const result = original(...args);
    if (result instanceof Promise) return result.finally(done);
    done(); // a Submittable (cursor, COPY stream): counted, timed at submission
    return result;
  };
  (client as unknown as { query: QueryFn }).query = wrapped;
}

async function openPostgres(url: string, opts: DatabaseOptions): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.poolSize,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 5_000,
    // Day buckets and partitions are UTC; the session time zone makes timestamp text UTC too.
    options: "-c TimeZone=UTC",
    ...(opts.statementTimeoutMs > 0 ? { statement_timeout: opts.statementTimeoutMs } : {}),
  });
  pool.on("connect", instrumentClient);
  // An idle client that loses its server must not crash the process; the pool replaces it.
  pool.on("error", () => undefined);
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  return {
    db,
    kind: "postgres",
    ping: async () => {
      await pool.query("select 1");
    },
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: opts.poolSize }),
    close: () => pool.end(),
  };
}

async function openPglite(dataDir: string): Promise<Database> {
  mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create(`${dataDir}/pglite`, { extensions: { pg_trgm } });
  await client.exec("SET TIME ZONE 'UTC'");
  instrumentPglite(client);
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    kind: "pglite",
    ping: async () => {
      await client.query("select 1");
    },
    // PGlite is one in-process connection; statements queue on it.
    poolStats: () => ({ total: 1, idle: 1, waiting: 0, max: 1 }),
    close: () => client.close(),
  };
}

type Queryable = Pick<PGlite, "query" | "exec">;

function instrumentPglite(client: PGlite): void {
  const wrapQueryable = <T extends Queryable>(target: T): T => {
    const query = timed(target.query.bind(target) as (...args: unknown[]) => Promise<unknown>, sqlText) as T["query"];
    const exec = timed(target.exec.bind(target) as (...args: unknown[]) => Promise<unknown>, sqlText) as T["exec"];
    return new Proxy(target, {
      get(t, prop, receiver) {
        if (prop === "query") return query;
        if (prop === "exec") return exec;
        return Reflect.get(t, prop, receiver) as unknown;
      },
    });
  };
  const { query, exec } = wrapQueryable(client) as Pick<PGlite, "query" | "exec">;
  client.query = query;
  client.exec = exec;
  const transaction = client.transaction.bind(client);
  client.transaction = (fn) => transaction((tx) => fn(wrapQueryable(tx)));
}
