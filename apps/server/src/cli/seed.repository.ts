/** The demo data's SQL: agents, their configs and tasks made in bulk (thousands of rows per statement). */
import { sql } from "drizzle-orm";
import type { Db } from "../platform/db/client.js";
import { queryRows } from "../platform/db/rows.js";

/** Words the demo agents are made of; quoted into the statement, so they never hold a quote. */
export interface DemoWords {
  names: readonly string[];
  roles: readonly string[];
  kinds: readonly string[];
}

const textArray = (items: readonly string[]) => sql.raw(`array['${items.join("','")}']`);

/**
 * Agents `done + 1` to `done + n` of `total`, each with a config and `tasks` tasks, in one
 * statement; created_at spreads over the past so pages and sorting look real.
 */
export async function insertDemoAgents(
  db: Db,
  workspaceId: string,
  words: DemoWords,
  batch: { done: number; n: number; total: number; tasks: number },
) {
  const { done, n, total, tasks } = batch;
  await db.execute(sql`
    with a as (
      insert into agents (workspace_id, name, description, role, status, created_at, updated_at)
      select ${workspaceId},
        (${textArray(words.names)})[1 + (g % ${words.names.length})] || ' agent #' || (${done}::int + g),
        'Handles ' || lower((${textArray(words.names)})[1 + ((g * 7) % ${words.names.length})]) || ' requests for team ' || (g % 37),
        (${textArray(words.roles)})[1 + (g % ${words.roles.length})],
        case when g % 5 = 0 then 'inactive' else 'active' end,
        now() - ((${total - done}::int - g) * interval '1 minute'),
        now()
      from generate_series(1, ${n}) g
      returning id, workspace_id, created_at
    ), c as (
      insert into agent_configs (agent_id, workspace_id, temperature, price_input_per_1k, price_output_per_1k)
      select id, workspace_id, 0.2, 0.0005, 0.0015 from a
    )
    insert into agent_tasks (workspace_id, agent_id, title, kind, status, created_at, started_at, completed_at)
    select a.workspace_id, a.id, 'Task ' || t || ' of the day',
      (${textArray(words.kinds)})[1 + (t % ${words.kinds.length})],
      (array['pending','in_progress','completed','failed','completed'])[1 + (t % 5)],
      a.created_at + t * interval '1 second',
      case when t % 5 <> 0 then a.created_at + t * interval '1 second' end,
      case when t % 5 in (2, 3, 4) then a.created_at + (t + 1) * interval '1 second' end
    from a, generate_series(1, ${tasks}) t`);
}

/** Fresh planner statistics after a bulk load, one table a statement. */
export async function analyze(db: Db, tables: readonly string[]): Promise<void> {
  for (const t of tables) await db.execute(sql.raw(`analyze ${t}`));
}

export async function countLiveAgents(db: Db, workspaceId: string): Promise<number> {
  const [count] = await queryRows<{ agents: number }>(
    db,
    sql`select count(*)::int as agents from agents where workspace_id = ${workspaceId} and deleted_at is null`,
  );
  return count?.agents ?? 0;
}

/** The workspace's newest live agents' ids. */
export async function newestAgentIds(db: Db, workspaceId: string, limit: number): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select id from agents where workspace_id = ${workspaceId} and deleted_at is null order by created_at desc limit ${limit}`,
  );
  return rows.map((a) => a.id);
}
