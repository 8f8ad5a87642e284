/** An app's records, per entity, validated against the app's current spec, in the entity's own table. */
import { sql, type SQL } from "drizzle-orm";
import { isNumeric, type AppRecord, type AppSpec, type RecordGroups, type RecordStats } from "@vta/contracts";
import type { Cache, Entry } from "../../platform/cache/cache.js";
import { ns } from "../../platform/cache/namespaces.js";
import type { Db } from "../../platform/db/client.js";
import { pgErrorCode, queryRows, toIso } from "../../platform/db/rows.js";
import { badRequest, HttpError, notFound } from "../../platform/http/errors.js";
import { isRealTimestamp, UUID } from "../../platform/http/cursor.js";
import { importAnswer, startImport } from "./record-imports.js";
import { exportCsv, importCsv, type ImportOptions } from "./record-transfer.js";
import { todayIn } from "./record-filters.js";
import { fieldNamed, selectionOf, targetOf, type RecordFilterQuery, type Target } from "./record-target.js";
import { searchCondition, whereSelected } from "./record-filters.repository.js";
import { referencesOf, validateRecord } from "./record-validation.js";
import { columnRef, dataExpression, sortExpression, sqlValue, tableRef } from "./record-columns.repository.js";
import { columnOf } from "./record-tables.js";
import { recordPages, tablesOf, type StoredRecord } from "./record-tables.repository.js";
import type { RecordColumn } from "../../../db/schema.js";

interface RecordRow extends StoredRecord {
  sort_value?: string | null;
}

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

/** How a page is ordered: the expression, its value as cursor text, and that text read back. */
interface SortKey {
  order: SQL;
  text: SQL;
  /** Whether a cursor's value could have come from this key (an edited one answers 400, not a failed cast). */
  valid: (v: string) => boolean;
  cast: (v: string) => SQL;
  nullable: boolean;
}

const NUMBER = /^-?[0-9]+(\.[0-9]+)?$/;
const isoUtc = (e: SQL) => sql`to_char(${e} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
const CREATED: SortKey = { order: sql`r.created_at`, text: isoUtc(sql`r.created_at`), valid: isRealTimestamp, cast: (v) => sql`${v}::timestamptz`, nullable: false };

function sortKey(c: RecordColumn): SortKey {
  const order = sortExpression(c);
  const plain = { order, text: sql`${order}::text`, nullable: true };
  switch (c.kind) {
    case "numeric":
      return { ...plain, valid: (v) => NUMBER.test(v), cast: (v) => sql`${v}::numeric` };
    case "date":
      return { ...plain, valid: (v) => /^\d{4}-\d\d-\d\d$/.test(v) && isRealTimestamp(`${v} 00:00:00`), cast: (v) => sql`${v}::date` };
    case "timestamptz":
      return { ...plain, text: isoUtc(order), valid: isRealTimestamp, cast: (v) => sql`${v}::timestamptz` };
    case "boolean":
      return { ...plain, valid: (v) => v === "true" || v === "false", cast: (v) => sql`${v}::boolean` };
    case "uuid":
      return { ...plain, valid: (v) => UUID.test(v), cast: (v) => sql`${v}::uuid` };
    case "text":
      return { ...plain, valid: () => true, cast: (v) => sql`${v}::text` };
    case "text[]":
      return { ...plain, valid: (v) => /^\{.*\}$/s.test(v), cast: (v) => sql`${v}::text[]` };
  }
}

function encodeCursor(value: string | null, id: string) {
  return Buffer.from(JSON.stringify([value, id])).toString("base64url");
}

const badCursor = () => badRequest("cursor is not valid; use the nextCursor of the previous page");

function decodeCursor(raw: string | undefined, key: SortKey): [string | null, string] | null {
  if (!raw) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
  } catch {
    throw badCursor();
  }
  if (!Array.isArray(parsed) || parsed.length !== 2 || typeof parsed[1] !== "string" || !UUID.test(parsed[1])) throw badCursor();
  const [value, id] = parsed as [unknown, string];
  if (value === null ? !key.nullable : typeof value !== "string" || !key.valid(value)) throw badCursor();
  return [value as string | null, id];
}

const invalidRecord = (problems: { field: string; message: string }[]) =>
  new HttpError(400, "invalid_record", problems.map((p) => p.message).join("; "), { fields: problems });

/** How many records in order a search looks through before it asks the trigram index instead (a phrase in one record of 20 fills a page of 50 within them). */
const SEARCH_WINDOW = 2_000;

/** No search and no filter: every record counts, so kept totals can answer. */
const unfiltered = (q: RecordFilterQuery) => !q.search?.trim() && !q.filters?.length;

/** Totals and groups stay cached until a record of the app is written or a version committed (both empty `ns.records`). */
const TOTALS_TTL_MS = 5 * 60_000;

export function createRecordsService(deps: { now?: () => Date; cache: Cache }) {
  const now = deps.now ?? (() => new Date());
  /** A write's end: the app's cached totals and groups go. */
  const changed = (appId: string) => deps.cache.invalidate(ns.records(appId));
  /** An answer over the records a query lets through, cached for the workspace that asked, by the query and the day it is where they are. */
  const cachedAnswer = async (workspaceId: string, appId: string, what: string, q: RecordFilterQuery, compute: () => Promise<unknown>): Promise<Entry> => {
    const load = async () => JSON.stringify(await compute());
    const key = `${what}:${workspaceId}:${JSON.stringify([q, todayIn(q.tz, now())])}`;
    return deps.cache.getOrLoad(ns.records(appId), key, load, { ttlMs: TOTALS_TTL_MS });
  };

  const columns = (t: Target) => sql`r.id, ${dataExpression(t.table, t.entity)} as data, r.created_at, r.updated_at`;

  /** The validated values as (column, value) pairs. */
  const assignments = (t: Target, data: Record<string, unknown>) =>
    t.entity.fields.filter((f) => Object.hasOwn(data, f.name)).map((f) => {
      const column = columnOf(t.table, f)!;
      return { column, value: sqlValue(column, data[f.name] as string | number | boolean | string[] | null) };
    });

  /** Every referenced record must exist under the referenced entity: one query (the foreign key is the backstop). */
  async function checkReferences(db: Db, t: Target, data: Record<string, unknown>) {
    const refs = referencesOf(t.entity, data);
    if (!refs.length) return;
    const found = await queryRows<{ id: string; field: string }>(db, sql.join(
      refs.map((r) => sql`select id::text, ${r.field}::text as field from ${tableRef(t.tables.get(r.entity)!)} where id = ${r.id}::uuid`),
      sql` union all `,
    ));
    const missing = refs.filter((r) => !found.some((f) => f.field === r.field));
    if (missing.length) throw invalidRecord(missing.map((m) => ({ field: m.field, message: `${m.field} points to no ${m.entity} of this app` })));
  }

  /** A write that lost a race with a delete of the record it points to: the same answer as the check before it. */
  async function writing<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (err) {
      if (pgErrorCode(err) === "23503") throw invalidRecord([{ field: "", message: "a linked record was deleted meanwhile; pick it again" }]);
      throw err;
    }
  }

  return {
    /** Records of one entity: search over its text, sort by any field (empty values last), keyset pages. */
    async list(db: Db, workspaceId: string, appId: string, entityName: string, q: RecordQuery) {
      const t = await targetOf(db, workspaceId, appId, entityName);
      const desc = !q.sort || q.sort.startsWith("-");
      const field = q.sort ? fieldNamed(t, q.sort.replace(/^-/, ""), "sort by", ["createdAt"]) : undefined;
      const key = field ? sortKey(columnOf(t.table, field)!) : CREATED;
      const cursor = decodeCursor(q.cursor, key);
      const [dir, cmp] = desc ? [sql`desc`, sql`<`] : [sql`asc`, sql`>`];
      const limit = q.limit + 1;
      const search = searchCondition(t.table, q.search);
      const filtered = whereSelected(t.table, { filters: selectionOf(t, q, now()).filters });
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
        if (rows.length === limit) return pageOf(rows);
      }
      const parts = !key.nullable ? [part(valuedOnly, valuedOrder)] : inNullPhase ? [part(emptyOnly, emptyOrder)] : [part(valuedOnly, valuedOrder), part(emptyOnly, emptyOrder)];
      return pageOf(await queryRows<RecordRow>(db, parts.length === 1 ? parts[0]! : sql`${sql.join(parts, sql` union all `)} limit ${limit}`));

      function pageOf(rows: RecordRow[]) {
        const page = rows.slice(0, q.limit);
        const last = page.at(-1);
        return { items: page.map(serialize), nextCursor: rows.length > q.limit && last ? encodeCursor(last.sort_value ?? null, last.id) : null };
      }
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
      const total = (measure: string, what: "count" | "sum") =>
        sql`(select ${sql.raw(what)} from record_totals where table_name = ${t.table.table} and col = '' and key = '' and measure = ${measure})`;
      const measures = numeric.flatMap(({ column }, i) => {
        const c = columnRef(column);
        const extreme = (fn: "min" | "max") => (kept ? sql`(select ${sql.raw(fn)}(${c}) from ${tableRef(t.table)})` : sql`${sql.raw(fn)}(${c})`);
        return [
          sql`${kept ? total(column.column, "count") : sql`count(${c})`}::int as ${sql.raw(`n${i}`)}`,
          sql`coalesce(${kept ? total(column.column, "sum") : sql`sum(${c})`}, 0)::text as ${sql.raw(`s${i}`)}`,
          sql`${extreme("min")}::text as ${sql.raw(`lo${i}`)}`,
          sql`${extreme("max")}::text as ${sql.raw(`hi${i}`)}`,
        ];
      });
      const count = kept ? sql`coalesce(${total("", "count")}, 0)::int as count` : sql`count(*)::int as count`;
      const [row] = await queryRows<Record<string, string | number | null>>(db, sql`
        select ${sql.join([count, ...measures], sql`, `)} ${kept ? sql`` : sql`from ${tableRef(t.table)} r where ${whereSelected(t.table, selectionOf(t, q, now()))}`}`);
      const num = (v: string | number | null | undefined) => (v === null || v === undefined ? null : Number(v));
      return {
        count: Number(row!.count),
        fields: Object.fromEntries(
          numeric.map(({ field }, i) => {
            const n = Number(row![`n${i}`]);
            const sum = num(row![`s${i}`]) ?? 0;
            return [field.name, { count: n, sum, avg: n ? sum / n : null, min: num(row![`lo${i}`]), max: num(row![`hi${i}`]) }];
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
      const period = sql.raw(`'${q.period}'`);
      const order = dated ? sql`1 desc nulls first` : sql`3 desc, 1`;
      const kept = unfiltered(q) && t.table.totals.groups.includes(column.column) && (!measureColumn || t.table.totals.measures.includes(measureColumn.column));
      let rows: { key: string | null; label: string | null; count: number; sum: string | null }[];
      if (kept) {
        const key = sql`nullif(key, '')`;
        rows = await queryRows(db, sql`
          select ${dated ? sql`to_char(date_trunc(${period}, ${key}::date), 'YYYY-MM-DD')` : key} as key, null::text as label,
            (sum(count) filter (where measure = ''))::int as count,
            ${measureColumn ? sql`(sum(sum) filter (where measure = ${measureColumn.column}))::text` : sql`null::text`} as sum
          from record_totals where table_name = ${t.table.table} and col = ${column.column} and measure in ('', ${measureColumn?.column ?? ""})
          group by 1 having sum(count) filter (where measure = '') > 0 order by ${order} limit 201`);
      } else {
        const c = sql`r.${columnRef(column)}`;
        const key =
          column.kind === "date" ? sql`to_char(date_trunc(${period}, ${c}), 'YYYY-MM-DD')`
          : column.kind === "timestamptz" ? sql`to_char(date_trunc(${period}, ${c} at time zone 'UTC'), 'YYYY-MM-DD')`
          : column.kind === "text[]" ? sql`tag.v`
          : sql`${c}::text`;
        // A record with tags counts once under each of them.
        const tags = column.kind === "text[]" ? sql`left join lateral unnest(${c}) as tag(v) on true` : sql``;
        const target = column.ref ? t.tables.get(column.ref) : undefined;
        const targetEntity = target && t.spec.entities.find((e) => e.name === column.ref);
        const titleField = targetEntity?.fields.find((f) => columnOf(target!, f)?.kind === "text");
        const label = target && titleField ? sql`(select x.${columnRef(columnOf(target, titleField)!)} from ${tableRef(target)} x where x.id = g.key::uuid)` : sql`null::text`;
        rows = await queryRows(db, sql`
          select g.key, ${label} as label, g.count, g.sum from (
            select ${key} as key, count(*)::int as count, ${measureColumn ? sql`sum(r.${columnRef(measureColumn)})::text` : sql`null::text`} as sum
            from ${tableRef(t.table)} r ${tags} where ${whereSelected(t.table, selectionOf(t, q, now()))}
            group by 1 order by ${dated ? sql`1 desc nulls first` : sql`2 desc, 1`} limit 201) g`);
      }
      const truncated = rows.length > 200;
      const value = (k: string | null) => (k === null ? null : column.kind === "numeric" ? Number(k) : column.kind === "boolean" ? k === "true" : k);
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
      const rows = await queryRows<RecordRow>(db, sql`select ${columns(t)} from ${tableRef(t.table)} r where r.id = ${id}`);
      if (!rows[0]) throw notFound("Record");
      return serialize(rows[0]);
    },

    async create(db: Db, workspaceId: string, appId: string, entityName: string, body: Record<string, unknown>) {
      const t = await targetOf(db, workspaceId, appId, entityName);
      const { data, problems } = validateRecord(t.entity, body, false);
      if (problems.length) throw invalidRecord(problems);
      // validateRecord refuses a new record with no value, so there is a column to insert.
      const values = assignments(t, data).filter((a) => data[a.column.field] !== null);
      await checkReferences(db, t, data);
      const rows = await writing(() => queryRows<RecordRow>(db, sql`
        insert into ${tableRef(t.table)} as r (${sql.join(values.map((a) => columnRef(a.column)), sql`, `)}) values (${sql.join(values.map((a) => a.value), sql`, `)})
        returning ${columns(t)}`));
      await changed(appId);
      return serialize(rows[0]!);
    },

    async update(db: Db, workspaceId: string, appId: string, entityName: string, id: string, body: Record<string, unknown>) {
      const t = await targetOf(db, workspaceId, appId, entityName);
      if (Object.keys(body).length === 0) throw badRequest("nothing to update");
      const { data, problems } = validateRecord(t.entity, body, true);
      if (problems.length) throw invalidRecord(problems);
      await checkReferences(db, t, data);
      const sets = assignments(t, data).map((a) => sql`${columnRef(a.column)} = ${a.value}`);
      const rows = await writing(() => queryRows<RecordRow>(db, sql`
        update ${tableRef(t.table)} r set ${sql.join([...sets, sql`updated_at = now()`], sql`, `)} where r.id = ${id}
        returning ${columns(t)}`));
      if (!rows[0]) throw notFound("Record");
      await changed(appId);
      return serialize(rows[0]);
    },

    /**
     * Deletes a record. When records of the app link to it, nothing is deleted unless `references`
     * says what to do: "clear" leaves those records without the link.
     */
    async remove(db: Db, workspaceId: string, appId: string, entityName: string, id: string, references?: "clear") {
      const t = await targetOf(db, workspaceId, appId, entityName);
      if (!references) {
        const links = t.spec.entities.flatMap((e) => e.fields.filter((f) => f.type === "reference" && f.ref === t.entity.name).map((f) => ({ entity: e, field: f, table: t.tables.get(e.name)! })));
        if (links.length) {
          const counts = await queryRows<{ i: number; n: number }>(db, sql.join(
            links.map((l, i) => sql`select ${i}::int as i, count(*)::int as n from ${tableRef(l.table)} where ${columnRef(columnOf(l.table, l.field)!)} = ${id}::uuid`),
            sql` union all `,
          ));
          const used = counts.filter((c) => c.n > 0).map((c) => ({ entity: links[c.i]!.entity.name, field: links[c.i]!.field.name, count: c.n, label: `${c.n} ${(c.n === 1 ? links[c.i]!.entity.label : links[c.i]!.entity.pluralLabel).toLowerCase()}` }));
          if (used.length) {
            throw new HttpError(409, "referenced", `This ${t.entity.label.toLowerCase()} is linked from ${used.map((u) => u.label).join(" and ")}; delete it with references=clear to leave them without it`, {
              references: used.map(({ entity, field, count }) => ({ entity, field, count })),
            });
          }
        }
      }
      const rows = await queryRows<{ id: string }>(db, sql`delete from ${tableRef(t.table)} where id = ${id} returning id`);
      if (!rows[0]) throw notFound("Record");
      await changed(appId);
    },

    /** The newest `perEntity` records of each entity, oldest first, a page of `pageSize` at a time (see recordPages). */
    async *snapshot(db: Db, appId: string, spec: AppSpec, perEntity: number, pageSize = 25): AsyncGenerator<{ entity: string; records: AppRecord[] }> {
      const tables = await tablesOf(db, appId);
      for (const entity of spec.entities) {
        const table = tables.get(entity.name);
        if (!table) continue;
        const [from] = await queryRows<{ at: string; id: string }>(db, sql`
          select r.created_at::text as at, r.id from ${tableRef(table)} r order by r.created_at desc, r.id desc offset ${perEntity - 1} limit 1`);
        for await (const rows of recordPages(db, table, entity, { from, limit: perEntity, pageSize })) yield { entity: entity.name, records: rows.map(serialize) };
      }
    },
  };
}

export type RecordsService = ReturnType<typeof createRecordsService>;
