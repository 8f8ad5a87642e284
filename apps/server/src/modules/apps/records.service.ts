/** An app's records, per entity, validated against the app's current spec, in the entity's own table. */
import { isNumeric, type AppRecord, type AppSpec, type RecordGroups, type RecordStats } from "@vta/contracts";
import type { RecordColumn } from "../../../db/schema.js";
import type { Cache, Entry } from "../../platform/cache/cache.js";
import { ns } from "../../platform/cache/namespaces.js";
import type { Db } from "../../platform/db/client.js";
import { pgErrorCode, toIso } from "../../platform/db/rows.js";
import { badRequest, HttpError, notFound } from "../../platform/http/errors.js";
import { isRealTimestamp, UUID } from "../../platform/http/cursor.js";
import { groupsOf, statsOf } from "./record-aggregates.repository.js";
import { todayIn } from "./record-filters.js";
import { importAnswer, startImport } from "./record-imports.js";
import { existingLinks, linkCounts } from "./record-links.repository.js";
import { columnOf, type ColumnKind } from "./record-tables.js";
import { currentSpecAndTables, recordPages, tablesOf } from "./record-tables.repository.js";
import { fieldNamed, selectionOf, targetOf, type RecordFilterQuery, type Target } from "./record-target.js";
import { exportCsv, importCsv, type ImportOptions } from "./record-transfer.js";
import { referencesOf, validateRecord } from "./record-validation.js";
import {
  deleteRecord,
  getRecord,
  insertRecord,
  listRecords,
  nthNewest,
  updateRecord,
  type ColumnValue,
  type RecordRow,
} from "./records.repository.js";

const serialize = (r: RecordRow): AppRecord => ({ id: r.id, data: r.data, createdAt: toIso(r.created_at), updatedAt: toIso(r.updated_at) });

export interface RecordGroupsQuery extends RecordFilterQuery {
  groupBy: string;
  measure?: string;
  period: "day" | "week" | "month" | "year";
}

export interface RecordQuery extends RecordFilterQuery {
  sort?: string;
  limit: number;
  cursor?: string;
}

const NUMBER = /^-?[0-9]+(\.[0-9]+)?$/;

/** Whether a cursor's value could have come from a sort by a column of this kind (an edited one answers 400, not a failed cast). */
const CURSOR_VALUE: Record<ColumnKind, (v: string) => boolean> = {
  numeric: (v) => NUMBER.test(v),
  date: (v) => /^\d{4}-\d\d-\d\d$/.test(v) && isRealTimestamp(`${v} 00:00:00`),
  timestamptz: isRealTimestamp,
  boolean: (v) => v === "true" || v === "false",
  uuid: (v) => UUID.test(v),
  text: () => true,
  "text[]": (v) => /^\{.*\}$/s.test(v),
};

function encodeCursor(value: string | null, id: string) {
  return Buffer.from(JSON.stringify([value, id])).toString("base64url");
}

const badCursor = () => badRequest("cursor is not valid; use the nextCursor of the previous page");

/** A cursor read back for a sort by `column` (by created time when none, which no record lacks). */
function decodeCursor(raw: string | undefined, column: RecordColumn | undefined): [string | null, string] | null {
  if (!raw) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
  } catch {
    throw badCursor();
  }
  if (!Array.isArray(parsed) || parsed.length !== 2 || typeof parsed[1] !== "string" || !UUID.test(parsed[1])) throw badCursor();
  const [value, id] = parsed as [unknown, string];
  if (value === null ? !column : typeof value !== "string" || !CURSOR_VALUE[column?.kind ?? "timestamptz"](value)) throw badCursor();
  return [value as string | null, id];
}

const invalidRecord = (problems: { field: string; message: string }[]) =>
  new HttpError(400, "invalid_record", problems.map((p) => p.message).join("; "), { fields: problems });

/** No search and no filter: every record counts, so kept totals can answer. */
const unfiltered = (q: RecordFilterQuery) => !q.search?.trim() && !q.filters?.length;

/** Totals and groups stay cached until a record of the app is written or a version committed (both empty `ns.records`). */
const TOTALS_TTL_MS = 5 * 60_000;

export function createRecordsService(deps: { now?: () => Date; cache: Cache }) {
  const now = deps.now ?? (() => new Date());
  /** A write's end: the app's cached totals and groups go. */
  const changed = (appId: string) => deps.cache.invalidate(ns.records(appId));
  /** An answer over the records a query lets through, cached for the workspace that asked, by the query and the day it is where they are. */
  const cachedAnswer = async (
    workspaceId: string,
    appId: string,
    what: string,
    q: RecordFilterQuery,
    compute: () => Promise<unknown>,
  ): Promise<Entry> => {
    const load = async () => JSON.stringify(await compute());
    const key = `${what}:${workspaceId}:${JSON.stringify([q, todayIn(q.tz, now())])}`;
    return deps.cache.getOrLoad(ns.records(appId), key, load, { ttlMs: TOTALS_TTL_MS });
  };

  /** The validated values as (column, value) pairs. */
  const assignments = (t: Target, data: Record<string, unknown>): ColumnValue[] =>
    t.entity.fields
      .filter((f) => Object.hasOwn(data, f.name))
      .map((f) => ({ column: columnOf(t.table, f)!, value: data[f.name] as ColumnValue["value"] }));

  /** Every referenced record must exist under the referenced entity: one query (the foreign key is the backstop). */
  async function checkReferences(db: Db, t: Target, data: Record<string, unknown>) {
    const refs = referencesOf(t.entity, data);
    if (!refs.length) return;
    const found = await existingLinks(db, t.tables, refs);
    const missing = refs.filter((r) => !found.some((f) => f.field === r.field));
    if (missing.length)
      throw invalidRecord(missing.map((m) => ({ field: m.field, message: `${m.field} points to no ${m.entity} of this app` })));
  }

  /** A write that lost a race with a delete of the record it points to: the same answer as the check before it. */
  async function writing<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (err) {
      if (pgErrorCode(err) === "23503")
        throw invalidRecord([{ field: "", message: "a linked record was deleted meanwhile; pick it again" }]);
      throw err;
    }
  }

  return {
    /** Records of one entity: search over its text, sort by any field (empty values last), keyset pages. */
    async list(db: Db, workspaceId: string, appId: string, entityName: string, q: RecordQuery) {
      const t = await targetOf(db, workspaceId, appId, entityName);
      const desc = !q.sort || q.sort.startsWith("-");
      const field = q.sort ? fieldNamed(t, q.sort.replace(/^-/, ""), "sort by", ["createdAt"]) : undefined;
      const column = field ? columnOf(t.table, field)! : undefined;
      const after = decodeCursor(q.cursor, column);
      const rows = await listRecords(db, t, { sortBy: column, desc, after, limit: q.limit + 1, selection: selectionOf(t, q, now()) });
      const page = rows.slice(0, q.limit);
      const last = page.at(-1);
      return {
        items: page.map(serialize),
        nextCursor: rows.length > q.limit && last ? encodeCursor(last.sort_value ?? null, last.id) : null,
      };
    },

    /**
     * Count, and sum, average, minimum and maximum of each number and currency field, over every
     * record the filters let through. With no filter the counts and sums come from the kept totals
     * and the extremes from each column's index, so every record is never read.
     */
    async stats(db: Db, workspaceId: string, appId: string, entityName: string, q: RecordFilterQuery): Promise<RecordStats> {
      const t = await targetOf(db, workspaceId, appId, entityName);
      const numeric = t.entity.fields.filter((f) => isNumeric(f.type)).map((f) => ({ field: f, column: columnOf(t.table, f)! }));
      const kept = unfiltered(q) && numeric.every((n) => t.table.totals.measures.includes(n.column.column));
      const result = await statsOf(
        db,
        t,
        numeric.map((n) => n.column),
        kept ? "totals" : selectionOf(t, q, now()),
      );
      return {
        count: result.count,
        fields: Object.fromEntries(
          numeric.map(({ field }, i) => {
            const { count, sum, min, max } = result.columns[i]!;
            return [field.name, { count, sum, avg: count ? sum / count : null, min, max }];
          }),
        ),
      };
    },

    /**
     * Records counted (and a number summed) per value of a field over every record the filters let
     * through: a chart's series, a board's column counts. Dates group by period; at most 200 groups.
     * With no filter, choices, yes/no and dates are read from the kept totals.
     */
    async groups(db: Db, workspaceId: string, appId: string, entityName: string, q: RecordGroupsQuery): Promise<RecordGroups> {
      const t = await targetOf(db, workspaceId, appId, entityName);
      const field = fieldNamed(t, q.groupBy, "group by")!;
      const measure = q.measure ? fieldNamed(t, q.measure, "sum")! : undefined;
      if (measure && !isNumeric(measure.type)) throw badRequest(`${measure.label} is not a number or an amount; only those can be summed`);
      const column = columnOf(t.table, field)!;
      const measureColumn = measure ? columnOf(t.table, measure)! : undefined;
      const dated = column.kind === "date" || column.kind === "timestamptz";
      const kept =
        unfiltered(q) &&
        t.table.totals.groups.includes(column.column) &&
        (!measureColumn || t.table.totals.measures.includes(measureColumn.column));
      const rows = await groupsOf(db, t, column, measureColumn, q.period, kept ? "totals" : selectionOf(t, q, now()));
      const truncated = rows.length > 200;
      const value = (k: string | null) =>
        k === null ? null : column.kind === "numeric" ? Number(k) : column.kind === "boolean" ? k === "true" : k;
      const groups = rows.slice(0, 200).map((r) => ({
        value: value(r.key),
        label: r.key === null ? "(empty)" : column.kind === "boolean" ? (r.key === "true" ? "Yes" : "No") : (r.label ?? r.key),
        count: r.count,
        sum: measure ? (r.sum === null ? 0 : Number(r.sum)) : null,
      }));
      if (dated) groups.reverse();
      if (field.type === "enum") {
        const position = (v: unknown) => (v === null ? Infinity : (field.options ?? []).indexOf(v as string));
        groups.sort((a, b) => position(a.value) - position(b.value));
      }
      return { groups, truncated };
    },

    /** A CSV file into the entity: see record-transfer.ts. */
    async importCsv(db: Db, workspaceId: string, appId: string, entityName: string, text: string, opts: ImportOptions) {
      const result = await importCsv(db, await targetOf(db, workspaceId, appId, entityName), text, opts);
      await changed(appId);
      return result;
    },

    /** The same import, answered at once and run after (see record-imports.ts); the app and entity are checked first. */
    async startImport(db: Db, workspaceId: string, appId: string, entityName: string, text: string, opts: ImportOptions) {
      const t = await targetOf(db, workspaceId, appId, entityName);
      return startImport(db, { workspaceId, appId, entity: t.entity.name }, async (onProgress) => {
        const result = await importCsv(db, t, text, { ...opts, onProgress });
        await changed(appId);
        return result;
      });
    },

    importAnswer(db: Db, workspaceId: string, appId: string, entityName: string, importId: string) {
      return importAnswer(db, { workspaceId, appId, entity: entityName }, importId);
    },

    /** `stats`, as a cached JSON answer. */
    statsEntry(db: Db, workspaceId: string, appId: string, entityName: string, q: RecordFilterQuery) {
      return cachedAnswer(workspaceId, appId, `stats:${entityName}`, q, () => this.stats(db, workspaceId, appId, entityName, q));
    },

    /** `groups`, as a cached JSON answer. */
    groupsEntry(db: Db, workspaceId: string, appId: string, entityName: string, q: RecordGroupsQuery) {
      return cachedAnswer(workspaceId, appId, `groups:${entityName}`, q, () => this.groups(db, workspaceId, appId, entityName, q));
    },

    /** The records the filters let through as CSV text pieces; the app is checked before the first piece. */
    async exportCsv(db: Db, workspaceId: string, appId: string, entityName: string, q: RecordFilterQuery) {
      const t = await targetOf(db, workspaceId, appId, entityName);
      return { entity: t.entity, pieces: exportCsv(db, t, selectionOf(t, q, now())) };
    },

    async get(db: Db, workspaceId: string, appId: string, entityName: string, id: string) {
      const t = await targetOf(db, workspaceId, appId, entityName);
      const row = await getRecord(db, t, id);
      if (!row) throw notFound("Record");
      return serialize(row);
    },

    async create(db: Db, workspaceId: string, appId: string, entityName: string, body: Record<string, unknown>) {
      const t = await targetOf(db, workspaceId, appId, entityName);
      const { data, problems } = validateRecord(t.entity, body, false);
      if (problems.length) throw invalidRecord(problems);
      // validateRecord refuses a new record with no value, so there is a column to insert.
      const values = assignments(t, data).filter((a) => a.value !== null);
      await checkReferences(db, t, data);
      const row = await writing(() => insertRecord(db, t, values));
      await changed(appId);
      return serialize(row);
    },

    /** A deleted record put back as it was: its id, its created time and its values (undoing a delete). */
    async restore(db: Db, workspaceId: string, appId: string, entityName: string, record: AppRecord) {
      const t = await targetOf(db, workspaceId, appId, entityName);
      const { data, problems } = validateRecord(t.entity, record.data, true);
      if (problems.length) throw invalidRecord(problems);
      await checkReferences(db, t, data);
      try {
        const row = await writing(() =>
          insertRecord(
            db,
            t,
            assignments(t, data).filter((a) => a.value !== null),
            { id: record.id, createdAt: record.createdAt },
          ),
        );
        await changed(appId);
        return serialize(row);
      } catch (err) {
        if (pgErrorCode(err) === "23505") throw new HttpError(409, "conflict", "This record is already back");
        throw err;
      }
    },

    /** The app's current spec and the newest `perEntity` records of each entity, as one map. */
    async recent(db: Db, workspaceId: string, appId: string, perEntity: number) {
      const found = await currentSpecAndTables(db, workspaceId, appId);
      if (!found) throw notFound("App");
      if (!found.spec) throw new HttpError(409, "not_built", "This app has no version yet; wait for its first build to finish");
      const rows = new Map<string, AppRecord[]>();
      for await (const page of this.snapshot(db, appId, found.spec, perEntity, 500))
        rows.set(page.entity, [...(rows.get(page.entity) ?? []), ...page.records]);
      return { spec: found.spec, rows };
    },

    async update(db: Db, workspaceId: string, appId: string, entityName: string, id: string, body: Record<string, unknown>) {
      const t = await targetOf(db, workspaceId, appId, entityName);
      if (Object.keys(body).length === 0) throw badRequest("nothing to update");
      const { data, problems } = validateRecord(t.entity, body, true);
      if (problems.length) throw invalidRecord(problems);
      await checkReferences(db, t, data);
      const row = await writing(() => updateRecord(db, t, id, assignments(t, data)));
      if (!row) throw notFound("Record");
      await changed(appId);
      return serialize(row);
    },

    /**
     * Deletes a record. When records of the app link to it, nothing is deleted unless `references`
     * says what to do: "clear" leaves those records without the link.
     */
    async remove(db: Db, workspaceId: string, appId: string, entityName: string, id: string, references?: "clear") {
      const t = await targetOf(db, workspaceId, appId, entityName);
      if (!references) {
        const links = t.spec.entities.flatMap((e) =>
          e.fields
            .filter((f) => f.type === "reference" && f.ref === t.entity.name)
            .map((f) => ({ entity: e, field: f, table: t.tables.get(e.name)! })),
        );
        if (links.length) {
          const counts = await linkCounts(db, links, id);
          const used = counts
            .filter((c) => c.n > 0)
            .map((c) => ({
              entity: links[c.i]!.entity.name,
              field: links[c.i]!.field.name,
              count: c.n,
              label: `${c.n} ${(c.n === 1 ? links[c.i]!.entity.label : links[c.i]!.entity.pluralLabel).toLowerCase()}`,
            }));
          if (used.length) {
            throw new HttpError(
              409,
              "referenced",
              `This ${t.entity.label.toLowerCase()} is linked from ${used.map((u) => u.label).join(" and ")}; delete it with references=clear to leave them without it`,
              {
                references: used.map(({ entity, field, count }) => ({ entity, field, count })),
              },
            );
          }
        }
      }
      if (!(await deleteRecord(db, t.table, id))) throw notFound("Record");
      await changed(appId);
    },

    /** The newest `perEntity` records of each entity, oldest first, a page of `pageSize` at a time (see recordPages). */
    async *snapshot(
      db: Db,
      appId: string,
      spec: AppSpec,
      perEntity: number,
      pageSize = 25,
    ): AsyncGenerator<{ entity: string; records: AppRecord[] }> {
      const tables = await tablesOf(db, appId);
      for (const entity of spec.entities) {
        const table = tables.get(entity.name);
        if (!table) continue;
        const from = await nthNewest(db, table, perEntity);
        for await (const rows of recordPages(db, table, entity, { from, limit: perEntity, pageSize }))
          yield { entity: entity.name, records: rows.map(serialize) };
      }
    },
  };
}

export type RecordsService = ReturnType<typeof createRecordsService>;
