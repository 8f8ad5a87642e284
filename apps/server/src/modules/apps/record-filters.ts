/**
 * Filters on an entity's fields as SQL over its table. Every value is checked by the field's type
 * first (a choice must be one of its options, a date a real date), so a bad filter is a 400 that
 * says what to fix, never a failed cast.
 */
import { sql, type SQL } from "drizzle-orm";
import { DATE_PERIODS, periodRange, type Entity, type Field, type FilterOp, type RecordFilter } from "@vta/contracts";
import { badRequest } from "../../platform/http/errors.js";
import { columnRef } from "./record-columns.repository.js";
import { columnOf, type ColumnKind, type EntityTable } from "./record-tables.js";
import { check } from "./record-validation.js";

const OPS: Record<ColumnKind, readonly FilterOp[]> = {
  text: ["contains", "is", "isNot", "in", "empty", "notEmpty"],
  numeric: ["is", "isNot", "between", "empty", "notEmpty"],
  date: ["is", "between", "within", "empty", "notEmpty"],
  timestamptz: ["is", "between", "within", "empty", "notEmpty"],
  boolean: ["is", "empty", "notEmpty"],
  uuid: ["is", "isNot", "in", "empty", "notEmpty"],
  "text[]": ["is", "in", "empty", "notEmpty"],
};

/** The record's own id and times: ids picked by `is` or `in` (a page of linked records' titles), times like date-and-time fields. */
const OWN: Record<string, { field: Field; kind: ColumnKind; column: SQL }> = {
  id: { field: { name: "id", label: "Id", type: "reference", required: true }, kind: "uuid", column: sql`r.id` },
  createdAt: { field: { name: "createdAt", label: "Created", type: "dateTime", required: true }, kind: "timestamptz", column: sql`r.created_at` },
  updatedAt: { field: { name: "updatedAt", label: "Updated", type: "dateTime", required: true }, kind: "timestamptz", column: sql`r.updated_at` },
};

/** Today's date where the person is (an IANA time zone; UTC when none is given). */
export function todayIn(tz: string | undefined, now: Date): string {
  try {
    return new Intl.DateTimeFormat("en-CA", { timeZone: tz ?? "UTC", year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
  } catch {
    throw badRequest(`tz "${tz}" is not a time zone; use a name such as Europe/Paris or America/New_York`);
  }
}

/** The conditions `filters` put on the entity's records (`r` is its table). */
export function filterConditions(entity: Entity, table: EntityTable, filters: RecordFilter[], today: string): SQL[] {
  return filters.map((filter) => {
    // A field of the app's own named "id" or "createdAt" is the one meant.
    const declared = entity.fields.find((f) => f.name === filter.field);
    const own = !declared && Object.hasOwn(OWN, filter.field) ? OWN[filter.field] : undefined;
    const field = declared ?? own?.field;
    if (!field) throw badRequest(`cannot filter by "${filter.field}": ${entity.pluralLabel.toLowerCase()} have ${[...entity.fields.map((f) => f.name), ...Object.keys(OWN)].join(", ")}`);
    const found = own ?? { kind: columnOf(table, field)!.kind, column: sql`r.${columnRef(columnOf(table, field)!)}` };
    return condition(field, found.kind, found.column, filter, today);
  });
}

function condition(field: Field, kind: ColumnKind, column: SQL, filter: RecordFilter, today: string): SQL {
  const { op } = filter;
  if (!OPS[kind].includes(op)) throw badRequest(`${field.label} cannot be filtered with "${op}"; use one of: ${OPS[kind].join(", ")}`);
  if (op === "empty") return sql`${column} is null`;
  if (op === "notEmpty") return sql`${column} is not null`;
  const values = Array.isArray(filter.value) ? filter.value : [filter.value];
  if (kind === "text[]") {
    // Tags: "is urgent" has that tag, "in [urgent, billing]" has any of them.
    const tags = values.map((v) => {
      const result = check(field, typeof v === "string" ? v : String(v));
      if (!result.ok || (result.value as string[]).length !== 1) throw badRequest(`${field.label} filter: ${result.ok ? "give one tag per value" : `${field.label} ${result.message}`}`);
      return (result.value as string[])[0]!;
    });
    if (!tags.length || (op === "is" && tags.length !== 1)) throw badRequest(`${field.label} filter: ${op} needs ${op === "is" ? "one tag" : "a list of tags"}`);
    return sql`${column} && ${sql.param(tags)}::text[]`;
  }
  /** A filter value as the column's type, checked as a record's value is (dates alone are fine for date-times). */
  const typed = (v: unknown): SQL => {
    if ((kind === "date" || kind === "timestamptz") && typeof v === "string" && /^\d{4}-\d\d-\d\d$/.test(v)) {
      const day = check({ ...field, type: "date" }, v);
      if (!day.ok) throw badRequest(`${field.label} filter: ${day.message}`);
      return sql`${v}::date`;
    }
    const result = check(field.type === "longText" ? { ...field, type: "text" } : field, typeof v === "number" && kind === "text" ? String(v) : v);
    if (!result.ok) throw badRequest(`${field.label} filter: ${field.label} ${result.message}`);
    return sql`${String(result.value)}::${sql.raw(kind)}`;
  };
  switch (op) {
    case "contains":
      if (typeof filter.value !== "string" || !filter.value.trim()) throw badRequest(`${field.label} filter: contains needs some text`);
      return sql`${column} ilike ${`%${filter.value.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`;
    case "is":
    case "isNot": {
      if (values.length !== 1 || values[0] === null || values[0] === undefined) throw badRequest(`${field.label} filter: ${op} needs one value`);
      // Free text compares without case; a date compared with a date-time means that whole day.
      const v = values[0];
      const same = kind === "text" && field.type !== "enum" && typeof v === "string" ? sql`lower(${column}) = lower(${v})` : dayOrValue(kind, column, v, typed);
      return op === "is" ? same : sql`(${column} is null or not (${same}))`;
    }
    case "in": {
      if (!Array.isArray(filter.value) || !filter.value.length) throw badRequest(`${field.label} filter: in needs a list of values`);
      return sql`${column} in (${sql.join(filter.value.map(typed), sql`, `)})`;
    }
    case "between": {
      if (!Array.isArray(filter.value) || filter.value.length !== 2 || filter.value.every((v) => v === null)) throw badRequest(`${field.label} filter: between needs [from, to], one of them may be null`);
      const bound = (v: unknown) => (v === null ? null : { value: typed(v), day: isDay(v) });
      return range(kind, column, bound(filter.value[0]), bound(filter.value[1]));
    }
    case "within": {
      const period = DATE_PERIODS.find((p) => p === filter.value);
      if (!period) throw badRequest(`${field.label} filter: within needs one of ${DATE_PERIODS.join(", ")}`);
      const [from, to] = periodRange(period, today);
      const bound = (day: string | null) => (day === null ? null : { value: sql`${day}::date`, day: true });
      return range(kind, column, bound(from), bound(to));
    }
  }
  throw badRequest(`unknown filter "${String(op)}"`);
}

const isDay = (v: unknown) => typeof v === "string" && /^\d{4}-\d\d-\d\d$/.test(v);

/** `column = value`, or for a date-time and a day, every moment of that day. */
function dayOrValue(kind: ColumnKind, column: SQL, v: unknown, typed: (v: unknown) => SQL): SQL {
  const value = typed(v);
  if (kind === "timestamptz" && isDay(v)) return range(kind, column, { value, day: true }, { value, day: true });
  return sql`${column} = ${value}`;
}

/** A UTC day's first moment. */
const startOf = (day: SQL) => sql`((${day})::timestamp at time zone 'UTC')`;

/** Both ends included; a date-time's end may be a day (all of it, UTC) or a moment. */
function range(kind: ColumnKind, column: SQL, from: { value: SQL; day: boolean } | null, to: { value: SQL; day: boolean } | null): SQL {
  const parts: SQL[] = [];
  const dayOfMoments = kind === "timestamptz";
  if (from) parts.push(sql`${column} >= ${dayOfMoments && from.day ? startOf(from.value) : from.value}`);
  if (to) parts.push(dayOfMoments && to.day ? sql`${column} < ${startOf(sql`(${to.value}) + 1`)}` : sql`${column} <= ${to.value}`);
  return sql.join(parts, sql` and `);
}
