/**
 * The records design before issue 16, kept to be measured against: every record one JSONB document
 * in `app_records`, sorted by a field's text (numbers cast per row), searched by `data::text ilike`,
 * totalled with a per-row numeric cast. These are the statements the records service ran
 * (git show 1f0e777~1:apps/server/src/modules/apps/records.service.ts); it had no filters and no
 * grouping on the server, so those are written the same way over the same documents.
 */
import { sql } from "drizzle-orm";
import type { Db } from "../../apps/server/src/platform/db/client.js";

const numeric = (field: string) => sql`case when r.data->>${field} ~ '^-?[0-9]+(\\.[0-9]+)?$' then (r.data->>${field})::numeric end`;
const scope = (appId: string) => sql`r.app_id = ${appId} and r.entity = 'order'`;

/** The same operations the typed design is measured on, as the JSONB design answered them. */
export function jsonbQueries(appId: string): Record<string, (db: Db) => Promise<unknown>> {
  const rows = (db: Db, query: ReturnType<typeof sql>) => db.execute(query);
  const list = (where: ReturnType<typeof sql>, key: ReturnType<typeof sql>, dir: "asc" | "desc") => (db: Db) =>
    rows(
      db,
      sql`select r.id, r.data, r.created_at, r.updated_at, (${key})::text as sort_value from app_records r
      where ${scope(appId)} ${where} order by ${key} ${sql.raw(dir)} nulls last, r.id ${sql.raw(dir)} limit 51`,
    );
  const created = sql`to_char(r.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`;
  return {
    "first page": list(sql``, created, "desc"),
    "sort by a number": list(sql``, numeric("price"), "desc"),
    "sort by a date": list(sql``, sql`coalesce(r.data->>'orderDate', '')`, "asc"),
    "choice + date range": list(
      sql`and r.data->>'status' = 'paid' and r.data->>'orderDate' between '2026-03-01' and '2026-03-31'`,
      created,
      "desc",
    ),
    "search, a phrase in 1 record of 10": list(sql`and r.data::text ilike '%repair ticket%'`, created, "desc"),
    "search, one record": list(sql`and r.data::text ilike '%client lesson 12345%'`, created, "desc"),
    "stats (count, sum, avg, min, max)": (db) =>
      rows(
        db,
        sql`select count(*)::int, ${sql.join(
          ["price", "quantity"].map(
            (f) => sql`count(${numeric(f)}), sum(${numeric(f)}), avg(${numeric(f)}), min(${numeric(f)}), max(${numeric(f)})`,
          ),
          sql`, `,
        )}
        from app_records r where ${scope(appId)}`,
      ),
    "chart: sum per month": (db) =>
      rows(
        db,
        sql`select substr(r.data->>'orderDate', 1, 7), count(*), sum(${numeric("price")}) from app_records r where ${scope(appId)} group by 1 order by 1`,
      ),
    "board counts": (db) => rows(db, sql`select r.data->>'status', count(*) from app_records r where ${scope(appId)} group by 1`),
  };
}
