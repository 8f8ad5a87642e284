/**
 * Maintenance's SQL: the runs (`maintenance_runs`), the lock that keeps one run at a time across the
 * cluster, what the steps do to the database (vacuum, expired sign-ins) and the numbers a run reads
 * (its before-and-after snapshot, the monthly report's daily trend).
 */
import { desc, eq, sql } from "drizzle-orm";
import { maintenanceRuns } from "../../../db/schema.js";
import type { Database, Db } from "../../platform/db/client.js";
import { jsonb, nowIf, updateColumns } from "../../platform/db/patch.js";
import { queryRows } from "../../platform/db/rows.js";

export type MaintenanceRunRow = typeof maintenanceRuns.$inferSelect;

const LOCK_KEY = 7_210_402; // pg advisory lock: one maintenance run in the whole cluster

export async function insertRun(db: Db, trigger: string): Promise<string> {
  const [row] = await queryRows<{ id: string }>(db, sql`insert into maintenance_runs (trigger) values (${trigger}) returning id`);
  return row!.id;
}

export interface RunPatch {
  status?: string;
  steps?: unknown;
  findings?: unknown;
  impact?: unknown;
  error?: string | null;
  started?: boolean;
  finished?: boolean;
}

/** Writes the parts of a run that are given (undefined leaves a column alone). */
export async function updateRun(db: Db, id: string, patch: RunPatch): Promise<void> {
  await updateColumns(db, "maintenance_runs", id, {
    status: patch.status,
    steps: jsonb(patch.steps),
    findings: jsonb(patch.findings),
    impact: jsonb(patch.impact),
    error: patch.error,
    started_at: nowIf(patch.started),
    finished_at: nowIf(patch.finished),
  });
}

export async function runStatus(db: Db, id: string): Promise<string | undefined> {
  const [row] = await queryRows<{ status: string }>(db, sql`select status from maintenance_runs where id = ${id}`);
  return row?.status;
}

/** A run queued or running in the last hour (an older one was lost with its process). */
export async function findBusyRun(db: Db): Promise<string | undefined> {
  const [busy] = await queryRows<{ id: string }>(
    db,
    sql`select id from maintenance_runs where status in ('queued', 'running') and created_at > now() - interval '1 hour' limit 1`,
  );
  return busy?.id;
}

/** How long the last successful run took, in ms (null before the first). */
export async function lastRunMs(db: Db): Promise<number | null> {
  const [last] = await queryRows<{ ms: number | null }>(
    db,
    sql`
    select extract(epoch from (finished_at - started_at)) * 1000 as ms from maintenance_runs where status = 'succeeded' order by created_at desc limit 1`,
  );
  return last?.ms ?? null;
}

export async function listRuns(db: Db, limit: number): Promise<MaintenanceRunRow[]> {
  return db.select().from(maintenanceRuns).orderBy(desc(maintenanceRuns.createdAt)).limit(limit);
}

export async function findRun(db: Db, id: string): Promise<MaintenanceRunRow | undefined> {
  const [row] = await db.select().from(maintenanceRuns).where(eq(maintenanceRuns.id, id));
  return row;
}

/**
 * Runs `work` holding the cluster-wide maintenance lock, with `locked` false when another node holds
 * it. The lock lives as long as this transaction; `work` runs its statements on other pool connections.
 */
export async function withClusterLock(db: Db, work: (locked: boolean) => Promise<unknown>): Promise<void> {
  await db.transaction(async (tx) => {
    const [lock] = await queryRows<{ locked: boolean }>(tx, sql`select pg_try_advisory_xact_lock(${LOCK_KEY}) as locked`);
    await work(lock?.locked ?? false);
  });
}

/** The database's share of a run's before-and-after snapshot (its size only on PostgreSQL). */
export async function databaseCounts(
  database: Database,
): Promise<{ sessions: number; samples: number; db_bytes: number | null } | undefined> {
  const [counts] = await queryRows<{ sessions: number; samples: number; db_bytes: number | null }>(
    database.db,
    sql`
    select (select count(*) from sessions)::int as sessions, (select count(*) from perf_samples)::int as samples,
      ${database.kind === "postgres" ? sql`pg_database_size(current_database())::float8` : sql`null::float8`} as db_bytes`,
  );
  return counts;
}

export async function vacuumAnalyze(db: Db, tables: readonly string[]): Promise<void> {
  for (const t of tables) await db.execute(sql.raw(`vacuum (analyze) ${t}`));
}

/** Deletes expired sessions and sign-in links; counts each. */
export async function removeExpiredSignIns(db: Db): Promise<{ sessions: number; links: number }> {
  const [r] = await queryRows<{ n: number; links: number }>(
    db,
    sql`
    with d as (delete from sessions where expires_at < now() returning 1),
      c as (delete from login_challenges where expires_at < now() returning 1),
      -- Kept a day past expiry, so a late click is told "expired" rather than "not valid".
      p as (delete from password_resets where expires_at < now() - interval '1 day' returning 1)
    select (select count(*)::int from d) as n, (select count(*)::int from c) + (select count(*)::int from p) as links`,
  );
  return { sessions: r?.n ?? 0, links: r?.links ?? 0 };
}

/** The last 30 days of hourly samples, averaged per day. */
export async function dailyTrend(db: Db) {
  return queryRows<{ day: string; p95: number; rps: number; cpu: number; hit: number }>(
    db,
    sql`
    select date_trunc('day', ts)::date::text as day, avg((data->>'p95Ms')::float8) as p95, avg((data->>'requestsPerSecond')::float8) as rps,
      avg((data->>'cpuPercent')::float8) as cpu, avg((data->>'cacheHitRate')::float8) as hit
    from perf_samples where resolution = '1h' and ts >= now() - interval '30 days' group by 1 order by 1`,
  );
}
