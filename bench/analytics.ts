/**
 * 30-day agent analytics: our rollup query vs the seed's raw GROUP BY over interactions, side by
 * side in one run, at 1M and then 10M interactions (seeded through the real ingestion path).
 *   node --import tsx bench/analytics.ts [--sizes 1000000,10000000] [--reps 200]
 */
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { openDatabase } from "../apps/server/src/platform/db/client.js";
import { migrate } from "../apps/server/src/platform/db/migrate.js";
import { queryRows } from "../apps/server/src/platform/db/rows.js";
import { seedDemo } from "../apps/server/src/cli/seed.js";
import { createAnalyticsService } from "../apps/server/src/modules/analytics/index.js";
import { Cache } from "../apps/server/src/platform/cache/cache.js";
import { fmt, freshPostgres, summarize } from "./lib.js";
import { rawDailyAnalytics } from "./reference/raw-analytics.js";

const { values } = parseArgs({
  options: { sizes: { type: "string", default: "1000000,10000000" }, reps: { type: "string", default: "200" } },
});
const sizes = values.sizes.split(",").map(Number);
const REPS = Number(values.reps);

const pgdb = await freshPostgres();
const database = await openDatabase({ databaseUrl: pgdb.url, dataDir: "", poolSize: 4, statementTimeoutMs: 0 });
const creds = { email: "bench@example.test", password: "bench-password" };
const results: string[] = [];
try {
  await migrate(database);
  let seeded = 0;
  let workspaceId = "";
  for (const size of sizes) {
    const t = performance.now();
    const res = await seedDemo(database, { agents: seeded ? 0 : 50, tasks: 0, interactions: size - seeded, days: 90, ...creds }, (l) => {
      if (/in [\d.]+ s$/.test(l)) console.log(l);
    });
    workspaceId = res.workspaceId;
    seeded = size;
    console.log(`seeded ${size.toLocaleString("en-US")} interactions (${((performance.now() - t) / 1000).toFixed(0)} s)`);
    // As autovacuum (or the maintenance run) would: keeps index-only scans on the rollups index-only.
    for (const table of ["agent_daily_users", "agent_users", "agent_daily_stats"])
      await database.db.execute(sql.raw(`vacuum analyze ${table}`));

    const [top] = await queryRows<{ agent_id: string; n: number }>(
      database.db,
      sql`select agent_id, sum(interactions)::float8 as n from agent_daily_stats group by agent_id order by 2 desc limit 1`,
    );
    const agentId = top!.agent_id;
    const to = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.now() - 29 * 86_400_000).toISOString().slice(0, 10);
    // The rollup query itself is measured: `agent()` is the uncached path (the cache is not consulted).
    const analytics = createAnalyticsService(database.db, new Cache({ l1MaxBytes: 1_048_576, nodeId: "bench" }));

    const time = async (fn: () => Promise<unknown>, reps: number) => {
      await fn(); // warm the plan and the buffers
      const samples: number[] = [];
      for (let i = 0; i < reps; i++) {
        const t0 = performance.now();
        await fn();
        samples.push(performance.now() - t0);
      }
      return summarize(samples);
    };
    const ours = await time(() => analytics.agent(database.db, workspaceId, agentId, { period: "daily", from, to }), REPS);
    const raw = await time(() => rawDailyAnalytics(database.db, agentId, from, to), Math.max(5, Math.round(REPS / 20)));
    const weekly = await time(() => analytics.agent(database.db, workspaceId, agentId, { period: "weekly", from, to }), REPS);
    const [agentRows] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from interactions where agent_id = ${agentId} and created_at >= ${from}::date`,
    );
    results.push(
      `| ${size.toLocaleString("en-US")} | ${agentRows!.n.toLocaleString("en-US")} | ${fmt(raw.p50)} / ${fmt(raw.p99)} | ${fmt(ours.p50)} / ${fmt(ours.p99)} | ${fmt(weekly.p50)} / ${fmt(weekly.p99)} | ${(raw.p50 / ours.p50).toFixed(0)}× |`,
    );
    console.log(results.at(-1));
  }
} finally {
  await database.close();
  await pgdb.drop();
}
console.log("\n30-day analytics of the busiest agent, PostgreSQL (p50 / p99, sequential)\n");
console.log("| interactions | agent's rows in range | seed's raw GROUP BY | rollups, daily | rollups, weekly | speed-up (p50) |");
console.log("|---|---|---|---|---|---|");
for (const r of results) console.log(r);
