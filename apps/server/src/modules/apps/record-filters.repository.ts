/**
 * Which records a query lets through, as SQL over the entity's table (`r`): its checked filters
 * (see record-filters.ts) and its search over the text fields.
 */
import { sql, type SQL } from "drizzle-orm";
import { likePattern } from "../../platform/http/cursor.js";
import { columnRef, searchExpression } from "./record-columns.repository.js";
import type { Bound, CheckedFilter, Condition, RecordSelection, TypedValue } from "./record-filters.js";
import type { ColumnKind, EntityTable } from "./record-tables.js";

/** The conditions the search and filters put on the records (`r` is the table), joined; `true` when there are none. */
export function whereSelected(table: EntityTable, s: RecordSelection): SQL {
  const conditions = s.filters.map(filterCondition);
  const search = searchCondition(table, s.search);
  if (search) conditions.push(search);
  return conditions.length ? sql.join(conditions, sql` and `) : sql`true`;
}

/**
 * What a search lets through (over every text field), or null for no search. The trigram index is
 * asked for one word of it, the one likeliest to be rare (with a digit, else the longest): a
 * phrase's common words have posting lists of most of the table, and intersecting them cost more
 * than checking the few records the rare word finds for the whole phrase (not indexable, on purpose).
 */
export function searchCondition(table: EntityTable, search: string | undefined): SQL | null {
  const phrase = search?.trim();
  if (!phrase) return null;
  const expression = searchExpression(table);
  if (!expression) return sql`false`;
  const words = phrase.split(/\s+/);
  if (words.length === 1) return sql`${expression} ilike ${likePattern(phrase)}`;
  const rarest = [...words].sort((a, b) => Number(/\d/.test(b)) - Number(/\d/.test(a)) || b.length - a.length)[0]!;
  return sql`${expression} ilike ${likePattern(rarest)} and strpos(lower(${expression}), ${phrase.toLowerCase()}) > 0`;
}

function filterCondition(f: CheckedFilter): SQL {
  const column = typeof f.column === "string" ? sql.raw(`r.${f.column}`) : sql`r.${columnRef(f.column)}`;
  return conditionSql(f.kind, column, f.condition);
}

const typed = (v: TypedValue) => sql`${v.text}::${sql.raw(v.type)}`;

function conditionSql(kind: ColumnKind, column: SQL, c: Condition): SQL {
  switch (c.op) {
    case "empty":
      return sql`${column} is null`;
    case "notEmpty":
      return sql`${column} is not null`;
    case "hasAnyTag":
      return sql`${column} && ${sql.param(c.tags)}::text[]`;
    case "contains":
      return sql`${column} ilike ${likePattern(c.text)}`;
    case "sameText":
      return sql`lower(${column}) = lower(${c.text})`;
    case "equals":
      return sql`${column} = ${typed(c.value)}`;
    case "in":
      return sql`${column} in (${sql.join(c.values.map(typed), sql`, `)})`;
    case "range":
      return range(kind, column, c.from, c.to);
    case "not":
      return sql`(${column} is null or not (${conditionSql(kind, column, c.condition)}))`;
  }
}

/** A UTC day's first moment. */
const startOf = (day: SQL) => sql`((${day})::timestamp at time zone 'UTC')`;

/** Both ends included; a date-time's end may be a day (all of it, UTC) or a moment. */
function range(kind: ColumnKind, column: SQL, from: Bound | null, to: Bound | null): SQL {
  const parts: SQL[] = [];
  const dayOfMoments = kind === "timestamptz";
  if (from) parts.push(sql`${column} >= ${dayOfMoments && from.day ? startOf(typed(from.value)) : typed(from.value)}`);
  if (to)
    parts.push(dayOfMoments && to.day ? sql`${column} < ${startOf(sql`(${typed(to.value)}) + 1`)}` : sql`${column} <= ${typed(to.value)}`);
  return sql.join(parts, sql` and `);
}
