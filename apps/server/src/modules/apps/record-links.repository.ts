/** Statements about links between records: which linked records exist, how many records link to one, and records found by id or name. */
import { sql } from "drizzle-orm";
import type { Field } from "@vta/contracts";
import type { RecordColumn } from "../../../db/schema.js";
import type { Db } from "../../platform/db/client.js";
import { queryRows } from "../../platform/db/rows.js";
import { columnRef, tableRef } from "./record-columns.repository.js";
import { columnOf, type EntityTable } from "./record-tables.js";

/** Of the records the links point to (each in its entity's table), those that exist, by the field that links them; one statement. */
export function existingLinks(db: Db, tables: Map<string, EntityTable>, links: { entity: string; id: string; field: string }[]) {
  return queryRows<{ id: string; field: string }>(
    db,
    sql.join(
      links.map((r) => sql`select id::text, ${r.field}::text as field from ${tableRef(tables.get(r.entity)!)} where id = ${r.id}::uuid`),
      sql` union all `,
    ),
  );
}

/** How many records link to `id` through each of `links` (a table and its link field): `i` is the link's index; one statement. */
export function linkCounts(db: Db, links: { table: EntityTable; field: Field }[], id: string) {
  return queryRows<{ i: number; n: number }>(
    db,
    sql.join(
      links.map(
        (l, i) =>
          sql`select ${i}::int as i, count(*)::int as n from ${tableRef(l.table)} where ${columnRef(columnOf(l.table, l.field)!)} = ${id}::uuid`,
      ),
      sql` union all `,
    ),
  );
}

/** The records of `table` with one of `ids`, or whose `title` is one of `names` (given in lower case, compared without case). */
export function recordsByIdOrTitle(db: Db, table: EntityTable, title: RecordColumn | undefined, ids: string[], names: string[]) {
  return queryRows<{ id: string; name: string | null }>(
    db,
    sql`
    select id::text, ${title ? sql`lower(${columnRef(title)})` : sql`null::text`} as name from ${tableRef(table)}
    where id in (select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)::uuid)
      ${title ? sql`or lower(${columnRef(title)}) in (select jsonb_array_elements_text(${JSON.stringify(names)}::jsonb))` : sql``}`,
  );
}
