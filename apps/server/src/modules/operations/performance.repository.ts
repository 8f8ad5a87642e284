/** What the Performance page reads from the database besides its history (perf-history.repository.ts). */
import { sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client.js";
import { queryRows } from "../../platform/db/rows.js";

export async function countActiveAgents(db: Db): Promise<number> {
  const [agents] = await queryRows<{ active: number }>(
    db,
    sql`select count(*)::int as active from agents where status = 'active' and deleted_at is null`,
  );
  return agents?.active ?? 0;
}

/** PostgreSQL's own statistics of the costliest statements; null when the server has no pg_stat_statements. */
export async function serverStatementStats(db: Db) {
  return queryRows<{ query: string; calls: number; total_ms: number; max_ms: number }>(
    db,
    sql`
    select query, calls::int, round(total_exec_time::numeric, 2)::float8 as total_ms, round(max_exec_time::numeric, 2)::float8 as max_ms
    from pg_stat_statements order by total_exec_time desc limit 20`,
  ).catch(() => null);
}
