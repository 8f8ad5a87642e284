import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import type { NodePgDatabase } from "drizzle-orm/node-postgres";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import type { Database, Db, Schema } from "./client.js";
import { queryRows } from "./rows.js";

export const migrationsFolder = fileURLToPath(new URL("../../../db/migrations", import.meta.url));

/** Applies the committed migrations (same SQL on PostgreSQL and PGlite), then ensures partitions. */
export async function migrate(database: Database): Promise<void> {
  // One migrator at a time across nodes: concurrent start-ups would race on CREATE TABLE.
  if (database.kind === "postgres") {
    const db = database.db as unknown as NodePgDatabase<Schema>;
    const { migrate: migratePg } = await import("drizzle-orm/node-postgres/migrator");
    await db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(727001)`);
      await migratePg(tx as unknown as NodePgDatabase<Schema>, { migrationsFolder });
    });
  } else {
    const { migrate: migratePglite } = await import("drizzle-orm/pglite/migrator");
    await migratePglite(database.db as unknown as PgliteDatabase<Schema>, { migrationsFolder });
  }
  await ensurePartitions(database);
}

/**
 * Partitions are made by one node at a time: nodes starting together on a new database would each
 * find a month missing and create it, and all but one would fail on "already exists".
 */
function oneNodeAtATime<T>(database: Database, run: (db: Db) => Promise<T>): Promise<T> {
  if (database.kind !== "postgres") return run(database.db);
  return database.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(727002)`);
    return run(tx);
  });
}

/** Monthly partitions of `interactions` from last month to three months ahead. */
export async function ensurePartitions(database: Database, from = new Date()): Promise<number> {
  const start = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() - 1, 1)).toISOString().slice(0, 10);
  const res = await oneNodeAtATime(database, (db) =>
    queryRows<{ created: number }>(db, sql`select ensure_interaction_partitions(${start}::date, 5) as created`),
  );
  return Number(res[0]?.created ?? 0);
}

/**
 * The partition for the month of `day` (YYYY-MM-DD). If the default partition already holds rows of
 * that month, PostgreSQL refuses; those rows then simply stay in the default partition.
 */
export async function ensurePartitionFor(database: Database, day: string): Promise<void> {
  try {
    await oneNodeAtATime(database, (db) => db.execute(sql`select ensure_interaction_partitions(${day}::date, 1)`));
  } catch (err) {
    if (!/would be violated by some row|updated partition constraint/i.test(String((err as Error).cause ?? err))) throw err;
  }
}
