/**
 * Filters on an entity's fields, checked. Every value is checked by the field's type first (a
 * choice must be one of its options, a date a real date), so a bad filter is a 400 that says what
 * to fix, never a failed cast. A checked filter is plain data: its column and its condition, which
 * record-filters.repository.ts writes as SQL.
 */
import { DATE_PERIODS, periodRange, type Entity, type Field, type FilterOp, type RecordFilter } from "@vta/contracts";
import type { RecordColumn } from "../../../db/schema.js";
import { badRequest } from "../../platform/http/errors.js";
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

/** The record's own columns: its id and times. */
export type OwnColumn = "id" | "created_at" | "updated_at";

/** The record's own id and times: ids picked by `is` or `in` (a page of linked records' titles), times like date-and-time fields. */
const OWN: Record<string, { field: Field; kind: ColumnKind; column: OwnColumn }> = {
  id: { field: { name: "id", label: "Id", type: "reference", required: true }, kind: "uuid", column: "id" },
  createdAt: {
    field: { name: "createdAt", label: "Created", type: "dateTime", required: true },
    kind: "timestamptz",
    column: "created_at",
  },
  updatedAt: {
    field: { name: "updatedAt", label: "Updated", type: "dateTime", required: true },
    kind: "timestamptz",
    column: "updated_at",
  },
};

/** A checked value as text, and the type it is read as. */
export interface TypedValue {
  text: string;
  type: ColumnKind;
}

/** One end of a range: a value, or (`day`) a whole day, which for a date-time is every moment of it. */
export interface Bound {
  value: TypedValue;
  day: boolean;
}

/** What a filter asks of its column's value. */
export type Condition =
  | { op: "empty" | "notEmpty" }
  | { op: "hasAnyTag"; tags: string[] }
  | { op: "contains"; text: string }
  | { op: "sameText"; text: string }
  | { op: "equals"; value: TypedValue }
  | { op: "in"; values: TypedValue[] }
  | { op: "range"; from: Bound | null; to: Bound | null }
  | { op: "not"; condition: Condition };

/** A filter checked against its field: the column it reads (`r` is the table), the column's kind and the condition. */
export interface CheckedFilter {
  column: RecordColumn | OwnColumn;
  kind: ColumnKind;
  condition: Condition;
}

/** Today's date where the person is (an IANA time zone; UTC when none is given). */
export function todayIn(tz: string | undefined, now: Date): string {
  try {
    return new Intl.DateTimeFormat("en-CA", { timeZone: tz ?? "UTC", year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
  } catch {
    throw badRequest(`tz "${tz}" is not a time zone; use a name such as Europe/Paris or America/New_York`);
  }
}

/** `filters` checked against the entity's fields, "today" being `today`; the first bad one is a 400. */
export function checkFilters(entity: Entity, table: EntityTable, filters: RecordFilter[], today: string): CheckedFilter[] {
  return filters.map((filter) => {
    // A field of the app's own named "id" or "createdAt" is the one meant.
    const declared = entity.fields.find((f) => f.name === filter.field);
    const own = !declared && Object.hasOwn(OWN, filter.field) ? OWN[filter.field] : undefined;
    const field = declared ?? own?.field;
    if (!field)
      throw badRequest(
        `cannot filter by "${filter.field}": ${entity.pluralLabel.toLowerCase()} have ${[...entity.fields.map((f) => f.name), ...Object.keys(OWN)].join(", ")}`,
      );
    const found = own ?? { kind: columnOf(table, field)!.kind, column: columnOf(table, field)! };
    return { column: found.column, kind: found.kind, condition: condition(field, found.kind, filter, today) };
  });
}

function condition(field: Field, kind: ColumnKind, filter: RecordFilter, today: string): Condition {
  const { op } = filter;
  if (!OPS[kind].includes(op)) throw badRequest(`${field.label} cannot be filtered with "${op}"; use one of: ${OPS[kind].join(", ")}`);
  if (op === "empty" || op === "notEmpty") return { op };
  const values = Array.isArray(filter.value) ? filter.value : [filter.value];
  if (kind === "text[]") {
    // Tags: "is urgent" has that tag, "in [urgent, billing]" has any of them.
    const tags = values.map((v) => {
      const result = check(field, typeof v === "string" ? v : String(v));
      if (!result.ok || (result.value as string[]).length !== 1)
        throw badRequest(`${field.label} filter: ${result.ok ? "give one tag per value" : `${field.label} ${result.message}`}`);
      return (result.value as string[])[0]!;
    });
    if (!tags.length || (op === "is" && tags.length !== 1))
      throw badRequest(`${field.label} filter: ${op} needs ${op === "is" ? "one tag" : "a list of tags"}`);
    return { op: "hasAnyTag", tags };
  }
  /** A filter value as the column's type, checked as a record's value is (dates alone are fine for date-times). */
  const typed = (v: unknown): TypedValue => {
    if ((kind === "date" || kind === "timestamptz") && typeof v === "string" && /^\d{4}-\d\d-\d\d$/.test(v)) {
      const day = check({ ...field, type: "date" }, v);
      if (!day.ok) throw badRequest(`${field.label} filter: ${day.message}`);
      return { text: v, type: "date" };
    }
    const result = check(
      field.type === "longText" ? { ...field, type: "text" } : field,
      typeof v === "number" && kind === "text" ? String(v) : v,
    );
    if (!result.ok) throw badRequest(`${field.label} filter: ${field.label} ${result.message}`);
    return { text: String(result.value), type: kind };
  };
  switch (op) {
    case "contains":
      if (typeof filter.value !== "string" || !filter.value.trim()) throw badRequest(`${field.label} filter: contains needs some text`);
      return { op: "contains", text: filter.value.trim() };
    case "is":
    case "isNot": {
      if (values.length !== 1 || values[0] === null || values[0] === undefined)
        throw badRequest(`${field.label} filter: ${op} needs one value`);
      // Free text compares without case; a date compared with a date-time means that whole day.
      const v = values[0];
      // A yes/no never ticked is a no: "is false" (and "isNot true") takes in the empty ones.
      if (kind === "boolean" && (v === false || v === "false") === (op === "is"))
        return { op: "not", condition: dayOrValue(kind, true, typed) };
      const same =
        kind === "text" && field.type !== "enum" && typeof v === "string"
          ? { op: "sameText" as const, text: v }
          : dayOrValue(kind, v, typed);
      return op === "is" ? same : { op: "not", condition: same };
    }
    case "in": {
      if (!Array.isArray(filter.value) || !filter.value.length) throw badRequest(`${field.label} filter: in needs a list of values`);
      return { op: "in", values: filter.value.map(typed) };
    }
    case "between": {
      if (!Array.isArray(filter.value) || filter.value.length !== 2 || filter.value.every((v) => v === null))
        throw badRequest(`${field.label} filter: between needs [from, to], one of them may be null`);
      const bound = (v: unknown) => (v === null ? null : { value: typed(v), day: isDay(v) });
      return { op: "range", from: bound(filter.value[0]), to: bound(filter.value[1]) };
    }
    case "within": {
      const period = DATE_PERIODS.find((p) => p === filter.value);
      if (!period) throw badRequest(`${field.label} filter: within needs one of ${DATE_PERIODS.join(", ")}`);
      const [from, to] = periodRange(period, today);
      const bound = (day: string | null): Bound | null => (day === null ? null : { value: { text: day, type: "date" }, day: true });
      return { op: "range", from: bound(from), to: bound(to) };
    }
  }
  throw badRequest(`unknown filter "${String(op)}"`);
}

const isDay = (v: unknown) => typeof v === "string" && /^\d{4}-\d\d-\d\d$/.test(v);

/** `column = value`, or for a date-time and a day, every moment of that day. */
function dayOrValue(kind: ColumnKind, v: unknown, typed: (v: unknown) => TypedValue): Condition {
  const value = typed(v);
  if (kind === "timestamptz" && isDay(v)) return { op: "range", from: { value, day: true }, to: { value, day: true } };
  return { op: "equals", value };
}

/** Which records a query lets through, checked: its filters, and its search over the text fields as given. */
export interface RecordSelection {
  filters: CheckedFilter[];
  search?: string;
}
