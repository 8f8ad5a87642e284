/**
 * Where a running app's records come from. In the Studio the server answers (pages, totals and
 * groups over every record); on a shared page the records arrived with the page and the same
 * questions are answered from them, so both render with the same views.
 */
import {
  isDated,
  isNumeric,
  periodRange,
  type AppRecord,
  type AppSpec,
  type DatePeriod,
  type Entity,
  type Page as PageOf,
  type RecordFilter,
  type RecordGroups,
  type RecordStats,
} from "@vta/contracts";
import { api, path } from "../../api/client";
import { recordTitle, text } from "./format";

/** Which records: a search over the text fields and filters on fields; `sort` a field name, `-` first for descending. */
export interface RecordQuery {
  search?: string;
  filters?: RecordFilter[];
  sort?: string;
}

export type Page = PageOf<AppRecord>;

export interface GroupQuery {
  groupBy: string;
  measure?: string;
  period?: "day" | "week" | "month" | "year";
}

export interface RecordSource {
  /** Part of every query key: whose records these are. */
  key: string;
  /** Whether records can be added, changed and deleted here. */
  writable: boolean;
  appId?: string;
  page(entity: string, q: RecordQuery, cursor: string | null, limit: number, signal?: AbortSignal): Promise<Page>;
  stats(entity: string, q: RecordQuery, signal?: AbortSignal): Promise<RecordStats>;
  groups(entity: string, q: RecordQuery, g: GroupQuery, signal?: AbortSignal): Promise<RecordGroups>;
}

/**
 * Records as the runtime reads them: `data` keyed by the app's own field names only, so a field
 * named "valueOf" or "constructor" that a record leaves empty reads as empty, not as Object's method.
 */
export function ownData<R extends { data: Record<string, unknown> }>(records: R[]): R[] {
  return records.map((r) => ({ ...r, data: Object.assign(Object.create(null) as Record<string, unknown>, r.data) }));
}

const zone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

function queryString(q: RecordQuery, extra: Record<string, string | undefined> = {}): string {
  const qs = new URLSearchParams({ tz: zone() });
  if (q.search?.trim()) qs.set("search", q.search.trim());
  if (q.filters?.length) qs.set("filters", JSON.stringify(q.filters));
  if (q.sort) qs.set("sort", q.sort);
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) qs.set(k, v);
  return `?${qs}`;
}

/** The part of every records query key that names a live app's records. */
export const liveKey = (appId: string) => `app:${appId}`;

export function liveSource(appId: string): RecordSource {
  return {
    key: liveKey(appId),
    writable: true,
    appId,
    async page(entity, q, cursor, limit, signal) {
      const page = await api<Page>(
        path`/apps/${appId}/records/${entity}` + queryString(q, { limit: String(limit), cursor: cursor ?? undefined }),
        { signal },
      );
      return { ...page, items: ownData(page.items) };
    },
    stats: (entity, q, signal) =>
      api<RecordStats>(path`/apps/${appId}/records/${entity}/stats` + queryString({ ...q, sort: undefined }), { signal }),
    groups: (entity, q, g, signal) =>
      api<RecordGroups>(
        path`/apps/${appId}/records/${entity}/groups` +
          queryString({ ...q, sort: undefined }, { groupBy: g.groupBy, measure: g.measure, period: g.period }),
        { signal },
      ),
  };
}

/** The records a shared page arrived with, asked the same questions (filters as the server reads them, in the person's time). */
export function snapshotSource(key: string, spec: AppSpec, records: Record<string, AppRecord[]>): RecordSource {
  const entityOf = (name: string) => spec.entities.find((e) => e.name === name)!;
  const select = (name: string, q: RecordQuery) => {
    const entity = entityOf(name);
    const needle = q.search?.trim().toLowerCase();
    let list = (records[name] ?? []).filter(
      (r) =>
        (!needle || entity.fields.some((f) => text(r.data[f.name]).toLowerCase().includes(needle))) &&
        (q.filters ?? []).every((f) => passes(r, f)),
    );
    if (q.sort) {
      const field = q.sort.replace(/^-/, "");
      const dir = q.sort.startsWith("-") ? -1 : 1;
      list = [...list].sort((a, b) => dir * text(a.data[field]).localeCompare(text(b.data[field]), undefined, { numeric: true }));
    } else list = [...list].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    return list;
  };
  return {
    key: `snapshot:${key}`,
    writable: false,
    page: async (entity, q, cursor, limit) => {
      const list = select(entity, q);
      const from = Number(cursor ?? 0);
      return { items: list.slice(from, from + limit), nextCursor: from + limit < list.length ? String(from + limit) : null };
    },
    stats: async (entity, q) => localStats(entityOf(entity), select(entity, q)),
    groups: async (entity, q, g) => localGroups(spec, entityOf(entity), select(entity, q), g, records),
  };
}

/** A date as is, a date-time as the day it falls on where the person is. */
const localDay = (v: string) => (v.length > 10 ? new Date(v).toLocaleDateString("sv") : v);

/** Case aside; a date-time compared with a day means that whole day. */
function isExactly(v: unknown, wanted: unknown, empty: boolean): boolean {
  const want = text(wanted).toLowerCase();
  const have = text(v).toLowerCase();
  return !empty && (have === want || (/^\d{4}-\d\d-\d\d$/.test(want) && localDay(have) === want));
}

function passes(r: AppRecord, f: RecordFilter): boolean {
  const v = f.field === "id" ? r.id : r.data[f.field];
  const empty = v === null || v === undefined || v === "";
  const values = Array.isArray(f.value) ? f.value : [f.value];
  switch (f.op) {
    case "empty":
      return empty;
    case "notEmpty":
      return !empty;
    case "contains":
      return text(v).toLowerCase().includes(text(f.value).toLowerCase());
    case "isNot":
      return empty || text(v).toLowerCase() !== text(values[0]).toLowerCase();
    case "in":
    case "is":
      if (Array.isArray(v)) return values.some((x) => v.includes(x));
      if (f.op === "is") return isExactly(v, values[0], empty);
      return values.some((x) => text(x) === text(v));
    case "between": {
      if (empty) return false;
      const [from, to] = values;
      const cmp = (a: unknown, b: unknown) => (typeof a === "number" ? a - Number(b) : text(a).localeCompare(text(b)));
      const day = typeof v === "number" ? v : localDay(text(v));
      return (from == null || cmp(day, from) >= 0) && (to == null || cmp(day, to) <= 0);
    }
    case "within": {
      if (empty) return false;
      const [from, to] = periodRange(f.value as DatePeriod, new Date().toLocaleDateString("sv"));
      const day = localDay(text(v));
      return (from === null || day >= from) && (to === null || day <= to);
    }
  }
}

export function localStats(entity: Entity, records: AppRecord[]): RecordStats {
  const numeric = entity.fields.filter((f) => isNumeric(f.type));
  return {
    count: records.length,
    fields: Object.fromEntries(
      numeric.map(({ name }) => {
        const values = records.map((r) => r.data[name]).filter((v): v is number => typeof v === "number");
        const sum = values.reduce((a, b) => a + b, 0);
        return [
          name,
          {
            count: values.length,
            sum,
            avg: values.length ? sum / values.length : null,
            min: values.length ? Math.min(...values) : null,
            max: values.length ? Math.max(...values) : null,
          },
        ];
      }),
    ),
  };
}

function localGroups(spec: AppSpec, entity: Entity, records: AppRecord[], g: GroupQuery, all: Record<string, AppRecord[]>): RecordGroups {
  const field = entity.fields.find((f) => f.name === g.groupBy);
  const totals = new Map<string, { value: string | null; label: string; count: number; sum: number }>();
  // A record with tags counts once under each of them.
  const keyed = records.flatMap((r) =>
    Array.isArray(r.data[g.groupBy]) ? (r.data[g.groupBy] as unknown[]).map((tag) => ({ r, raw: tag })) : [{ r, raw: r.data[g.groupBy] }],
  );
  for (const { r, raw } of keyed) {
    let value: string | null = raw === undefined || raw === null || raw === "" ? null : text(raw);
    if (value && isDated(field?.type))
      value = g.period === "year" ? `${value.slice(0, 4)}-01-01` : g.period === "day" ? value.slice(0, 10) : `${value.slice(0, 7)}-01`;
    let label = value ?? "(none)";
    if (value && field?.type === "reference") {
      const target = spec.entities.find((e) => e.name === field.ref);
      const linked = all[field.ref ?? ""]?.find((x) => x.id === value);
      label = target && linked ? recordTitle(target, linked) : "(deleted)";
    }
    const group = totals.get(String(value)) ?? { value, label, count: 0, sum: 0 };
    group.count += 1;
    group.sum += g.measure ? Number(r.data[g.measure]) || 0 : 0;
    totals.set(String(value), group);
  }
  const order = field?.options ?? [];
  const groups = [...totals.values()].sort((a, b) =>
    field?.type === "enum"
      ? a.value === null
        ? 1
        : b.value === null
          ? -1
          : order.indexOf(a.value) - order.indexOf(b.value)
      : isDated(field?.type)
        ? String(a.value).localeCompare(String(b.value))
        : b.count - a.count,
  );
  return { groups: groups.map((x) => ({ ...x, sum: g.measure ? x.sum : null })), truncated: false };
}
