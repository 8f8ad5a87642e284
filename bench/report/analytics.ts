/**
 * 30 days of daily analytics for the busiest agent: the seed's GROUP BY over raw interactions
 * beside our rollups (the service's uncached path), same database, taking turns per round.
 */
import { sql } from "drizzle-orm";
import { createAnalyticsService } from "../../apps/server/src/modules/analytics/index.js";
import { Cache } from "../../apps/server/src/platform/cache/cache.js";
import { queryRows } from "../../apps/server/src/platform/db/rows.js";
import { summarize } from "../lib.js";
import { rawDailyAnalytics } from "../reference/raw-analytics.js";
import type { BenchContext } from "./context.js";
import { timeRuns, type Row } from "./row.js";

export async function measureAnalytics(ctx: BenchContext, rounds = 20): Promise<Row[]> {
  const { db } = ctx.database;
  // As autovacuum or the maintenance run would after a bulk load: keeps index-only scans index-only.
  for (const table of ["agent_daily_users", "agent_users", "agent_daily_stats", "interactions"])
    await db.execute(sql.raw(`vacuum analyze ${table}`));
  const [top] = await queryRows<{ agent_id: string }>(
    db,
    sql`select agent_id from agent_daily_stats group by agent_id order by sum(interactions) desc limit 1`,
  );
  const agentId = top!.agent_id;
  const to = new Date().toISOString().slice(0, 10);
  const from = new Date(Date.now() - 29 * 86_400_000).toISOString().slice(0, 10);
  const [rows] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from interactions where agent_id = ${agentId} and created_at >= ${from}::date`,
  );
  const analytics = createAnalyticsService(db, new Cache({ l1MaxBytes: 1_048_576, nodeId: "bench", enabled: false }));

  const raw: number[] = [];
  const ours: number[] = [];
  for (let r = 0; r < rounds; r++) {
    raw.push(...(await timeRuns(1, () => rawDailyAnalytics(db, agentId, from, to))));
    ours.push(...(await timeRuns(1, () => analytics.agent(db, ctx.workspaceId, agentId, { period: "daily", from, to }))));
  }
  const [s, o] = [summarize(raw), summarize(ours)];
  ctx.log(
    `  analytics: raw GROUP BY p50 ${s.p50.toFixed(2)} ms, rollups ${o.p50.toFixed(2)} ms (${rows!.n.toLocaleString("en-US")} rows in range)`,
  );
  return [
    {
      area: "Agent analytics, 30 days",
      seedTechnique: "GROUP BY over raw interactions",
      ourTechnique: "daily rollups, no cache",
      seed: s.p50,
      ours: o.p50,
      unit: "ms",
      better: "lower",
      note: `busiest agent, ${rows!.n.toLocaleString("en-US")} interactions in range; p50`,
    },
  ];
}
