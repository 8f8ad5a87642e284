/**
 * Totals kept on every write, so that the unfiltered totals, chart series and board counts of an
 * entity read a few hundred rows instead of every record. Each entity table has three statement
 * triggers (insert, update, delete) calling one generated function that adds the changed rows'
 * counts and sums to `record_totals`: for the whole table, and per value of each group column
 * (choices, yes/no, dates by day). A change of the spec that changes those columns makes the
 * function again and counts the table afresh, in the version's transaction.
 *
 * Writers of one entity take the same totals rows' locks until they commit; rows are upserted in
 * one order (no deadlock), and a write that changes no count or sum upserts nothing.
 */
import { sql } from "drizzle-orm";
import { NUMERIC_TYPES, type AppSpec, type Entity } from "@vta/contracts";
import type { Db } from "../../platform/db/client.js";
import { columnOf, quoted, type EntityTable, type Totals } from "./record-tables.js";
import { tablesOf } from "./record-tables.repository.js";

/** The columns worth keeping totals for: choices, yes/no and dates to group by; numbers and money to sum. */
export function wantedTotals(entity: Entity, t: EntityTable): Totals {
  const columns = (types: string[]) => entity.fields.filter((f) => types.includes(f.type)).map((f) => columnOf(t, f)!.column);
  return { groups: columns(["enum", "boolean", "date", "dateTime"]), measures: columns([...NUMERIC_TYPES]) };
}

/** A group column's value as its `record_totals.key`: days for dates and times (UTC), '' for none. */
function keyText(t: EntityTable, column: string, row: string): string {
  const kind = t.columns.find((c) => c.column === column)!.kind;
  const c = `${row}.${quoted(column)}`;
  const text =
    kind === "date"
      ? `to_char(${c}, 'YYYY-MM-DD')`
      : kind === "timestamptz"
        ? `to_char(${c} at time zone 'UTC', 'YYYY-MM-DD')`
        : `${c}::text`;
  return `coalesce(${text}, '')`;
}

/** Adds the rows of `source` (with a `sign` column: 1 added, -1 taken away) to the table's totals. */
function upsert(t: EntityTable, totals: Totals, source: string): string {
  const groups = [`('', '')`, ...totals.groups.map((c) => `('${c}', ${keyText(t, c, "x")})`)].join(", ");
  const measures = [`('', null::numeric)`, ...totals.measures.map((c) => `('${c}', x.${quoted(c)})`)].join(", ");
  return `insert into public.record_totals as t (table_name, col, key, measure, count, sum)
    select '${t.table}', g.col, g.key, m.measure, sum(x.sign * (case when m.measure = '' or m.v is not null then 1 else 0 end)), coalesce(sum(x.sign * m.v), 0)
    from (${source}) x
      cross join lateral (values ${groups}) g(col, key)
      cross join lateral (values ${measures}) m(measure, v)
    group by g.col, g.key, m.measure
    having sum(x.sign * (case when m.measure = '' or m.v is not null then 1 else 0 end)) <> 0 or coalesce(sum(x.sign * m.v), 0) <> 0
    order by g.col, g.key, m.measure
    on conflict (table_name, col, key, measure) do update set count = t.count + excluded.count, sum = t.sum + excluded.sum;`;
}

/** Makes every entity table's totals function, triggers and counts match `spec` (inside the version's transaction). */
export async function syncTotals(tx: Pick<Db, "execute">, appId: string, spec: AppSpec): Promise<void> {
  const tables = await tablesOf(tx, appId);
  for (const entity of spec.entities) {
    const t = tables.get(entity.name)!;
    const wanted = wantedTotals(entity, t);
    if (t.totals.made && wanted.groups.join() === t.totals.groups.join() && wanted.measures.join() === t.totals.measures.join()) continue;
    const table = `${quoted(t.schema)}.${quoted(t.table)}`;
    const fn = `${quoted(t.schema)}.${quoted(`${t.table}_totals`)}`;
    await tx.execute(
      sql.raw(`create or replace function ${fn}() returns trigger language plpgsql as $fn$
      begin
        if TG_OP = 'INSERT' then ${upsert(t, wanted, "select 1 as sign, * from new_rows")}
        elsif TG_OP = 'DELETE' then ${upsert(t, wanted, "select -1 as sign, * from old_rows")}
        else ${upsert(t, wanted, "select -1 as sign, * from old_rows union all select 1 as sign, * from new_rows")}
        end if;
        return null;
      end $fn$`),
    );
    for (const [name, event, tables] of [
      ["ins", "insert", "new table as new_rows"],
      ["upd", "update", "old table as old_rows new table as new_rows"],
      ["del", "delete", "old table as old_rows"],
    ] as const) {
      await tx.execute(
        sql.raw(
          `create or replace trigger ${quoted(`${t.table}_${name}`)} after ${event} on ${table} referencing ${tables} for each statement execute function ${fn}()`,
        ),
      );
    }
    // Counted afresh: the columns changed, or the table is new.
    await tx.execute(sql`delete from record_totals where table_name = ${t.table}`);
    await tx.execute(sql.raw(upsert(t, wanted, `select 1 as sign, * from ${table}`)));
    await tx.execute(
      sql`update app_tables set totals = ${JSON.stringify({ ...wanted, made: true })}::jsonb where app_id = ${appId} and entity = ${entity.name}`,
    );
  }
}
