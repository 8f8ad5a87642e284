/**
 * Where an app's records live: a table per entity with a typed, indexed column per field, in a
 * schema per workspace (the decision and its numbers are in docs/ARCHITECTURE.md). The catalog
 * `app_tables` maps entity → table and field → column. Every physical name is made by this module
 * (`ws_<hex>`, `r_<hex>_<n>`, `c<n>`), never from a person's words.
 *
 * This file holds the catalog's shapes and rules (which column type a field gets, which column
 * holds a field now); the SQL over the tables is in record-columns.repository.ts (expressions) and
 * record-tables.repository.ts (the catalog's statements, the tables' DDL, rows in bulk).
 */
import type { Entity, Field, FieldType } from "@vta/contracts";
import type { RecordColumn } from "../../../db/schema.js";

export type ColumnKind = RecordColumn["kind"];

/** The column type each field type is kept in. */
export const COLUMN_KIND: Record<FieldType, ColumnKind> = {
  text: "text",
  longText: "text",
  email: "text",
  phone: "text",
  url: "text",
  enum: "text",
  number: "numeric",
  currency: "numeric",
  date: "date",
  dateTime: "timestamptz",
  boolean: "boolean",
  reference: "uuid",
  rating: "numeric",
  percent: "numeric",
  duration: "numeric",
  tags: "text[]",
  autoNumber: "numeric",
  createdTime: "timestamptz",
  updatedTime: "timestamptz",
};

/** A created or updated time is the record's own time: no column of its own. */
const OWN_TIME: Partial<Record<FieldType, string>> = { createdTime: "created_at", updatedTime: "updated_at" };

export interface EntityTable {
  entity: string;
  schema: string;
  table: string;
  columns: RecordColumn[];
  searchColumns: string[];
  /** What `record_totals` keeps for this table (see record-totals.repository.ts); `made` once its triggers exist. */
  totals: Totals;
}

export interface Totals {
  groups: string[];
  measures: string[];
  made?: boolean;
}

/** Values a retyped field could not carry over: they stay in the field's previous column. */
export interface KeptValues {
  entity: string;
  field: string;
  count: number;
}

/** What a version renamed: entities (their table goes with them) and fields (named as in the new spec). */
export interface Renames {
  entities: { from: string; to: string }[];
  fields: { entity: string; from: string; to: string }[];
}

const PHYSICAL =
  /^(?:ws_[0-9a-f]{32}|r_[0-9a-f]{32}_\d+|c\d+|created_at|updated_at|r_[0-9a-f]{32}_\d+_(?:c\d+|c\d+_seq|at|search|totals|ins|upd|del))$/;

/** A name this module made, quoted as SQL text; anything else is refused before it reaches SQL. */
export function quoted(name: string): string {
  if (!PHYSICAL.test(name)) throw new Error(`not a record table name: ${name}`);
  return `"${name}"`;
}

/** The column that holds `field` now: same name, same kind, and for a link the same entity. */
export function columnOf(t: EntityTable, field: Field): RecordColumn | undefined {
  const own = OWN_TIME[field.type];
  if (own) return { field: field.name, kind: "timestamptz", column: own };
  const kind = COLUMN_KIND[field.type];
  return t.columns.find((c) => c.field === field.name && c.kind === kind && (kind !== "uuid" || c.ref === field.ref));
}

/** A renamed field's column takes the new name and keeps the old ones as aliases (a revert across the rename finds it again). */
export function renameColumn(c: RecordColumn, to: string) {
  c.aliases = [...new Set([...(c.aliases ?? []), c.field])].filter((n) => n !== to);
  c.field = to;
}

/** A column that held `field` under this name before a rename, whose current name no field of the entity has now. */
export function formerColumn(t: EntityTable, entity: Entity, field: Field): RecordColumn | undefined {
  const kind = COLUMN_KIND[field.type];
  return t.columns.find(
    (c) =>
      c.kind === kind &&
      c.aliases?.includes(field.name) &&
      !entity.fields.some((f) => f.name === c.field) &&
      (kind !== "uuid" || c.ref === field.ref),
  );
}
