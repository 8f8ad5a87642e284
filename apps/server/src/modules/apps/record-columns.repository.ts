/**
 * SQL over an entity table's names and columns (see record-tables.ts): references to them, the
 * expressions records are sorted, searched and answered by, and values cast to a column's type.
 */
import { sql, type SQL } from "drizzle-orm";
import type { Entity } from "@vta/contracts";
import type { RecordColumn } from "../../../db/schema.js";
import { columnOf, quoted, type EntityTable } from "./record-tables.js";

/** A physical name (made by record-tables.ts and checked by `quoted`) as an SQL identifier. */
export const ident = (name: string): SQL => sql.raw(quoted(name));

export const tableRef = (t: Pick<EntityTable, "schema" | "table">) => sql`${ident(t.schema)}.${ident(t.table)}`;
export const columnRef = (c: RecordColumn) => ident(c.column);

/** What a column is sorted and indexed by: long text by its first 200 characters (a B-tree entry has a size limit). */
export const sortExpression = (c: RecordColumn) => (c.kind === "text" ? sql`left(${columnRef(c)}, 200)` : columnRef(c));

/** Every text column of the entity as one string: what search matches, and what its trigram index holds. */
export function searchExpression(t: Pick<EntityTable, "searchColumns">): SQL | null {
  if (!t.searchColumns.length) return null;
  return sql`(${sql.join(
    t.searchColumns.map((c) => sql`coalesce(${ident(c)}, '')`),
    sql` || ' ' || `,
  )})`;
}

/** A column's value as JSON: date-times as ISO-8601 UTC, as the API speaks them. */
const jsonValue = (c: RecordColumn) =>
  c.kind === "timestamptz" ? sql`to_char(${columnRef(c)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')` : columnRef(c);

/** The record's fields as one JSON object (empty fields left out); 50 fields per call, PostgreSQL's argument limit is 100. */
export function dataExpression(t: EntityTable, entity: Entity): SQL {
  const pairs = entity.fields.flatMap((f) => {
    const c = columnOf(t, f);
    return c ? [sql`${f.name}::text, ${jsonValue(c)}`] : [];
  });
  if (!pairs.length) return sql`'{}'::jsonb`;
  const chunks: SQL[] = [];
  for (let i = 0; i < pairs.length; i += 50) chunks.push(sql`jsonb_build_object(${sql.join(pairs.slice(i, i + 50), sql`, `)})`);
  return sql`jsonb_strip_nulls(${sql.join(chunks, sql` || `)})`;
}

/** A validated value (text, a number, a boolean or tags) as its column's SQL type. */
export function sqlValue(c: RecordColumn, value: string | number | boolean | string[] | null | undefined): SQL {
  if (value === null || value === undefined) return sql`null`;
  if (Array.isArray(value)) return sql`${sql.param(value)}::text[]`;
  return sql`${String(value)}::${sql.raw(c.kind)}`;
}

/** A column's value as text, the common ground of a conversion. */
export function asText(c: RecordColumn): SQL {
  // Qualified by the updated table's alias: inside a link's look-up the linked table's own `cN` would win.
  const ref = sql`r.${columnRef(c)}`;
  switch (c.kind) {
    case "text":
      return ref;
    case "date":
      return sql`to_char(${ref}, 'YYYY-MM-DD')`;
    case "timestamptz":
      return sql`to_char(${ref} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
    case "numeric":
    case "boolean":
    case "uuid":
      return sql`${ref}::text`;
    case "text[]":
      return sql`array_to_string(${ref}, ', ')`;
  }
}

/** `text` read as `to`'s kind, or null where it does not read as one (a link must also point at a record of `target`). */
export function textAs(text: SQL, to: RecordColumn, target: EntityTable | undefined): SQL {
  switch (to.kind) {
    case "text":
      return text;
    case "uuid":
      return target ? sql`(select x.id from ${tableRef(target)} x where x.id = vta_try_uuid(${text}))` : sql`null::uuid`;
    case "numeric":
    case "date":
    case "timestamptz":
    case "boolean":
      return sql`${sql.raw(`vta_try_${to.kind}`)}(${text})`;
    case "text[]":
      // "urgent, billing" → {urgent,billing}; the choices are checked when a record is next written.
      return sql`(case when trim(${text}) = '' then null else regexp_split_to_array(trim(${text}), '[[:space:]]*[,;][[:space:]]*') end)`;
  }
}
