/**
 * Performance history in `perf_samples`: 10 s samples written by each node, averaged into 1 min
 * and 1 h buckets by maintenance, and pruned (10 s kept 2 h, 1 min kept 48 h, 1 h kept 90 days).
 */
import { sql } from "drizzle-orm";
import type { HistoryRange, PerformanceHistory, SampleValues } from "@vta/contracts";
import type { Db } from "../../platform/db/client.js";
import { queryRows, toIso } from "../../platform/db/rows.js";

export type Resolution = "10s" | "1m" | "1h";
export type Sample = SampleValues;

const KEEP: Record<Resolution, string> = { "10s": "2 hours", "1m": "48 hours", "1h": "90 days" };
const RANGES: Record<HistoryRange, { resolution: Resolution; span: string }> = {
  "1h": { resolution: "10s", span: "1 hour" },
  "24h": { resolution: "1m", span: "24 hours" },
  "30d": { resolution: "1h", span: "30 days" },
};

export async function writeSample(db: Db, nodeId: string, at: Date, data: Sample) {
  await db.execute(sql`
    insert into perf_samples (node_id, resolution, ts, data) values (${nodeId}, '10s', ${at.toISOString()}, ${JSON.stringify(data)}::jsonb)
    on conflict (resolution, ts, node_id) do update set data = excluded.data`);
}

/**
 * Averages every complete bucket of `from` samples into one `to` sample per node and bucket
 * (numeric fields only). Idempotent: a bucket written again gets the same averages.
 */
export async function downsample(db: Db, from: Resolution, to: "1m" | "1h", now = new Date()): Promise<number> {
  const unit = to === "1m" ? "minute" : "hour";
  const rows = await queryRows<{ n: number }>(
    db,
    sql`
    with fields as (
      select p.node_id, date_trunc(${unit}, p.ts) as bucket, f.key, avg(f.value::text::float8) as value
      from perf_samples p, jsonb_each(p.data) f
      where p.resolution = ${from} and jsonb_typeof(f.value) = 'number'
        and p.ts < date_trunc(${unit}, ${now.toISOString()}::timestamptz)
      group by 1, 2, 3
    ), buckets as (
      insert into perf_samples (node_id, resolution, ts, data)
      select node_id, ${to}, bucket, jsonb_object_agg(key, value) from fields group by node_id, bucket
      on conflict (resolution, ts, node_id) do update set data = excluded.data
      returning 1
    ) select count(*)::int as n from buckets`,
  );
  return rows[0]?.n ?? 0;
}

export async function prune(db: Db, now = new Date()): Promise<number> {
  let removed = 0;
  for (const [resolution, keep] of Object.entries(KEEP)) {
    const rows = await queryRows<{ n: number }>(
      db,
      sql`
      with d as (delete from perf_samples where resolution = ${resolution} and ts < ${now.toISOString()}::timestamptz - ${keep}::interval returning 1)
      select count(*)::int as n from d`,
    );
    removed += rows[0]?.n ?? 0;
  }
  return removed;
}

/** One point per bucket over the range: numeric fields averaged across nodes, rates summed. */
export async function history(db: Db, range: HistoryRange): Promise<PerformanceHistory> {
  const { resolution, span } = RANGES[range];
  const rows = await queryRows<{ ts: string; data: Sample }>(
    db,
    sql`
    select x.ts, jsonb_object_agg(x.key, x.value) as data from (
      select p.ts, f.key,
        case when f.key in ('requestsPerSecond', 'activeConnections') then sum(f.value::text::float8) else avg(f.value::text::float8) end as value
      from perf_samples p, jsonb_each(p.data) f
      where p.resolution = ${resolution} and p.ts >= now() - ${span}::interval and jsonb_typeof(f.value) = 'number'
      group by p.ts, f.key
    ) x group by x.ts order by x.ts`,
  );
  // A point is its time and numbers by name; TypeScript cannot check a spread against that index signature.
  return { range, resolution, points: rows.map((r) => ({ ts: toIso(r.ts), ...r.data }) as PerformanceHistory["points"][number]) };
}
