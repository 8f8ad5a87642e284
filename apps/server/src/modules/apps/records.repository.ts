/**
 * The statements over one entity's records (see records.service.ts for the rules): a page of a
 * list, one record read, inserted, updated or deleted, and where an app's snapshot starts.
 */
import { sql, type SQL } from "drizzle-orm";
import type { RecordColumn } from "../../../db/schema.js";
import type { Db } from "../../platform/db/client.js";
import { queryRows } from "../../platform/db/rows.js";
import { columnRef, dataExpression, sortExpression, sqlValue, tableRef } from "./record-columns.repository.js";
import type { RecordSelection } from "./record-filters.js";
import { searchCondition, whereSelected } from "./record-filters.repository.js";
import type { EntityTable } from "./record-tables.js";
import type { StoredRecord } from "./record-tables.repository.js";
import type { Target } from "./record-target.js";

/** A record as read, with (in a list) its sort value as text: the next page's cursor. */
export interface RecordRow extends StoredRecord {
  sort_value?: string | null;
}

/** A validated value for a column. */
export interface ColumnValue {
  column: RecordColumn;
  value: string | number | boolean | string[] | null;
}

const columns = (t: Target) => sql`r.id, ${dataExpression(t.table, t.entity)} as data, r.created_at, r.updated_at`;

/** How a page is ordered: the expression, its value as cursor text, and that text read back. */
interface SortKey {
  order: SQL;
  text: SQL;
  cast: (v: string) => SQL;
  nullable: boolean;
}

const isoUtc = (e: SQL) => sql`to_char(${e} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
const CREATED: SortKey = {
  order: sql`r.created_at`,
  text: isoUtc(sql`r.created_at`),
  cast: (v) => sql`${v}::timestamptz`,
  nullable: false,
};

function sortKey(c: RecordColumn): SortKey {
  const order = sortExpression(c);
  return {
    order,
    text: c.kind === "timestamptz" ? isoUtc(order) : sql`${order}::text`,
    cast: (v) => sql`${v}::${sql.raw(c.kind)}`,
    nullable: true,
  };
}

/** How many records in order a search looks through before it asks the trigram index instead (a phrase in one record of 20 fills a page of 50 within them). */
const SEARCH_WINDOW = 2_000;

export interface ListPage {
  /** The column sorted by; the created time when none. */
  sortBy?: RecordColumn;
  desc: boolean;
  /** The (sort value, id) of the last record of the page before: null for a record with no value. */
  after: [string | null, string] | null;
  limit: number;
  selection: RecordSelection;
}

/** Up to `limit` records the selection lets through, in order with empty values last (two index walks joined by `union all`), from after the cursor. */
export async function listRecords(db: Db, t: Target, p: ListPage): Promise<RecordRow[]> {
  const key = p.sortBy ? sortKey(p.sortBy) : CREATED;
  const cursor = p.after;
  const [dir, cmp] = p.desc ? [sql`desc`, sql`<`] : [sql`asc`, sql`>`];
  const { limit } = p;
  const search = searchCondition(t.table, p.selection.search);
  const filtered = whereSelected(t.table, { filters: p.selection.filters });
  // Records with a value, in order (from the cursor on), then those without one: each part walks the column's index.
  const valuedOnly = sql`${key.nullable ? sql`and ${key.order} is not null` : sql``}
    ${cursor?.[0] != null ? sql`and (${key.order}, r.id) ${cmp} (${key.cast(cursor[0])}, ${cursor[1]}::uuid)` : sql``}`;
  const emptyOnly = sql`and ${key.order} is null ${cursor && cursor[0] === null ? sql`and r.id ${cmp} ${cursor[1]}::uuid` : sql``}`;
  const inNullPhase = key.nullable && cursor?.[0] === null;
  /** One part's page: from the whole table, or (`window`) searched within the next WINDOW records in order. */
  const part = (only: SQL, order: SQL, window = false) => {
    const source = window
      ? sql`(select * from ${tableRef(t.table)} r where ${filtered} ${only} order by ${order} limit ${SEARCH_WINDOW}) r`
      : sql`${tableRef(t.table)} r`;
    return sql`(select ${columns(t)}, ${key.text} as sort_value from ${source}
      where ${window ? search! : search ? sql`${filtered} and ${search}` : filtered} ${window ? sql`` : only}
      order by ${order} limit ${limit})`;
  };
  const valuedOrder = sql`${key.order} ${dir}, r.id ${dir}`;
  const emptyOrder = sql`r.id ${dir}`;
  // A common phrase is found among the next records in order sooner than through the trigram index
  // (which hands over every match to be sorted): try that first; a full page from it is the answer.
  if (search) {
    const rows = await queryRows<RecordRow>(db, inNullPhase ? part(emptyOnly, emptyOrder, true) : part(valuedOnly, valuedOrder, true));
    if (rows.length === limit) return rows;
  }
  const parts = !key.nullable
    ? [part(valuedOnly, valuedOrder)]
    : inNullPhase
      ? [part(emptyOnly, emptyOrder)]
      : [part(valuedOnly, valuedOrder), part(emptyOnly, emptyOrder)];
  return queryRows<RecordRow>(db, parts.length === 1 ? parts[0]! : sql`${sql.join(parts, sql` union all `)} limit ${limit}`);
}

export async function getRecord(db: Db, t: Target, id: string): Promise<RecordRow | undefined> {
  const rows = await queryRows<RecordRow>(db, sql`select ${columns(t)} from ${tableRef(t.table)} r where r.id = ${id}`);
  return rows[0];
}

/** A new record with these values (at least one); `kept`: the id and created time of a deleted record put back. */
export async function insertRecord(db: Db, t: Target, values: ColumnValue[], kept?: { id: string; createdAt: string }): Promise<RecordRow> {
  const names = [...(kept ? [sql`id`, sql`created_at`] : []), ...values.map((a) => columnRef(a.column))];
  const given = [
    ...(kept ? [sql`${kept.id}::uuid`, sql`${kept.createdAt}::timestamptz`] : []),
    ...values.map((a) => sqlValue(a.column, a.value)),
  ];
  const rows = await queryRows<RecordRow>(
    db,
    sql`
    insert into ${tableRef(t.table)} as r (${sql.join(names, sql`, `)}) values (${sql.join(given, sql`, `)})
    returning ${columns(t)}`,
  );
  return rows[0]!;
}

/** The record with these values set and a new updated time; undefined when there is no such record. */
export async function updateRecord(db: Db, t: Target, id: string, values: ColumnValue[]): Promise<RecordRow | undefined> {
  const sets = values.map((a) => sql`${columnRef(a.column)} = ${sqlValue(a.column, a.value)}`);
  const rows = await queryRows<RecordRow>(
    db,
    sql`
    update ${tableRef(t.table)} r set ${sql.join([...sets, sql`updated_at = now()`], sql`, `)} where r.id = ${id}
    returning ${columns(t)}`,
  );
  return rows[0];
}

/** Whether there was such a record to delete. */
export async function deleteRecord(db: Db, table: EntityTable, id: string): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(db, sql`delete from ${tableRef(table)} where id = ${id} returning id`);
  return rows.length > 0;
}

/** The created time (as text, to the microsecond) and id of the `n`th newest record: where the newest `n` begin. */
export async function nthNewest(db: Db, table: EntityTable, n: number): Promise<{ at: string; id: string } | undefined> {
  const [from] = await queryRows<{ at: string; id: string }>(
    db,
    sql`
    select r.created_at::text as at, r.id from ${tableRef(table)} r order by r.created_at desc, r.id desc offset ${n - 1} limit 1`,
  );
  return from;
}
