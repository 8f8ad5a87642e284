/**
 * The statements over an app's entity tables (see record-tables.ts): the catalog `app_tables` read,
 * the tables and columns made to match a new spec (DDL, in the version's transaction), and records
 * written and read in bulk.
 *
 * A spec change adds tables and columns in the transaction that writes the version. Nothing is
 * dropped: a revert finds every value again, and a retyped field gets a new column filled with the
 * values that convert; the others are counted for the version's summary and stay in the old column.
 */
import { sql } from "drizzle-orm";
import { isReadOnly, type AppSpec, type Entity } from "@vta/contracts";
import type { RecordColumn } from "../../../db/schema.js";
import type { Db } from "../../platform/db/client.js";
import { queryRows } from "../../platform/db/rows.js";
import {
  asText,
  columnRef,
  dataExpression,
  ident,
  searchExpression,
  sortExpression,
  tableRef,
  textAs,
} from "./record-columns.repository.js";
import type { RecordSelection } from "./record-filters.js";
import { whereSelected } from "./record-filters.repository.js";
import {
  COLUMN_KIND,
  columnOf,
  formerColumn,
  quoted,
  renameColumn,
  type EntityTable,
  type KeptValues,
  type Renames,
  type Totals,
} from "./record-tables.js";

/** A row of `app_tables` as it is read (`to_jsonb` of the row gives the same names). */
interface CatalogRow {
  entity: string;
  schema_name: string;
  table_name: string;
  columns: RecordColumn[];
  search_columns: string[];
  totals: Totals;
}

const fromRow = (r: CatalogRow): EntityTable => ({
  entity: r.entity,
  schema: r.schema_name,
  table: r.table_name,
  columns: r.columns,
  searchColumns: r.search_columns,
  totals: r.totals,
});

/** The app's tables by entity (`lock`: held until the transaction ends, for a change of them). */
export async function tablesOf(db: Pick<Db, "execute">, appId: string, lock = false): Promise<Map<string, EntityTable>> {
  const rows = await queryRows<CatalogRow>(
    db,
    sql`
    select entity, schema_name, table_name, columns, search_columns, totals from app_tables where app_id = ${appId}${lock ? sql` for update` : sql``}`,
  );
  return new Map(rows.map((r) => [r.entity, fromRow(r)]));
}

/** The app's current spec (null before its first build) and its tables, in one statement; undefined for no such app in the workspace. */
export async function currentSpecAndTables(
  db: Pick<Db, "execute">,
  workspaceId: string,
  appId: string,
): Promise<{ spec: AppSpec | null; tables: Map<string, EntityTable> } | undefined> {
  const rows = await queryRows<{ spec: AppSpec | null; tables: CatalogRow[] }>(
    db,
    sql`
    select v.spec, coalesce((select jsonb_agg(to_jsonb(t)) from app_tables t where t.app_id = a.id), '[]'::jsonb) as tables
    from apps a left join app_versions v on v.app_id = a.id and v.version = a.current_version
    where a.id = ${appId} and a.workspace_id = ${workspaceId} and a.deleted_at is null`,
  );
  return rows[0] && { spec: rows[0].spec, tables: new Map(rows[0].tables.map((t) => [t.entity, fromRow(t)])) };
}

/**
 * Makes the app's tables match `spec` (inside the caller's transaction, the one that writes the
 * version): new entities get a table, new or retyped fields a column and its index, a retyped field
 * its convertible values, and each table its search index over its text fields.
 */
export async function syncTables(
  tx: Pick<Db, "execute">,
  workspaceId: string,
  appId: string,
  spec: AppSpec,
  previous: AppSpec | null,
  renames: Renames = { entities: [], fields: [] },
): Promise<KeptValues[]> {
  const schema = `ws_${workspaceId.replace(/-/g, "")}`;
  const prefix = `r_${appId.replace(/-/g, "")}_`;
  // One change of a workspace's tables at a time: two first builds would race to make the schema.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${schema}))`);
  await tx.execute(sql`create schema if not exists ${ident(schema)}`);
  const tables = await tablesOf(tx, appId, true);
  let last = Math.max(0, ...[...tables.values()].map((t) => Number(t.table.slice(prefix.length))));
  const changed = new Set<EntityTable>();

  // Renamed things keep their records: an entity its table (and the links to it), a field its columns.
  for (const { from, to } of renames.entities) {
    const t = tables.get(from);
    if (!t || tables.has(to)) continue;
    await tx.execute(sql`update app_tables set entity = ${to} where app_id = ${appId} and entity = ${from}`);
    tables.delete(from);
    tables.set(to, Object.assign(t, { entity: to }));
    for (const other of tables.values()) {
      for (const c of other.columns.filter((x) => x.ref === from)) {
        c.ref = to;
        changed.add(other);
      }
    }
  }
  for (const { entity, from, to } of renames.fields) {
    const t = tables.get(entity);
    for (const c of t?.columns.filter((x) => x.field === from) ?? []) {
      renameColumn(c, to);
      changed.add(t!);
    }
  }

  for (const entity of spec.entities) {
    if (tables.has(entity.name)) continue;
    const t: EntityTable = {
      entity: entity.name,
      schema,
      table: `${prefix}${++last}`,
      columns: [],
      searchColumns: [],
      totals: { groups: [], measures: [] },
    };
    await tx.execute(sql`create table ${tableRef(t)} (
      id uuid primary key default gen_random_uuid(),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now())`);
    await tx.execute(sql`create index ${ident(`${t.table}_at`)} on ${tableRef(t)} (created_at, id)`);
    await tx.execute(
      sql`insert into app_tables (app_id, workspace_id, entity, schema_name, table_name) values (${appId}, ${workspaceId}, ${entity.name}, ${schema}, ${t.table})`,
    );
    tables.set(entity.name, t);
  }

  const kept: KeptValues[] = [];
  for (const entity of spec.entities) {
    const t = tables.get(entity.name)!;
    const before = previous?.entities.find((e) => e.name === entity.name);
    for (const field of entity.fields) {
      let column = columnOf(t, field) ?? formerColumn(t, entity, field);
      if (column && column.field !== field.name) {
        // Back to a name it had (a revert across a rename): its columns take that name again.
        const gone = column.field;
        for (const c of t.columns) if (c.field === gone) renameColumn(c, field.name);
        changed.add(t);
      }
      const isNew = !column;
      if (!column) {
        const next = Math.max(0, ...t.columns.map((c) => Number(c.column.slice(1)))) + 1;
        column = {
          field: field.name,
          kind: COLUMN_KIND[field.type],
          column: `c${next}`,
          ...(field.type === "reference" ? { ref: field.ref } : {}),
        };
        const target = column.ref ? tables.get(column.ref) : undefined;
        await tx.execute(
          sql`alter table ${tableRef(t)} add column ${columnRef(column)} ${sql.raw(column.kind)}${target ? sql` references ${tableRef(target)} (id) on delete set null` : sql``}`,
        );
        if (field.type === "autoNumber") await numberRecords(tx, t, column);
        // Tags are looked up by any of them (GIN); every other column is sorted and ranged (B-tree).
        if (column.kind === "text[]")
          await tx.execute(sql`create index ${ident(`${t.table}_${column.column}`)} on ${tableRef(t)} using gin (${columnRef(column)})`);
        else await tx.execute(sql`create index ${ident(`${t.table}_${column.column}`)} on ${tableRef(t)} (${sortExpression(column)}, id)`);
        t.columns.push(column);
        changed.add(t);
      }
      const was = before?.fields.find((f) => f.name === field.name);
      const from = was && columnOf(t, was);
      // What the app fills in itself takes nothing over (the old values stay in their column).
      if (!from || from === column || isReadOnly(field.type)) continue;
      // A retyped field: carry over what converts, count what does not (it stays in `from`).
      const value = textAs(asText(from), column, column.ref ? tables.get(column.ref) : undefined);
      await tx.execute(sql`update ${tableRef(t)} r set ${columnRef(column)} = ${value}
        where r.${columnRef(from)} is not null${isNew ? sql`` : sql` and ${value} is not null`}`);
      const [lost] = await queryRows<{ n: number }>(
        tx,
        sql`
        select count(*)::int as n from ${tableRef(t)} where ${columnRef(from)} is not null and ${columnRef(column)} is null`,
      );
      if (lost!.n) kept.push({ entity: entity.name, field: field.name, count: lost!.n });
    }
    const search = entity.fields.flatMap((f) => {
      const c = columnOf(t, f);
      return c?.kind === "text" ? [c.column] : [];
    });
    if (search.join() !== t.searchColumns.join()) {
      await tx.execute(sql`drop index if exists ${ident(t.schema)}.${ident(`${t.table}_search`)}`);
      t.searchColumns = search;
      const expression = searchExpression(t);
      if (expression)
        await tx.execute(sql`create index ${ident(`${t.table}_search`)} on ${tableRef(t)} using gin (${expression} gin_trgm_ops)`);
      changed.add(t);
    }
  }
  for (const t of changed) {
    await tx.execute(sql`update app_tables set columns = ${JSON.stringify(t.columns)}::jsonb, search_columns = ${JSON.stringify(t.searchColumns)}::jsonb
      where app_id = ${appId} and entity = ${t.entity}`);
  }
  return kept;
}

/** An auto-number column: the records there are numbered 1, 2, 3… in the order they were added, new ones after them. */
async function numberRecords(tx: Pick<Db, "execute">, t: EntityTable, column: RecordColumn) {
  const name = `${t.table}_${column.column}_seq`;
  const seq = sql`${ident(t.schema)}.${ident(name)}`;
  const regclass = sql.raw(`'${quoted(t.schema)}.${quoted(name)}'`);
  await tx.execute(sql`create sequence ${seq} owned by ${tableRef(t)}.${columnRef(column)}`);
  await tx.execute(
    sql`update ${tableRef(t)} r set ${columnRef(column)} = o.n from (select id, row_number() over (order by created_at, id) as n from ${tableRef(t)}) o where o.id = r.id`,
  );
  await tx.execute(
    sql`select setval(${regclass}, greatest(1, (select count(*) from ${tableRef(t)})), (select count(*) > 0 from ${tableRef(t)}))`,
  );
  await tx.execute(sql`alter table ${tableRef(t)} alter column ${columnRef(column)} set default nextval(${regclass})`);
}

/**
 * Records written in one statement (an import, a data move): values as JSON text, cast to each
 * column; checked beforehand by the caller. They keep their order: each is created a microsecond
 * after the one before it, the last of all `of.total` (written in chunks in one transaction, `of.first`
 * the index of this chunk's first) at the transaction's time, so oldest-first shows them as given.
 */
export async function insertRecords(
  db: Pick<Db, "execute">,
  table: EntityTable,
  entity: Entity,
  records: Record<string, unknown>[],
  of = { first: 0, total: records.length },
): Promise<void> {
  if (!records.length) return;
  const fields = entity.fields.flatMap((f) => {
    const c = isReadOnly(f.type) ? undefined : columnOf(table, f);
    return c ? [{ name: f.name, c }] : [];
  });
  // One text array per column (unnest reads them faster than a JSON document is taken apart).
  const arrays = fields.map((f) => sql.param(records.map((r) => cellText(r[f.name] as Parameters<typeof cellText>[0]))));
  await db.execute(sql`
    insert into ${tableRef(table)} (created_at, updated_at${sql.join(
      fields.map((f) => sql`, ${columnRef(f.c)}`),
      sql``,
    )})
    select now() + (${of.first} + x.n - ${of.total}) * interval '1 microsecond', now()${sql.join(
      fields.map((f, i) => sql`, x.${sql.raw(`v${i}`)}::${sql.raw(f.c.kind)}`),
      sql``,
    )}
    from unnest(${sql.join(
      arrays.map((a) => sql`${a}::text[]`),
      sql`, `,
    )}) with ordinality as x(${sql.raw([...fields.map((_, i) => `v${i}`), "n"].join(", "))})`);
}

/** A validated value as text its column's type reads (tags as an array literal, each one quoted). */
function cellText(v: string | number | boolean | string[] | null | undefined): string | null {
  if (v === null || v === undefined) return null;
  if (Array.isArray(v)) return `{${v.map((x) => `"${x.replace(/["\\]/g, "\\$&")}"`).join(",")}}`;
  return String(v);
}

/** A record as the table gives it: its fields as JSON (see dataExpression) and its own times. */
export interface StoredRecord {
  id: string;
  data: Record<string, unknown>;
  created_at: string;
  updated_at: string;
}

/**
 * The records `selection` lets through (every one without it), oldest first, a page at a time, from
 * `from` on (that record included) and at most `limit` of them: a reader holds one page, never the
 * whole entity (exports, share links).
 */
export async function* recordPages(
  db: Pick<Db, "execute">,
  table: EntityTable,
  entity: Entity,
  opts: { selection?: RecordSelection; from?: { at: string; id: string }; limit?: number; pageSize: number },
): AsyncGenerator<StoredRecord[]> {
  // Keyset bounds as text: a JavaScript Date would drop the microseconds.
  let after: { at: string; id: string } | null = null;
  for (let left = opts.limit ?? Infinity; left > 0;) {
    const size = Math.min(opts.pageSize, left);
    const rows: (StoredRecord & { at: string })[] = await queryRows(
      db,
      sql`
      select r.id, ${dataExpression(table, entity)} as data, r.created_at, r.updated_at, r.created_at::text as at from ${tableRef(table)} r
      where ${opts.selection ? whereSelected(table, opts.selection) : sql`true`}
        ${opts.from ? sql`and (r.created_at, r.id) >= (${opts.from.at}::timestamptz, ${opts.from.id}::uuid)` : sql``}
        ${after ? sql`and (r.created_at, r.id) > (${after.at}::timestamptz, ${after.id}::uuid)` : sql``}
      order by r.created_at, r.id limit ${size}`,
    );
    if (rows.length) yield rows;
    if (rows.length < size) return;
    left -= rows.length;
    after = rows.at(-1)!;
  }
}
