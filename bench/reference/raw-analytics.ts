/**
 * The seed's analytics query (`get_agent_analytics_optimized`): a GROUP BY over the raw
 * interactions of one agent and date range, on every request. Ported to our column names; kept
 * only as the reference our rollups are measured against.
 */
import { sql } from "drizzle-orm";
import type { Db } from "../../apps/server/src/platform/db/client.js";

/** `from` and `to` are UTC dates (YYYY-MM-DD), both included. */
export const rawDailyAnalytics = (db: Db, agentId: string, from: string, to: string) =>
  db.execute(sql`
    SELECT DATE(ai.created_at) as date, COUNT(*) as total_interactions, COUNT(DISTINCT ai.end_user_id) as unique_users,
      AVG(ai.response_time_ms) as avg_response_time,
      COUNT(CASE WHEN ai.user_rating >= 4 THEN 1 END) as positive_ratings,
      COUNT(CASE WHEN ai.user_rating < 4 THEN 1 END) as negative_ratings,
      SUM(ai.tokens_in + ai.tokens_out) as total_tokens, SUM(ai.cost) as total_cost
    FROM interactions ai
    WHERE ai.agent_id = ${agentId}
      AND ai.created_at >= ${from}::date::timestamp at time zone 'UTC'
      AND ai.created_at < (${to}::date + 1)::timestamp at time zone 'UTC'
    GROUP BY DATE(ai.created_at) ORDER BY date DESC`);
