/** The entity a records request is about, with its table, and which of its records the request's search and filters select. */
import type { AppSpec, Entity, RecordFilter } from "@vta/contracts";
import type { Db } from "../../platform/db/client.js";
import { badRequest, HttpError, notFound } from "../../platform/http/errors.js";
import { checkFilters, todayIn, type RecordSelection } from "./record-filters.js";
import type { EntityTable } from "./record-tables.js";
import { currentSpecAndTables } from "./record-tables.repository.js";

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
  const found = await currentSpecAndTables(db, workspaceId, appId);
  if (!found) throw notFound("App");
  const { spec, tables } = found;
  if (!spec) throw new HttpError(409, "not_built", "This app has no version yet; wait for its first build to finish");
  const entity = spec.entities.find((e) => e.name === entityName);
  if (!entity)
    throw new HttpError(
      404,
      "not_found",
      `This app has no "${entityName}" entity (it has: ${spec.entities.map((e) => e.name).join(", ")})`,
    );
  const table = tables.get(entity.name);
  if (!table) throw new Error(`app ${appId} has no table for ${entity.name}`);
  return { spec, entity, table, tables };
}

/** A field of the target's entity by name, or a 400 saying which there are ("cannot sort by "x": tasks have …"). */
export function fieldNamed(t: Target, name: string, doing: string, also: string[] = []) {
  const field = t.entity.fields.find((f) => f.name === name);
  if (!field && !also.includes(name))
    throw badRequest(
      `cannot ${doing} "${name}": ${t.entity.pluralLabel.toLowerCase()} have ${[...t.entity.fields.map((f) => f.name), ...also].join(", ")}`,
    );
  return field;
}

/** The records of the entity that the query's search and filters select, checked (a bad filter or time zone is a 400), "today" taken at `now`. */
export function selectionOf(t: Target, q: RecordFilterQuery, now: Date): RecordSelection {
  return { filters: checkFilters(t.entity, t.table, q.filters ?? [], todayIn(q.tz, now)), search: q.search };
}
