/**
 * The assistant's corpus, scored: each command read against its app (the fixture's records, their
 * keys as ids, at the fixture's moment), compared with the result its writer intended. A write
 * counts only when it is the intended entity, record and values; a list or a question only with the
 * intended filters (in any order), sort, measure and grouping. Also scored as a recogniser hears it.
 */
import { readFileSync } from "node:fs";
import numberToWords from "number-to-words";
import type { AppSpec, RecordFilter } from "@vta/contracts";
import { catalogOf, type AppCatalog } from "../catalog.js";
import { interpret, type Intent } from "../interpret.js";

export interface Expect {
  kind: Intent["kind"];
  entity?: string;
  values?: Record<string, unknown>;
  record?: string;
  changes?: Record<string, unknown>;
  filters?: RecordFilter[];
  sort?: string;
  measure?: string;
  field?: string;
  groupBy?: string;
  pick?: string;
}
export interface Command {
  app: string;
  text: string;
  expect: Expect;
}
interface Fixture {
  now: string;
  timeZone: string;
  apps: { id: string; description: string; spec: AppSpec; records: Record<string, { key: string; data: Record<string, unknown> }[]> }[];
}

const dir = new URL("./", import.meta.url);
export const fixture = JSON.parse(readFileSync(new URL("apps.json", dir), "utf8")) as Fixture;
export type Split = "dev" | "dev2" | "dev3" | "held";
export const corpus = (split: Split) =>
  (JSON.parse(readFileSync(new URL(`${split}.json`, dir), "utf8")) as { commands: Command[] }).commands;

/** Each app's catalog, records keyed as the corpus names them. */
export function catalogs(): Map<string, AppCatalog> {
  const out = new Map<string, AppCatalog>();
  for (const app of fixture.apps) {
    const rows = new Map(
      Object.entries(app.records).map(([entity, list]) => [
        entity,
        list.map((r, i) => ({ id: r.key, data: r.data, createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString() })),
      ]),
    );
    out.set(app.id, catalogOf(app.spec, rows));
  }
  return out;
}

const words = (n: number) => numberToWords.toWords(n).replace(/,/g, "");
/** How a recogniser writes what was said: lower case, no marks, numbers and money as words. */
export function asSpoken(text: string): string {
  return text
    .replace(
      /\$(\d[\d,]*)(?:\.(\d\d))?/g,
      (_, d: string, c?: string) => `${words(Number(d.replace(/,/g, "")))} ${c && c !== "00" ? `${words(Number(c))}` : "dollars"}`,
    )
    .replace(
      /\b(\d+):(\d\d)\s*([ap])\.?m\.?/gi,
      (_, h: string, m: string, ap: string) => `${words(Number(h))} ${m === "00" ? "" : words(Number(m))} ${ap}m`,
    )
    .replace(/\b(\d+)\s*([ap])\.?m\.?\b/gi, (_, h: string, ap: string) => `${words(Number(h))} ${ap}m`)
    .replace(/\b(\d+):(\d\d)\b/g, (_, h: string, m: string) => `${words(Number(h))} ${m === "00" ? "o'clock" : words(Number(m))}`)
    .replace(/\b(\d+)(st|nd|rd|th)\b/g, (_, d: string) => numberToWords.toWordsOrdinal(Number(d)))
    .replace(/\b(\d+)\.(\d+)\b/g, (_, a: string, b: string) => `${words(Number(a))} point ${b.split("").map(Number).map(words).join(" ")}`)
    .replace(/\b\d{3}-\d{4}\b/g, (d) => d.replace("-", "").split("").map(Number).map(words).join(" "))
    .replace(/\b\d[\d,]*\b/g, (d) => words(Number(d.replace(/,/g, ""))))
    .replace(/%/g, " percent")
    .toLowerCase()
    .replace(/[^a-z0-9'\s]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

const norm = (v: unknown): unknown =>
  typeof v === "string"
    ? /^\d{4}-\d\d-\d\d/.test(v)
      ? v
      : v
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, " ")
          .trim()
    : typeof v === "number"
      ? Math.round(v * 100) / 100
      : Array.isArray(v)
        ? v.map(norm).sort()
        : v;
export const same = (a: Record<string, unknown> = {}, b: Record<string, unknown> = {}) =>
  Object.keys(a).length === Object.keys(b).length &&
  Object.entries(a).every(([k, v]) => JSON.stringify(norm(v)) === JSON.stringify(norm(b[k])));
const filterKey = (f: RecordFilter) =>
  JSON.stringify([
    f.field,
    f.op === "in" && Array.isArray(f.value) && f.value.length === 1 ? "is" : f.op,
    norm(Array.isArray(f.value) && f.op === "in" && f.value.length === 1 ? f.value[0] : f.value),
  ]);
export const sameFilters = (a: RecordFilter[] = [], b: RecordFilter[] = []) =>
  JSON.stringify(a.map(filterKey).sort()) === JSON.stringify(b.map(filterKey).sort());

export interface Outcome {
  ok: boolean;
  /** An update or delete of another record than the one meant. */
  wrongRecord: boolean;
  /** Unclear without a hint. */
  silent: boolean;
}

export function judge(intent: Intent, e: Expect): Outcome {
  const wrongRecord =
    (intent.kind === "update" || intent.kind === "delete") &&
    (e.kind === intent.kind || e.kind === "unclear") &&
    intent.record.id !== e.record;
  const silent = intent.kind === "unclear" && !intent.hint;
  if (intent.kind !== e.kind) return { ok: false, wrongRecord, silent };
  if (intent.kind !== "unclear" && intent.entity !== e.entity) return { ok: false, wrongRecord, silent };
  let ok = true;
  if (intent.kind === "create") ok = same(intent.values, e.values);
  if (intent.kind === "update") ok = intent.record.id === e.record && same(intent.changes, e.changes);
  if (intent.kind === "delete") ok = intent.record.id === e.record;
  if (intent.kind === "filter") ok = sameFilters(intent.filters, e.filters) && (intent.sort ?? null) === (e.sort ?? null);
  if (intent.kind === "answer") {
    const q = intent.question;
    ok =
      sameFilters(q.filters, e.filters) &&
      q.measure === e.measure &&
      (q.field ?? null) === (e.field ?? null) &&
      (q.groupBy ?? null) === (e.groupBy ?? null);
  }
  return { ok, wrongRecord, silent };
}

export function score(split: Split, spoken: boolean, onMiss?: (c: Command, text: string, intent: Intent) => void) {
  const apps = catalogs();
  const at = { now: new Date(fixture.now), tz: fixture.timeZone };
  let ok = 0;
  let wrong = 0;
  let silent = 0;
  const commands = corpus(split);
  for (const c of commands) {
    const text = spoken ? asSpoken(c.text) : c.text;
    const intent = interpret(text, apps.get(c.app)!, at);
    const o = judge(intent, c.expect);
    if (o.ok) ok++;
    else onMiss?.(c, text, intent);
    if (o.wrongRecord) wrong++;
    if (o.silent) silent++;
  }
  return { ok, total: commands.length, wrongRecord: wrong, silentUnclear: silent };
}
