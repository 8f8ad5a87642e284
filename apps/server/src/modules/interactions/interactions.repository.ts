import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../../platform/db/client.js";
import { queryRows } from "../../platform/db/rows.js";
import type { KeysetCursor } from "../../platform/http/cursor.js";

/** A validated interaction ready to write: ids chosen, defaults applied, workspace from the principal. */
export interface InteractionRow {
  id: string;
  workspaceId: string;
  agentId: string;
  taskId: string | null;
  sessionId: string | null;
  endUserId: string | null;
  createdAt: string;
  responseTimeMs: number;
  tokensIn: number;
  tokensOut: number;
  cost: number;
  userRating: number | null;
  input: string | null;
  output: string | null;
  metadata: string | null;
}

/** Live agents of the workspace among `ids`. */
export async function liveAgentIds(db: Db, workspaceId: string, ids: string[]): Promise<Set<string>> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select id from agents where workspace_id = ${workspaceId} and id = any(${sql.param(ids)}::uuid[]) and deleted_at is null`,
  );
  return new Set(rows.map((r) => r.id));
}

/**
 * One statement, hence one transaction: claims the idempotency keys, inserts the new interactions
 * (a multi-row INSERT from unnest'ed column arrays) and folds them into the daily rollups, with
 * exact unique users through agent_daily_users (per day) and agent_users (first/last day seen).
 * Returns the ids that were new.
 * Rows are ordered by key so concurrent flushes on several nodes take locks in the same order.
 */
/** An interaction's identity: ids are the client's, unique per workspace. */
export const rowKey = (r: { workspaceId: string; id: string }) => `${r.workspaceId}/${r.id}`;

/** Inserts the rows whose ids their workspace has not used yet; returns their `rowKey`s. */
export async function insertInteractions(db: Db, all: InteractionRow[]): Promise<Set<string>> {
  // A repeated id inside the batch would reach the INSERT twice: the first occurrence wins.
  const byId = new Map<string, InteractionRow>();
  for (const r of all) if (!byId.has(rowKey(r))) byId.set(rowKey(r), r);
  const rows = [...byId.values()];
  const col = <K extends keyof InteractionRow>(k: K) => rows.map((r) => r[k]);
  // Ids, timestamps and numbers need no quoting: one literal built here instead of the driver
  // escaping every element (measured: the driver's array encoding was a visible share of a flush).
  const lit = <K extends keyof InteractionRow>(k: K) => `{${rows.map((r) => r[k] ?? "NULL").join(",")}}`;
  const inserted = await queryRows<{ id: string; workspace_id: string }>(
    db,
    sql`
    with input as (
      select * from unnest(
        ${lit("id")}::uuid[], ${lit("workspaceId")}::uuid[], ${lit("agentId")}::uuid[], ${lit("taskId")}::uuid[],
        ${sql.param(col("sessionId"))}::text[], ${sql.param(col("endUserId"))}::text[], ${lit("createdAt")}::timestamptz[],
        ${lit("responseTimeMs")}::int[], ${lit("tokensIn")}::int[], ${lit("tokensOut")}::int[],
        ${lit("cost")}::numeric[], ${lit("userRating")}::smallint[], ${sql.param(col("input"))}::text[],
        ${sql.param(col("output"))}::text[], ${sql.param(col("metadata"))}::jsonb[]
      ) as t(id, workspace_id, agent_id, task_id, session_id, end_user_id, created_at, response_time_ms,
             tokens_in, tokens_out, cost, user_rating, input, output, metadata)
    ), keys as (
      insert into interaction_keys (id, workspace_id, created_at)
      select id, workspace_id, created_at from input order by workspace_id, id
      on conflict (workspace_id, id) do nothing
      returning id, workspace_id
    ), ins as (
      insert into interactions (id, workspace_id, agent_id, task_id, session_id, end_user_id, created_at,
        response_time_ms, tokens_in, tokens_out, cost, user_rating, input, output, metadata)
      select i.id, i.workspace_id, i.agent_id, i.task_id, i.session_id, i.end_user_id, i.created_at,
        i.response_time_ms, i.tokens_in, i.tokens_out, i.cost, i.user_rating, i.input, i.output, i.metadata
      from input i join keys k on k.id = i.id and k.workspace_id = i.workspace_id
      returning workspace_id, agent_id, (created_at at time zone 'UTC')::date as day, end_user_id,
        response_time_ms, tokens_in + tokens_out as tokens, cost, user_rating
    ), new_users as (
      insert into agent_daily_users (workspace_id, agent_id, day, end_user_id)
      select distinct workspace_id, agent_id, day, end_user_id from ins where end_user_id is not null
      order by agent_id, day, end_user_id
      on conflict do nothing
      returning agent_id, day
    ), seen as (
      insert into agent_users as au (workspace_id, agent_id, end_user_id, first_day, last_day)
      select workspace_id, agent_id, end_user_id, min(day), max(day) from ins where end_user_id is not null
      group by workspace_id, agent_id, end_user_id
      order by agent_id, end_user_id
      on conflict (agent_id, end_user_id) do update set
        first_day = least(au.first_day, excluded.first_day), last_day = greatest(au.last_day, excluded.last_day)
      where au.last_day < excluded.last_day or au.first_day > excluded.first_day
    ), user_counts as (
      select agent_id, day, count(*)::int as n from new_users group by agent_id, day
    ), rollup as (
      insert into agent_daily_stats as s (workspace_id, agent_id, day, interactions, unique_users, response_time_sum,
        positive_ratings, negative_ratings, rating_sum, tokens, cost)
      select d.workspace_id, d.agent_id, d.day, count(*), coalesce(max(u.n), 0), sum(d.response_time_ms),
        count(*) filter (where d.user_rating >= 4), count(*) filter (where d.user_rating < 4),
        coalesce(sum(d.user_rating), 0), sum(d.tokens), sum(d.cost)
      from ins d left join user_counts u on u.agent_id = d.agent_id and u.day = d.day
      group by d.workspace_id, d.agent_id, d.day
      order by d.agent_id, d.day
      on conflict (agent_id, day) do update set
        interactions = s.interactions + excluded.interactions,
        unique_users = s.unique_users + excluded.unique_users,
        response_time_sum = s.response_time_sum + excluded.response_time_sum,
        positive_ratings = s.positive_ratings + excluded.positive_ratings,
        negative_ratings = s.negative_ratings + excluded.negative_ratings,
        rating_sum = s.rating_sum + excluded.rating_sum,
        tokens = s.tokens + excluded.tokens,
        cost = s.cost + excluded.cost
    )
    select id, workspace_id from keys`,
  );
  return new Set(inserted.map((r) => rowKey({ workspaceId: r.workspace_id, id: r.id })));
}

/**
 * Sets or clears a rating and moves the rollup counts to match, in one statement. The row lock
 * (FOR UPDATE) makes concurrent re-ratings of one interaction apply one after the other.
 */
export async function rateInteraction(db: Db, workspaceId: string, id: string, rating: number | null) {
  const rows = await queryRows<{ id: string; agent_id: string; old_rating: number | null }>(
    db,
    sql`
    with k as (
      select created_at from interaction_keys where id = ${id} and workspace_id = ${workspaceId}
    ), old as (
      select i.id, i.agent_id, i.created_at, i.user_rating
      from interactions i join k on i.created_at = k.created_at
      where i.id = ${id} and i.workspace_id = ${workspaceId}
      for update of i
    ), upd as (
      update interactions i set user_rating = ${rating}::smallint
      from old where i.id = old.id and i.created_at = old.created_at and i.workspace_id = ${workspaceId}
      returning i.id
    ), rollup as (
      update agent_daily_stats s set
        positive_ratings = s.positive_ratings + (case when ${rating}::int >= 4 then 1 else 0 end)
                                              - (case when old.user_rating >= 4 then 1 else 0 end),
        negative_ratings = s.negative_ratings + (case when ${rating}::int < 4 then 1 else 0 end)
                                              - (case when old.user_rating < 4 then 1 else 0 end),
        rating_sum = s.rating_sum + coalesce(${rating}::int, 0) - coalesce(old.user_rating, 0)
      from old
      where s.agent_id = old.agent_id and s.day = (old.created_at at time zone 'UTC')::date
    )
    select old.id, old.agent_id, old.user_rating as old_rating from old`,
  );
  return rows[0];
}

export interface InteractionFilter {
  workspaceId: string;
  agentId?: string;
  sessionId?: string;
  endUserId?: string;
  from?: string;
  to?: string;
  minRating?: number;
}

export type InteractionDbRow = {
  id: string;
  agent_id: string;
  agent_name: string | null;
  task_id: string | null;
  session_id: string | null;
  end_user_id: string | null;
  created_at: string;
  response_time_ms: number;
  tokens_in: number;
  tokens_out: number;
  cost: string;
  user_rating: number | null;
  input: string | null;
  output: string | null;
  metadata: unknown;
};

function filterSql(f: InteractionFilter): SQL {
  const parts: SQL[] = [sql`workspace_id = ${f.workspaceId}`];
  if (f.agentId) parts.push(sql`agent_id = ${f.agentId}`);
  if (f.sessionId) parts.push(sql`session_id = ${f.sessionId}`);
  if (f.endUserId) parts.push(sql`end_user_id = ${f.endUserId}`);
  // `to` is a whole UTC day, inclusive.
  if (f.from) parts.push(sql`created_at >= ${f.from}::date::timestamp at time zone 'UTC'`);
  if (f.to) parts.push(sql`created_at < (${f.to}::date + 1)::timestamp at time zone 'UTC'`);
  if (f.minRating) parts.push(sql`user_rating >= ${f.minRating}`);
  return sql.join(parts, sql` and `);
}

/**
 * Newest first, keyset on (created_at, id); partitions outside the range are pruned. The page is
 * chosen first, then each of its rows looks its agent's name up by primary key (deleted agents too:
 * their interactions stay).
 */
export async function listInteractions(db: Db, f: InteractionFilter, cursor: KeysetCursor | null, limit: number) {
  const after = cursor ? sql`and (created_at, id) < (${cursor.ts}::timestamptz, ${cursor.id}::uuid)` : sql``;
  return queryRows<InteractionDbRow>(
    db,
    sql`select p.*, a.name as agent_name
        from (select id, agent_id, task_id, session_id, end_user_id, created_at, response_time_ms, tokens_in, tokens_out,
                cost, user_rating, input, output, metadata
              from interactions where ${filterSql(f)} ${after}
              order by created_at desc, id desc limit ${limit}) p
        left join agents a on a.id = p.agent_id and a.workspace_id = ${f.workspaceId}
        order by p.created_at desc, p.id desc`,
  );
}

/** Monthly partitions of interactions, by name (interactions_YYYY_MM). */
export async function listPartitions(db: Db): Promise<string[]> {
  const rows = await queryRows<{ name: string }>(
    db,
    sql`select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
        where i.inhparent = 'interactions'::regclass and c.relname ~ '^interactions_[0-9]{4}_[0-9]{2}$'
        order by 1`,
  );
  return rows.map((r) => r.name);
}

/**
 * Drops raw data older than `cutoff` (a month start): whole partitions, old rows of the default
 * partition, and their idempotency keys. Rollups are kept, so analytics of old days stay.
 */
export async function dropRawBefore(db: Db, cutoff: string, partitions: string[]) {
  return db.transaction(async (tx) => {
    for (const name of partitions) await tx.execute(sql`drop table if exists ${sql.identifier(name)}`);
    const [fromDefault] = await queryRows<{ n: number }>(
      tx,
      sql`with d as (delete from interactions_default where created_at < ${cutoff}::date::timestamp at time zone 'UTC' returning 1)
          select count(*)::int as n from d`,
    );
    const [keys] = await queryRows<{ n: number }>(
      tx,
      sql`with d as (delete from interaction_keys where created_at < ${cutoff}::date::timestamp at time zone 'UTC' returning 1)
          select count(*)::int as n from d`,
    );
    return { defaultRows: fromDefault?.n ?? 0, keys: keys?.n ?? 0 };
  });
}
