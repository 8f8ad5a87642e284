/** A record against its entity: every value checked and normalized by the field's type. */
import { isReadOnly, parseDuration, type Entity, type Field } from "@vta/contracts";

export interface FieldProblem {
  field: string;
  message: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MAX_TEXT = { text: 1000, longText: 20_000 } as const;

export type Result = { ok: true; value: unknown } | { ok: false; message: string };
const ok = (value: unknown): Result => ({ ok: true, value });
const bad = (message: string): Result => ({ ok: false, message });

function toNumber(v: unknown): number | undefined {
  if (typeof v === "number") return Number.isFinite(v) ? v : undefined;
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

/** One value checked and normalized by the field's type (what a record holds, what a filter compares). */
export function check(field: Field, v: unknown): Result {
  switch (field.type) {
    case "text":
    case "longText":
      if (typeof v !== "string") return bad("must be text");
      return v.length > MAX_TEXT[field.type] ? bad(`must be at most ${MAX_TEXT[field.type].toLocaleString("en-US")} characters`) : ok(v);
    case "autoNumber":
    case "number": {
      const n = toNumber(v);
      return n === undefined ? bad("must be a number") : ok(n);
    }
    case "currency": {
      const n = toNumber(v);
      return n === undefined ? bad("must be an amount, such as 12.50") : ok(Math.round(n * 100) / 100);
    }
    case "date":
      if (
        typeof v !== "string" ||
        !DATE.test(v) ||
        Number.isNaN(Date.parse(`${v}T00:00:00Z`)) ||
        new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) !== v
      ) {
        return bad("must be a date as YYYY-MM-DD");
      }
      return ok(v);
    case "createdTime":
    case "updatedTime":
    case "dateTime":
      if (typeof v !== "string" || Number.isNaN(Date.parse(v))) return bad("must be a date and time, such as 2026-11-27T14:30:00Z");
      return ok(new Date(v).toISOString());
    case "boolean":
      if (typeof v === "boolean") return ok(v);
      if (v === "true" || v === "false") return ok(v === "true");
      return bad("must be true or false");
    case "email":
      return typeof v === "string" && EMAIL.test(v.trim()) && v.length <= 254 ? ok(v.trim()) : bad("must be an email address");
    case "phone":
      return typeof v === "string" && /^[+()\d\s.-]{3,30}$/.test(v.trim()) && (v.match(/\d/g)?.length ?? 0) >= 3
        ? ok(v.trim())
        : bad("must be a phone number");
    case "url":
      try {
        if (typeof v !== "string" || v.length > 2000) return bad("must be a link starting with http:// or https://");
        const u = new URL(v.trim());
        return u.protocol === "http:" || u.protocol === "https:"
          ? ok(u.toString())
          : bad("must be a link starting with http:// or https://");
      } catch {
        return bad("must be a link starting with http:// or https://");
      }
    case "enum": {
      const match = typeof v === "string" ? field.options?.find((o) => o.toLowerCase() === v.trim().toLowerCase()) : undefined;
      return match ? ok(match) : bad(`must be one of: ${field.options?.join(", ")}`);
    }
    case "reference":
      return typeof v === "string" && UUID.test(v) ? ok(v.toLowerCase()) : bad(`must be the id of a ${field.ref ?? "record"}`);
    case "rating": {
      // 4, "4", "4/5", "★★★★"
      const n = toNumber(typeof v === "string" ? (/^★+$/.test(v.trim()) ? String(v.trim().length) : v.replace(/\s*\/\s*\d+$/, "")) : v);
      const max = field.max ?? 5;
      return n !== undefined && Number.isInteger(n) && n >= 1 && n <= max ? ok(n) : bad(`must be a whole number from 1 to ${max}`);
    }
    case "percent": {
      const n = toNumber(typeof v === "string" ? v.trim().replace(/\s*%$/, "") : v);
      return n === undefined ? bad("must be a percentage, such as 45 or 45%") : ok(n);
    }
    case "tags": {
      // ["urgent", "billing"] or "urgent, billing"; each one of the field's tags when it lists them.
      const given = Array.isArray(v) ? v : typeof v === "string" ? v.split(/\s*[,;]\s*/) : null;
      if (!given || given.some((x) => typeof x !== "string")) return bad("must be a list of tags, such as urgent, billing");
      const tags: string[] = [];
      for (const raw of given as string[]) {
        const tag = raw.trim();
        if (!tag) continue;
        const match = field.options ? field.options.find((o) => o.toLowerCase() === tag.toLowerCase()) : tag.slice(0, 60);
        if (!match) return bad(`can only hold: ${field.options!.join(", ")}`);
        if (!tags.includes(match)) tags.push(match);
      }
      return ok(tags);
    }
    case "duration": {
      const n = typeof v === "number" ? v : typeof v === "string" ? parseDuration(v) : null;
      return n === null || !Number.isFinite(n) || n < 0
        ? bad("must be a duration, such as 90 (minutes), 1:30 or 1h 30m")
        : ok(Math.round(n * 100) / 100);
    }
  }
}

const titleOf = (entity: Entity) => (entity.fields.find((f) => f.type === "text" || f.type === "email") ?? entity.fields[0]!).name;

const isEmpty = (v: unknown) =>
  v === null || v === undefined || (typeof v === "string" && v.trim() === "") || (Array.isArray(v) && v.length === 0);

/**
 * Checks `data` against `entity`. `partial` (an update) checks only the fields given; an empty
 * value clears an optional field. Returns the normalized data and, per field, what is wrong.
 */
export function validateRecord(entity: Entity, data: Record<string, unknown>, partial: boolean) {
  const problems: FieldProblem[] = [];
  // Field names are the person's: "constructor" or "valueOf" must be plain keys, here and in `data`.
  const clean = Object.create(null) as Record<string, unknown>;
  const fields = new Map(entity.fields.map((f) => [f.name, f]));
  for (const key of Object.keys(data)) {
    if (!fields.has(key))
      problems.push({
        field: key,
        message: `is not a field of ${entity.pluralLabel.toLowerCase()} (fields: ${entity.fields.map((f) => f.name).join(", ")})`,
      });
  }
  for (const field of entity.fields) {
    const given = Object.hasOwn(data, field.name);
    if (isReadOnly(field.type)) {
      // Numbered and timed by the app; a value sent for it is a mistake worth saying.
      if (given && !isEmpty(data[field.name]))
        problems.push({ field: field.name, message: `${field.label} is filled in by the app and cannot be set` });
      continue;
    }
    if (partial && !given) continue;
    const value = given ? data[field.name] : undefined;
    if (isEmpty(value)) {
      if (field.required) problems.push({ field: field.name, message: `${field.label} is required` });
      else if (given) clean[field.name] = null;
      continue;
    }
    const result = check(field, value);
    if (result.ok) clean[field.name] = Array.isArray(result.value) && !result.value.length ? null : result.value;
    else problems.push({ field: field.name, message: `${field.label} ${result.message}` });
  }
  // A new record with nothing in it ("— — —") is a slip, not data; an unticked yes/no says nothing either.
  if (!partial && !problems.length && !Object.values(clean).some((v) => v !== null && v !== false)) {
    problems.push({ field: titleOf(entity), message: `A new ${entity.label.toLowerCase()} needs at least one value` });
  }
  return { data: clean, problems };
}

/** The reference values of a record, by the entity they point to: checked for existence in one query. */
export function referencesOf(entity: Entity, data: Record<string, unknown>): { entity: string; id: string; field: string }[] {
  return entity.fields
    .filter((f) => f.type === "reference" && Object.hasOwn(data, f.name) && typeof data[f.name] === "string")
    .map((f) => ({ entity: f.ref!, id: data[f.name] as string, field: f.name }));
}
