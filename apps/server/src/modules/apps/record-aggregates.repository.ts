/**
 * The statements behind an entity's stats and groups: over the records a selection lets through,
 * or (`"totals"`) from the totals kept on every write (see record-totals.repository.ts) and each
 * column's index, so that every record is never read.
 */
import { sql } from "drizzle-orm";
import type { RecordColumn } from "../../../db/schema.js";
import type { Db } from "../../platform/db/client.js";
import { queryRows } from "../../platform/db/rows.js";
import { columnRef, tableRef } from "./record-columns.repository.js";
import type { RecordSelection } from "./record-filters.js";
import { whereSelected } from "./record-filters.repository.js";
import { columnOf } from "./record-tables.js";
import type { Target } from "./record-target.js";

/** Where aggregates are read from: the records a selection lets through, or the kept totals. */
export type Over = RecordSelection | "totals";

export interface ColumnStats {
  count: number;
  sum: number;
  min: number | null;
  max: number | null;
}

/** The records counted, and the count, sum, minimum and maximum of each of `numeric`'s columns. */
export async function statsOf(db: Db, t: Target, numeric: RecordColumn[], over: Over): Promise<{ count: number; columns: ColumnStats[] }> {
  const kept = over === "totals";
  const total = (measure: string, what: "count" | "sum") =>
    sql`(select ${sql.raw(what)} from record_totals where table_name = ${t.table.table} and col = '' and key = '' and measure = ${measure})`;
  const measures = numeric.flatMap((column, i) => {
    const c = columnRef(column);
    const extreme = (fn: "min" | "max") =>
      kept ? sql`(select ${sql.raw(fn)}(${c}) from ${tableRef(t.table)})` : sql`${sql.raw(fn)}(${c})`;
    return [
      sql`${kept ? total(column.column, "count") : sql`count(${c})`}::int as ${sql.raw(`n${i}`)}`,
      sql`coalesce(${kept ? total(column.column, "sum") : sql`sum(${c})`}, 0)::text as ${sql.raw(`s${i}`)}`,
      sql`${extreme("min")}::text as ${sql.raw(`lo${i}`)}`,
      sql`${extreme("max")}::text as ${sql.raw(`hi${i}`)}`,
    ];
  });
  const count = kept ? sql`coalesce(${total("", "count")}, 0)::int as count` : sql`count(*)::int as count`;
  const [row] = await queryRows<Record<string, string | number | null>>(
    db,
    sql`
    select ${sql.join([count, ...measures], sql`, `)} ${over === "totals" ? sql`` : sql`from ${tableRef(t.table)} r where ${whereSelected(t.table, over)}`}`,
  );
  const num = (v: string | number | null | undefined) => (v === null || v === undefined ? null : Number(v));
  return {
    count: Number(row!.count),
    columns: numeric.map((_, i) => ({
      count: Number(row![`n${i}`]),
      sum: num(row![`s${i}`]) ?? 0,
      min: num(row![`lo${i}`]),
      max: num(row![`hi${i}`]),
    })),
  };
}

/** A group as read: its key as text (null for no value), the linked record's title for a link, its count and the measure's sum. */
export interface GroupRow {
  key: string | null;
  label: string | null;
  count: number;
  sum: string | null;
}

/**
 * Records counted (and `measure` summed) per value of `column`, dates per `period`; at most 201
 * groups (one more than an answer holds: it says there are more), dates newest first, others by count.
 */
export async function groupsOf(
  db: Db,
  t: Target,
  column: RecordColumn,
  measure: RecordColumn | undefined,
  period: "day" | "week" | "month" | "year",
  over: Over,
): Promise<GroupRow[]> {
  const dated = column.kind === "date" || column.kind === "timestamptz";
  const truncTo = sql.raw(`'${period}'`);
  if (over === "totals") {
    const key = sql`nullif(key, '')`;
    return queryRows<GroupRow>(
      db,
      sql`
      select ${dated ? sql`to_char(date_trunc(${truncTo}, ${key}::date), 'YYYY-MM-DD')` : key} as key, null::text as label,
        (sum(count) filter (where measure = ''))::int as count,
        ${measure ? sql`(sum(sum) filter (where measure = ${measure.column}))::text` : sql`null::text`} as sum
      from record_totals where table_name = ${t.table.table} and col = ${column.column} and measure in ('', ${measure?.column ?? ""})
      group by 1 having sum(count) filter (where measure = '') > 0 order by ${dated ? sql`1 desc nulls first` : sql`3 desc, 1`} limit 201`,
    );
  }
  const c = sql`r.${columnRef(column)}`;
  const key =
    column.kind === "date"
      ? sql`to_char(date_trunc(${truncTo}, ${c}), 'YYYY-MM-DD')`
      : column.kind === "timestamptz"
        ? sql`to_char(date_trunc(${truncTo}, ${c} at time zone 'UTC'), 'YYYY-MM-DD')`
        : column.kind === "text[]"
          ? sql`tag.v`
          : sql`${c}::text`;
  // A record with tags counts once under each of them.
  const tags = column.kind === "text[]" ? sql`left join lateral unnest(${c}) as tag(v) on true` : sql``;
  const target = column.ref ? t.tables.get(column.ref) : undefined;
  const targetEntity = target && t.spec.entities.find((e) => e.name === column.ref);
  const titleField = targetEntity?.fields.find((f) => columnOf(target!, f)?.kind === "text");
  const label =
    target && titleField
      ? sql`(select x.${columnRef(columnOf(target, titleField)!)} from ${tableRef(target)} x where x.id = g.key::uuid)`
      : sql`null::text`;
  return queryRows<GroupRow>(
    db,
    sql`
    select g.key, ${label} as label, g.count, g.sum from (
      select ${key} as key, count(*)::int as count, ${measure ? sql`sum(r.${columnRef(measure)})::text` : sql`null::text`} as sum
      from ${tableRef(t.table)} r ${tags} where ${whereSelected(t.table, over)}
      group by 1 order by ${dated ? sql`1 desc nulls first` : sql`2 desc, 1`} limit 201) g`,
  );
}
