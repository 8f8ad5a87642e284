/** An app's records, per entity, validated against the app's current spec. */
import { sql, type SQL } from "drizzle-orm";
import type { AppRecord, AppSpec, Entity, RecordStats } from "@vta/contracts";
import type { Db } from "../../platform/db/client.js";
import { queryRows, toIso } from "../../platform/db/rows.js";
import { badRequest, HttpError, notFound } from "../../platform/http/errors.js";
import { isRealTimestamp, likePattern, UUID } from "../../platform/http/cursor.js";
import { referencesOf, validateRecord } from "./record-validation.js";

interface RecordRow {
  id: string;
  data: Record<string, unknown>;
  created_at: string;
  updated_at: string;
  sort_value?: string | null;
}

const serialize = (r: RecordRow): AppRecord => ({ id: r.id, data: r.data, createdAt: toIso(r.created_at), updatedAt: toIso(r.updated_at) });

export interface RecordQuery {
  search?: string;
  sort?: string;
  limit: number;
  cursor?: string;
}

const NUMERIC = /^(?:number|currency)$/;

/** A field's value as a number, or null when it holds none (numbers are stored as JSON numbers or numeric text). */
const numericValue = (raw: SQL) => sql`case when ${raw} ~ '^-?[0-9]+(\\.[0-9]+)?$' then ${raw}::numeric end`;

/** The records of one entity that a search lets through (search is over all values). */
function whereListed(appId: string, entity: string, search: string | undefined): SQL[] {
  const filters: SQL[] = [sql`r.app_id = ${appId}`, sql`r.entity = ${entity}`];
  if (search?.trim()) filters.push(sql`r.data::text ilike ${likePattern(search.trim())}`);
  return filters;
}

function encodeCursor(value: string | null, id: string) {
  return Buffer.from(JSON.stringify([value, id])).toString("base64url");
}

function decodeCursor(raw: string | undefined): [string | null, string] | null {
  if (!raw) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
    if (Array.isArray(parsed) && parsed.length === 2 && (typeof parsed[0] === "string" || parsed[0] === null) && typeof parsed[1] === "string" && UUID.test(parsed[1])) {
      return parsed as [string | null, string];
    }
  } catch {
    // fall through
  }
  throw badRequest("cursor is not valid; use the nextCursor of the previous page");
}

const invalidRecord = (problems: { field: string; message: string }[]) =>
  new HttpError(400, "invalid_record", problems.map((p) => p.message).join("; "), { fields: problems });

export function createRecordsService() {
  async function specOf(db: Db, workspaceId: string, appId: string): Promise<AppSpec> {
    const rows = await queryRows<{ spec: AppSpec | null }>(db, sql`
      select v.spec from apps a left join app_versions v on v.app_id = a.id and v.version = a.current_version
      where a.id = ${appId} and a.workspace_id = ${workspaceId} and a.deleted_at is null`);
    if (!rows[0]) throw notFound("App");
    if (!rows[0].spec) throw new HttpError(409, "not_built", "This app has no version yet; wait for its first build to finish");
    return rows[0].spec;
  }

  function entityOf(spec: AppSpec, name: string): Entity {
    const entity = spec.entities.find((e) => e.name === name);
    if (!entity) throw new HttpError(404, "not_found", `This app has no "${name}" entity (it has: ${spec.entities.map((e) => e.name).join(", ")})`);
    return entity;
  }

  /** Every referenced record must exist in this app under the referenced entity: one query. */
  async function checkReferences(db: Db, appId: string, entity: Entity, data: Record<string, unknown>) {
    const refs = referencesOf(entity, data);
    if (!refs.length) return;
    const found = await queryRows<{ id: string; entity: string }>(db, sql`
      select id, entity from app_records where app_id = ${appId} and id in (${sql.join(refs.map((r) => sql`${r.id}::uuid`), sql`, `)})`);
    const missing = refs.filter((r) => !found.some((f) => f.id === r.id && f.entity === r.entity));
    if (missing.length) throw invalidRecord(missing.map((m) => ({ field: m.field, message: `${m.field} points to no ${m.entity} of this app` })));
  }

  return {
    /** Records of one entity: search over all values, sort by any field, keyset pages. */
    async list(db: Db, workspaceId: string, appId: string, entityName: string, q: RecordQuery) {
      const entity = entityOf(await specOf(db, workspaceId, appId), entityName);
      const desc = !q.sort || q.sort.startsWith("-");
      const fieldName = q.sort?.replace(/^-/, "");
      const field = fieldName ? entity.fields.find((f) => f.name === fieldName) : undefined;
      if (fieldName && !field && fieldName !== "createdAt") throw badRequest(`cannot sort by "${fieldName}": ${entity.pluralLabel.toLowerCase()} have ${entity.fields.map((f) => f.name).join(", ")}`);
      const raw = field ? sql`(r.data->>${field.name})` : null;
      // Sort keys are text so one cursor format serves every type; numbers sort as numbers.
      const key: SQL = !raw
        ? sql`to_char(r.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`
        : NUMERIC.test(field!.type)
          ? numericValue(raw)
          : sql`coalesce(${raw}, '')`;
      const cursor = decodeCursor(q.cursor);
      // The cursor's value is cast as the sort key is: an edited one answers 400, not a failed cast.
      const value = cursor?.[0];
      if (cursor && value !== null && ((raw && NUMERIC.test(field!.type) && !/^-?[0-9]+(\.[0-9]+)?$/.test(value!)) || (!raw && !isRealTimestamp(value!)))) {
        throw badRequest("cursor is not valid; use the nextCursor of the previous page");
      }
      const filters = whereListed(appId, entity.name, q.search);
      if (cursor) {
        const [value, id] = cursor;
        const typed = raw && NUMERIC.test(field!.type) ? (value === null ? sql`null::numeric` : sql`${value}::numeric`) : sql`${value ?? ""}`;
        // Nulls (numbers left empty) sort last either way.
        filters.push(
          raw && NUMERIC.test(field!.type) && value === null
            ? sql`(${key} is null and r.id ${desc ? sql`<` : sql`>`} ${id}::uuid)`
            : sql`((${key}, r.id) ${desc ? sql`<` : sql`>`} (${typed}, ${id}::uuid)${raw && NUMERIC.test(field!.type) ? sql` or ${key} is null` : sql``})`,
        );
      }
      const rows = await queryRows<RecordRow>(db, sql`
        select r.id, r.data, r.created_at, r.updated_at, (${key})::text as sort_value from app_records r
        where ${sql.join(filters, sql` and `)}
        order by ${key} ${desc ? sql`desc` : sql`asc`} nulls last, r.id ${desc ? sql`desc` : sql`asc`}
        limit ${q.limit + 1}`);
      const page = rows.slice(0, q.limit);
      const last = page.at(-1);
      return { items: page.map(serialize), nextCursor: rows.length > q.limit && last ? encodeCursor(last.sort_value ?? null, last.id) : null };
    },

    /** Count, and sum, average, minimum and maximum of each number and currency field, over every record the filters let through. */
    async stats(db: Db, workspaceId: string, appId: string, entityName: string, q: Pick<RecordQuery, "search">): Promise<RecordStats> {
      const entity = entityOf(await specOf(db, workspaceId, appId), entityName);
      const numeric = entity.fields.filter((f) => NUMERIC.test(f.type));
      const value = (name: string) => numericValue(sql`(r.data->>${name})`);
      const measures = numeric.flatMap((f, i) => [
        sql`count(${value(f.name)}) as ${sql.raw(`n${i}`)}`,
        sql`coalesce(sum(${value(f.name)}), 0)::text as ${sql.raw(`s${i}`)}`,
        sql`avg(${value(f.name)})::text as ${sql.raw(`a${i}`)}`,
        sql`min(${value(f.name)})::text as ${sql.raw(`lo${i}`)}`,
        sql`max(${value(f.name)})::text as ${sql.raw(`hi${i}`)}`,
      ]);
      const filters = whereListed(appId, entity.name, q.search);
      const [row] = await queryRows<Record<string, string | number | null>>(db, sql`
        select ${sql.join([sql`count(*)::int as count`, ...measures], sql`, `)} from app_records r where ${sql.join(filters, sql` and `)}`);
      const num = (v: string | number | null | undefined) => (v === null || v === undefined ? null : Number(v));
      return {
        count: Number(row!.count),
        fields: Object.fromEntries(numeric.map((f, i) => [f.name, { count: Number(row![`n${i}`]), sum: num(row![`s${i}`]) ?? 0, avg: num(row![`a${i}`]), min: num(row![`lo${i}`]), max: num(row![`hi${i}`]) }])),
      };
    },

    async get(db: Db, workspaceId: string, appId: string, entityName: string, id: string) {
      entityOf(await specOf(db, workspaceId, appId), entityName);
      const rows = await queryRows<RecordRow>(db, sql`select id, data, created_at, updated_at from app_records where id = ${id} and app_id = ${appId} and entity = ${entityName}`);
      if (!rows[0]) throw notFound("Record");
      return serialize(rows[0]);
    },

    async create(db: Db, workspaceId: string, appId: string, entityName: string, body: Record<string, unknown>) {
      const entity = entityOf(await specOf(db, workspaceId, appId), entityName);
      const { data, problems } = validateRecord(entity, body, false);
      if (problems.length) throw invalidRecord(problems);
      await checkReferences(db, appId, entity, data);
      const rows = await queryRows<RecordRow>(db, sql`
        insert into app_records (workspace_id, app_id, entity, data) values (${workspaceId}, ${appId}, ${entity.name}, ${JSON.stringify(data)}::jsonb)
        returning id, data, created_at, updated_at`);
      return serialize(rows[0]!);
    },

    async update(db: Db, workspaceId: string, appId: string, entityName: string, id: string, body: Record<string, unknown>) {
      const entity = entityOf(await specOf(db, workspaceId, appId), entityName);
      if (Object.keys(body).length === 0) throw badRequest("nothing to update");
      const { data, problems } = validateRecord(entity, body, true);
      if (problems.length) throw invalidRecord(problems);
      await checkReferences(db, appId, entity, data);
      const rows = await queryRows<RecordRow>(db, sql`
        update app_records set data = data || ${JSON.stringify(data)}::jsonb, updated_at = now()
        where id = ${id} and app_id = ${appId} and entity = ${entity.name}
        returning id, data, created_at, updated_at`);
      if (!rows[0]) throw notFound("Record");
      return serialize(rows[0]);
    },

    async remove(db: Db, workspaceId: string, appId: string, entityName: string, id: string) {
      entityOf(await specOf(db, workspaceId, appId), entityName);
      const rows = await queryRows<{ id: string }>(db, sql`delete from app_records where id = ${id} and app_id = ${appId} and entity = ${entityName} returning id`);
      if (!rows[0]) throw notFound("Record");
    },

    /** Up to `perEntity` newest records of every entity: for exports and share links. */
    /**
     * The newest `perEntity` records of each entity, oldest first, a page of `pageSize` at a time:
     * a reader streaming them holds one page, never the whole app.
     */
    async *snapshot(db: Db, appId: string, spec: AppSpec, perEntity: number, pageSize = 25): AsyncGenerator<{ entity: string; records: AppRecord[] }> {
      for (const { name: entity } of spec.entities) {
        // Keyset bounds as text: a JavaScript Date would drop the microseconds.
        const [first] = await queryRows<{ at: string; id: string }>(db, sql`
          select created_at::text as at, id from app_records where app_id = ${appId} and entity = ${entity}
          order by created_at desc, id desc offset ${perEntity - 1} limit 1`);
        let after: { at: string; id: string } | null = null;
        for (let left = perEntity; left > 0; ) {
          const rows: (RecordRow & { at: string })[] = await queryRows<RecordRow & { at: string }>(db, sql`
            select id, data, created_at, updated_at, created_at::text as at from app_records
            where app_id = ${appId} and entity = ${entity}
              ${first ? sql`and (created_at, id) >= (${first.at}::timestamptz, ${first.id}::uuid)` : sql``}
              ${after ? sql`and (created_at, id) > (${after.at}::timestamptz, ${after.id}::uuid)` : sql``}
            order by created_at, id limit ${Math.min(pageSize, left)}`);
          if (rows.length) yield { entity, records: rows.map(serialize) };
          if (rows.length < Math.min(pageSize, left)) break;
          left -= rows.length;
          after = rows.at(-1)!;
        }
      }
    },
  };
}

export type RecordsService = ReturnType<typeof createRecordsService>;
