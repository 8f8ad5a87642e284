/** The entity a records request is about, with its table, and the records its search and filters let through. */
import { sql, type SQL } from "drizzle-orm";
import type { AppSpec, Entity, RecordFilter } from "@vta/contracts";
import type { Db } from "../../platform/db/client.js";
import { queryRows } from "../../platform/db/rows.js";
import { badRequest, HttpError, notFound } from "../../platform/http/errors.js";
import { likePattern } from "../../platform/http/cursor.js";
import { filterConditions, todayIn } from "./record-filters.js";
import { searchExpression } from "./record-columns.repository.js";
import type { EntityTable } from "./record-tables.js";
import { fromRow, type CatalogRow } from "./record-tables.repository.js";

/** An entity of the app's current spec, the table its records are in, and the app's other tables. */
export interface Target {
  spec: AppSpec;
  entity: Entity;
  table: EntityTable;
  tables: Map<string, EntityTable>;
}

/** Which records: a search over the text fields and filters on fields (see record-filters.ts). */
export interface RecordFilterQuery {
  search?: string;
  filters?: RecordFilter[];
  /** The caller's time zone: what "today" is for date periods. */
  tz?: string;
}

/** The app's current spec and its tables, in one statement; 404 for another workspace's app or an unknown entity. */
export async function targetOf(db: Db, workspaceId: string, appId: string, entityName: string): Promise<Target> {
  const rows = await queryRows<{ spec: AppSpec | null; tables: CatalogRow[] }>(db, sql`
    select v.spec, coalesce((select jsonb_agg(to_jsonb(t)) from app_tables t where t.app_id = a.id), '[]'::jsonb) as tables
    from apps a left join app_versions v on v.app_id = a.id and v.version = a.current_version
    where a.id = ${appId} and a.workspace_id = ${workspaceId} and a.deleted_at is null`);
  if (!rows[0]) throw notFound("App");
  const { spec } = rows[0];
  if (!spec) throw new HttpError(409, "not_built", "This app has no version yet; wait for its first build to finish");
  const entity = spec.entities.find((e) => e.name === entityName);
  if (!entity) throw new HttpError(404, "not_found", `This app has no "${entityName}" entity (it has: ${spec.entities.map((e) => e.name).join(", ")})`);
  const tables = new Map(rows[0].tables.map((t) => [t.entity, fromRow(t)]));
  const table = tables.get(entity.name);
  if (!table) throw new Error(`app ${appId} has no table for ${entity.name}`);
  return { spec, entity, table, tables };
}

/** A field of the target's entity by name, or a 400 saying which there are ("cannot sort by "x": tasks have …"). */
export function fieldNamed(t: Target, name: string, doing: string, also: string[] = []) {
  const field = t.entity.fields.find((f) => f.name === name);
  if (!field && !also.includes(name)) throw badRequest(`cannot ${doing} "${name}": ${t.entity.pluralLabel.toLowerCase()} have ${[...t.entity.fields.map((f) => f.name), ...also].join(", ")}`);
  return field;
}

/**
 * What a search lets through (over every text field), or null for no search. The trigram index is
 * asked for one word of it, the one likeliest to be rare (with a digit, else the longest): a
 * phrase's common words have posting lists of most of the table, and intersecting them cost more
 * than checking the few records the rare word finds for the whole phrase (not indexable, on purpose).
 */
export function searchCondition(t: Target, search: string | undefined): SQL | null {
  const phrase = search?.trim();
  if (!phrase) return null;
  const expression = searchExpression(t.table);
  if (!expression) return sql`false`;
  const words = phrase.split(/\s+/);
  if (words.length === 1) return sql`${expression} ilike ${likePattern(phrase)}`;
  const rarest = [...words].sort((a, b) => Number(/\d/.test(b)) - Number(/\d/.test(a)) || b.length - a.length)[0]!;
  return sql`${expression} ilike ${likePattern(rarest)} and strpos(lower(${expression}), ${phrase.toLowerCase()}) > 0`;
}

/** The records of the entity that the search and filters let through (`r` is its table), "today" taken at `now`. */
export function whereListed(t: Target, q: RecordFilterQuery, now: Date): SQL {
  const conditions = filterConditions(t.entity, t.table, q.filters ?? [], todayIn(q.tz, now));
  const search = searchCondition(t, q.search);
  if (search) conditions.push(search);
  return conditions.length ? sql.join(conditions, sql` and `) : sql`true`;
}
