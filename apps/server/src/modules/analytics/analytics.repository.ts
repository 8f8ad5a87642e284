import { sql } from "drizzle-orm";
import type { Period } from "@vta/contracts";
import type { Db } from "../../platform/db/client.js";
import { queryRows } from "../../platform/db/rows.js";

export type BucketRow = {
  bucket: string;
  interactions: number;
  unique_users: number;
  response_time_sum: number;
  positive: number;
  negative: number;
  tokens: number;
  cost: number;
  total_unique_users: number;
};

const UNIT: Record<Period, string> = { daily: "day", weekly: "week", monthly: "month" };

/**
 * One statement over the rollups, O(days): every bucket of the range (zeros where empty), newest
 * first. Daily unique users come from the rollup row; weekly/monthly buckets and the range total
 * count distinct users in agent_daily_users (exact, one row per user and day, never raw rows).
 * No rows at all means the agent is not a live agent of the workspace.
 */
export async function agentBuckets(db: Db, q: { workspaceId: string; agentId: string; period: Period; from: string; to: string }) {
  const unit = UNIT[q.period];
  const uniques =
    q.period === "daily"
      ? sql`select null::date as bucket, null::bigint as n where false`
      : sql`select date_trunc(${unit}, day)::date as bucket, count(distinct end_user_id) as n
            from agent_daily_users where agent_id = ${q.agentId} and day between ${q.from}::date and ${q.to}::date
            group by 1`;
  return queryRows<BucketRow>(
    db,
    sql`
    with a as (
      select id from agents where id = ${q.agentId} and workspace_id = ${q.workspaceId} and deleted_at is null
    ), buckets as (
      select generate_series(date_trunc(${unit}, ${q.from}::date), date_trunc(${unit}, ${q.to}::date), ('1 ' || ${unit})::interval)::date as bucket
    ), s as (
      select date_trunc(${unit}, day)::date as bucket, sum(interactions) as interactions, sum(unique_users) as unique_users,
        sum(response_time_sum) as response_time_sum, sum(positive_ratings) as positive, sum(negative_ratings) as negative,
        sum(tokens) as tokens, sum(cost) as cost
      from agent_daily_stats where agent_id = ${q.agentId} and day between ${q.from}::date and ${q.to}::date
      group by 1
    ), u as (${uniques})
    select to_char(b.bucket, 'YYYY-MM-DD') as bucket,
      coalesce(s.interactions, 0)::float8 as interactions,
      coalesce(u.n, s.unique_users, 0)::float8 as unique_users,
      coalesce(s.response_time_sum, 0)::float8 as response_time_sum,
      coalesce(s.positive, 0)::float8 as positive, coalesce(s.negative, 0)::float8 as negative,
      coalesce(s.tokens, 0)::float8 as tokens, coalesce(s.cost, 0)::float8 as cost,
      (${rangeUniques(q)})::float8 as total_unique_users
    from buckets b left join s on s.bucket = b.bucket left join u on u.bucket = b.bucket
    where exists (select 1 from a)
    order by b.bucket desc`,
  );
}

/**
 * Distinct end users of an agent active in [from, to]. A range reaching today is answered from
 * agent_users (users whose last day seen is ≥ from: an index range count); an older range counts
 * distinct users over its user-days.
 */
function rangeUniques(q: { agentId: string; from: string; to: string }) {
  return q.to >= todayUtc()
    ? sql`select count(*) from agent_users where agent_id = ${q.agentId} and last_day >= ${q.from}::date`
    : sql`select count(distinct end_user_id) from agent_daily_users
          where agent_id = ${q.agentId} and day between ${q.from}::date and ${q.to}::date`;
}

export const todayUtc = () => new Date().toISOString().slice(0, 10);

export type SummaryRow = {
  interactions: number;
  response_time_sum: number;
  cost: number;
  rating_sum: number;
  rated: number;
  unique_users: number;
  active_agents: number;
};

/** Workspace totals over a day range, from the rollups. */
export async function workspaceSummary(db: Db, q: { workspaceId: string; from: string; to: string }) {
  const [row] = await queryRows<SummaryRow>(
    db,
    sql`
    select coalesce(sum(interactions), 0)::float8 as interactions,
      coalesce(sum(response_time_sum), 0)::float8 as response_time_sum,
      coalesce(sum(cost), 0)::float8 as cost,
      coalesce(sum(rating_sum), 0)::float8 as rating_sum,
      coalesce(sum(positive_ratings + negative_ratings), 0)::float8 as rated,
      (${
        q.to >= todayUtc()
          ? sql`select count(distinct end_user_id) from agent_users
                where agent_id in (select id from agents where workspace_id = ${q.workspaceId}) and last_day >= ${q.from}::date`
          : sql`select count(distinct end_user_id) from agent_daily_users
                where agent_id in (select id from agents where workspace_id = ${q.workspaceId})
                  and day between ${q.from}::date and ${q.to}::date`
      })::float8 as unique_users,
      (select count(*) from agents where workspace_id = ${q.workspaceId} and status = 'active' and deleted_at is null)::float8 as active_agents
    from agent_daily_stats where workspace_id = ${q.workspaceId} and day between ${q.from}::date and ${q.to}::date`,
  );
  return row!;
}
