/**
 * What a command will do or found, in words a person reads on the confirmation card and hears
 * read aloud: "Add an appointment: Client Maria Smith, Date and time 12 Mar 2026 15:00, Price $80".
 */
import type { Entity, Field, RecordFilter } from "@vta/contracts";
import type { AppCatalog } from "./catalog.js";

const money = (n: number) =>
  `$${n.toLocaleString("en-US", { minimumFractionDigits: Number.isInteger(n) ? 0 : 2, maximumFractionDigits: 2 })}`;
const number = (n: number) => n.toLocaleString("en-US", { maximumFractionDigits: 2 });

function day(iso: string, tz: string, withTime: boolean) {
  const d = new Date(withTime ? iso : `${iso}T12:00:00Z`);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString("en-GB", {
    timeZone: withTime ? tz : "UTC",
    weekday: "short",
    day: "numeric",
    month: "short",
    ...(withTime ? { hour: "2-digit", minute: "2-digit" } : {}),
  });
}

/** One value as a person reads it. */
export function valueText(field: Field | undefined, value: unknown, catalog: AppCatalog, tz: string): string {
  if (value === null || value === undefined || value === "") return "(empty)";
  const text = typeof value === "string" ? value : JSON.stringify(value);
  if (!field) return text;
  switch (field.type) {
    case "currency":
      return typeof value === "number" ? money(value) : text;
    case "number":
    case "rating":
      return typeof value === "number" ? number(value) : text;
    case "percent":
      return `${text}%`;
    case "duration":
      return `${text} min`;
    case "boolean":
      return value ? "yes" : "no";
    case "date":
      return day(text, tz, false);
    case "dateTime":
      return day(text, tz, true);
    case "reference":
      return catalog.records.get(field.ref!)?.find((r) => r.id === value)?.title ?? "(a linked record)";
    case "tags":
      return Array.isArray(value) ? value.join(", ") : text;
    case "text":
    case "longText":
    case "email":
    case "phone":
    case "url":
    case "enum":
    case "autoNumber":
    case "createdTime":
    case "updatedTime":
      return text;
  }
}

/** "Client Maria Smith, Price $80". */
export function valuesText(entity: Entity, values: Record<string, unknown>, catalog: AppCatalog, tz: string): string {
  const order = (name: string) => entity.fields.findIndex((f) => f.name === name);
  return Object.entries(values)
    .sort(([a], [b]) => order(a) - order(b))
    .map(([name, v]) => {
      const field = entity.fields.find((f) => f.name === name);
      return `${field?.label ?? name} ${valueText(field, v, catalog, tz)}`;
    })
    .join(", ");
}

const PERIOD_WORDS: Record<string, string> = {
  today: "today",
  thisWeek: "this week",
  thisMonth: "this month",
  next7Days: "in the next 7 days",
  last30Days: "in the last 30 days",
  overdue: "overdue",
};

/** "paid: no, service: colour, date: 2 Mar – 8 Mar". */
export function filtersText(entity: Entity, filters: RecordFilter[], catalog: AppCatalog, tz: string): string {
  return filters
    .map((f) => {
      const field = entity.fields.find((x) => x.name === f.field);
      const label = (field?.label ?? f.field).toLowerCase();
      const v = f.value;
      switch (f.op) {
        case "within":
          return `${label} ${PERIOD_WORDS[String(v)] ?? String(v)}`;
        case "between": {
          const [from, to] = Array.isArray(v) ? v : [null, null];
          const show = (x: unknown) => valueText(field?.type === "dateTime" ? { ...field, type: "date" } : field, x, catalog, tz);
          if (from === null || from === undefined) return `${label} up to ${show(to)}`;
          if (to === null || to === undefined) return `${label} from ${show(from)}`;
          return `${label} ${show(from)} – ${show(to)}`;
        }
        case "in":
          return `${label}: ${(Array.isArray(v) ? v : [v]).map((x) => valueText(field, x, catalog, tz)).join(" or ")}`;
        case "contains":
          return `${label} contains “${String(v)}”`;
        case "empty":
          return `no ${label}`;
        case "notEmpty":
          return `with a ${label}`;
        case "isNot":
          return `${label} not ${valueText(field, v, catalog, tz)}`;
        case "is":
          return `${label}: ${valueText(field, v, catalog, tz)}`;
      }
    })
    .join(", ");
}

export const countOf = (entity: Entity, n: number) => `${number(n)} ${(n === 1 ? entity.label : entity.pluralLabel).toLowerCase()}`;
