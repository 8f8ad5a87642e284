/**
 * Rollup reconciliation: the daily stats recomputed from the raw interactions they summarize (for
 * the days raw data is kept), compared, and repaired where they drifted — in one statement.
 */
import { sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client.js";
import { queryRows } from "../../platform/db/rows.js";

const COLUMNS = [
  "interactions",
  "unique_users",
  "response_time_sum",
  "positive_ratings",
  "negative_ratings",
  "rating_sum",
  "tokens",
  "cost",
] as const;

export async function reconcileRollups(db: Db, retentionMonths: number) {
  const now = new Date();
  const from =
    retentionMonths > 0
      ? new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - retentionMonths, 1)).toISOString().slice(0, 10)
      : "1970-01-01";
  const rows = await queryRows<{
    agent_id: string;
    day: string;
    kind: string;
    was: Record<string, unknown> | null;
    now: Record<string, unknown> | null;
    checked: number;
  }>(
    db,
    sql`
    with truth as (
      select workspace_id, agent_id, (created_at at time zone 'UTC')::date as day, count(*)::int as interactions,
        count(distinct end_user_id)::int as unique_users, sum(response_time_ms)::bigint as response_time_sum,
        (count(*) filter (where user_rating >= 4))::int as positive_ratings, (count(*) filter (where user_rating < 4))::int as negative_ratings,
        coalesce(sum(user_rating), 0)::int as rating_sum, sum(tokens_in + tokens_out)::bigint as tokens, sum(cost)::numeric(24, 12) as cost
      from interactions where created_at >= ${from}::date group by 1, 2, 3
    ), drift as (
      select coalesce(t.agent_id, s.agent_id) as agent_id, coalesce(t.day, s.day) as day,
        case when s.agent_id is null then 'missing' when t.agent_id is null then 'orphan' else 'drifted' end as kind,
        case when s.agent_id is null then null else jsonb_build_object(${sql.raw(COLUMNS.map((c) => `'${c}', s.${c}`).join(", "))}) end as was,
        case when t.agent_id is null then null else jsonb_build_object(${sql.raw(COLUMNS.map((c) => `'${c}', t.${c}`).join(", "))}) end as now
      from truth t full join (select * from agent_daily_stats where day >= ${from}::date) s on s.agent_id = t.agent_id and s.day = t.day
      where s.agent_id is null or t.agent_id is null
        or (${sql.raw(COLUMNS.map((c) => `s.${c}`).join(", "))}) is distinct from (${sql.raw(COLUMNS.map((c) => `t.${c}`).join(", "))})
    ), repaired as (
      insert into agent_daily_stats as s (workspace_id, agent_id, day, ${sql.raw(COLUMNS.join(", "))})
      select t.workspace_id, t.agent_id, t.day, ${sql.raw(COLUMNS.map((c) => `t.${c}`).join(", "))}
      from truth t join drift d on d.agent_id = t.agent_id and d.day = t.day
      on conflict (agent_id, day) do update set ${sql.raw(COLUMNS.map((c) => `${c} = excluded.${c}`).join(", "))}
      returning 1
    ), removed as (
      delete from agent_daily_stats s using drift d where d.kind = 'orphan' and s.agent_id = d.agent_id and s.day = d.day returning 1
    )
    select d.agent_id, d.day::text as day, d.kind, d.was, d.now, (select count(*)::int from truth) as checked
    from drift d order by d.day, d.agent_id`,
  );
  const checked =
    rows[0]?.checked ??
    (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from agent_daily_stats where day >= ${from}::date`))[0]?.n ??
    0;
  return {
    from,
    checkedDays: checked,
    drifted: rows.length,
    repaired: rows.filter((r) => r.kind !== "orphan").length,
    removedOrphans: rows.filter((r) => r.kind === "orphan").length,
    examples: rows.slice(0, 10).map((r) => ({ agentId: r.agent_id, day: r.day, kind: r.kind, was: r.was, now: r.now })),
  };
}
