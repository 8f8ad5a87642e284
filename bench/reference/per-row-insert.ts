/**
 * The seed's write path for an interaction: `session.add(row)` then `commit()` — one INSERT and one
 * transaction per interaction. Ported as a plain autocommit INSERT into our table (it writes
 * neither the idempotency key nor the rollups ours maintain, so it does less work per row than
 * ours); kept only as the reference our batched ingestion is measured against.
 */
import type pg from "pg";

export interface InteractionRow {
  id: string;
  workspaceId: string;
  agentId: string;
  sessionId: string;
  endUserId: string;
  responseTimeMs: number;
  tokensIn: number;
  tokensOut: number;
  cost: number;
  userRating: number | null;
}

export const insertOne = (pool: pg.Pool, r: InteractionRow) =>
  pool.query(
    `insert into interactions (id, workspace_id, agent_id, session_id, end_user_id, created_at, response_time_ms, tokens_in, tokens_out, cost, user_rating)
     values ($1, $2, $3, $4, $5, now(), $6, $7, $8, $9, $10)`,
    [r.id, r.workspaceId, r.agentId, r.sessionId, r.endUserId, r.responseTimeMs, r.tokensIn, r.tokensOut, r.cost, r.userRating],
  );
