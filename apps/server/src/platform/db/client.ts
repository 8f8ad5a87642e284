import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import pg from "pg";
import * as schema from "../../../db/schema.js";
import { charge, recordStatement, timed, type SqlStats } from "./accounting.js";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
  max: number;
}

export interface Database {
  /** The shared handle: background work, migrations; charged to no request. */
  db: Db;
  /** A handle whose statements are also charged to `stats` (one per request, made on first use). */
  scoped(stats: SqlStats): Db;
  kind: "postgres" | "pglite";
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

/** Reports every statement a pooled client runs to the process-wide listeners (promise and callback forms). */
function instrumentClient(client: pg.PoolClient): void {
  const original = client.query.bind(client) as QueryFn;
  const wrapped: QueryFn = (...args) => {
    const start = performance.now();
    const done = () => recordStatement(performance.now() - start, sqlText(args[0]));
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
    scoped: (stats) => drizzlePg(chargingPool(pool, stats), { schema }),
    kind: "postgres",
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: opts.poolSize }),
    close: () => pool.end(),
  };
}

/**
 * The embedded database is one process's at a time (two would corrupt it): a lock file names the
 * process that has it open; another process is refused with what to do.
 */
function lockDataDir(dataDir: string): () => void {
  const lock = `${dataDir}/open.pid`;
  const holder = Number(readFileSync(lock, { encoding: "utf8", flag: "a+" }).trim());
  if (holder && holder !== process.pid && isAlive(holder))
    throw new Error(
      `The embedded database in ${dataDir} is open in another process (pid ${holder}, probably the server): stop it first (Ctrl+C in its terminal), then try again`,
    );
  writeFileSync(lock, String(process.pid));
  return () => rmSync(lock, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function openPglite(dataDir: string): Promise<Database> {
  mkdirSync(dataDir, { recursive: true });
  const unlock = lockDataDir(dataDir);
  // PGlite (a WebAssembly PostgreSQL) is loaded only by the nodes that use it.
  const [{ PGlite }, { pg_trgm }, { drizzle: drizzlePglite }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("@electric-sql/pglite/contrib/pg_trgm"),
    import("drizzle-orm/pglite"),
  ]);
  const client = await PGlite.create(`${dataDir}/pglite`, { extensions: { pg_trgm } });
  await client.exec("SET TIME ZONE 'UTC'");
  instrumentPglite(client);
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    scoped: (stats) =>
      drizzlePglite(
        chargingQueryable(client, (ms) => charge(stats, ms)),
        { schema },
      ),
    kind: "pglite",
    // PGlite is one in-process connection; statements queue on it.
    poolStats: () => ({ total: 1, idle: 1, waiting: 0, max: 1 }),
    close: async () => {
      await client.close();
      unlock();
    },
  };
}

/** A view of `target` whose own methods run on the target, with some replaced. */
function overriding<T extends object>(target: T, overrides: Partial<Record<keyof T, unknown>>): T {
  return new Proxy(target, {
    get(t, prop, receiver) {
      if (prop in overrides) return overrides[prop as keyof T];
      const value = Reflect.get(t, prop, receiver) as unknown;
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(t) : value;
    },
  });
}

/** The pool as drizzle sees it for one request: its statements (and those of checked-out clients) are charged. */
function chargingPool(pool: pg.Pool, stats: SqlStats): pg.Pool {
  const chargedQuery = (target: { query: QueryFn }) =>
    timed(
      (...args: unknown[]) => target.query(...args) as Promise<unknown>,
      (ms) => charge(stats, ms),
    );
  return overriding(pool, {
    query: chargedQuery(pool as unknown as { query: QueryFn }),
    connect: async () => {
      const client = await pool.connect();
      return overriding(client, { query: chargedQuery(client as unknown as { query: QueryFn }) });
    },
  });
}

type Queryable = Pick<PGlite, "query" | "exec">;

/** `target` with query and exec timed into `done`; transactions hand out a timed transaction. */
function chargingQueryable<T extends Queryable>(target: T, done: (ms: number, sql: unknown) => void): T {
  const overrides: Partial<Record<keyof T, unknown>> = {
    query: timed(target.query.bind(target) as (...args: unknown[]) => Promise<unknown>, done),
    exec: timed(target.exec.bind(target) as (...args: unknown[]) => Promise<unknown>, done),
  } as Partial<Record<keyof T, unknown>>;
  if ("transaction" in target && typeof target.transaction === "function") {
    const transaction = (target.transaction as PGlite["transaction"]).bind(target);
    (overrides as Record<string, unknown>).transaction = (fn: (tx: Queryable) => Promise<unknown>) =>
      transaction((tx) => fn(chargingQueryable(tx, done)));
  }
  return overriding(target, overrides);
}

/** Every statement on the shared PGlite connection goes to the process-wide listeners. */
function instrumentPglite(client: PGlite): void {
  const done = (ms: number, sql: unknown) => recordStatement(ms, sqlText(sql));
  const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
  const exec = client.exec.bind(client) as (...args: unknown[]) => Promise<unknown>;
  client.query = timed(query, done) as PGlite["query"];
  client.exec = timed(exec, done) as PGlite["exec"];
  const transaction = client.transaction.bind(client);
  client.transaction = (fn) => transaction((tx) => fn(chargingQueryable(tx, done)));
}
