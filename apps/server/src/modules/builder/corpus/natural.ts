/**
 * The natural-language corpus: descriptions and edit sequences written by people who never saw the
 * engine, with what a careful engineer would build from them. Scores a spec against them: requested
 * items right (entities, fields with an acceptable type, relations, options, views), spurious
 * fields, and which misses the person was told about (an unmet goal or an unclear phrase).
 */
import { readdirSync, readFileSync } from "node:fs";
import type { AppSpec, Entity, Field, FieldType, ViewType } from "@vta/contracts";

export interface ExpectedApp {
  text: string;
  domain?: string;
  style?: string;
  entities: Record<string, Record<string, FieldType[]>>;
  views: ViewType[];
  options: Record<string, string[]>;
}

export interface EditStep {
  text: string;
  add?: Record<string, Record<string, FieldType[]>>;
  remove?: Record<string, string[]>;
  options?: Record<string, string[]>;
  removeOptions?: Record<string, string[]>;
  require?: Record<string, string[]>;
  views?: ViewType[];
  removeViews?: ViewType[];
}

export interface EditSequence {
  start: number;
  steps: EditStep[];
}

export interface CorpusFile {
  name: string;
  apps: ExpectedApp[];
  edits: EditSequence[];
}

const dir = new URL("./natural/", import.meta.url);

/** Files whose name starts with `held-` are the held-out split: never tuned on. */
export function loadCorpus(split: "dev" | "held"): CorpusFile[] {
  const names = readdirSync(dir)
    .filter((n) => n.endsWith(".json"))
    .filter((n) => (split === "held" ? n.startsWith("held-") : !n.startsWith("held-")))
    .sort();
  return names.map((name) => ({ name, ...(JSON.parse(readFileSync(new URL(name, dir), "utf8")) as Omit<CorpusFile, "name">) }));
}

/** The same corpus as a speech recognizer gives it: lowercase, no punctuation (apostrophes too). */
export function asRecognizerText(files: CorpusFile[]): CorpusFile[] {
  const spoken = (text: string) =>
    text
      .toLowerCase()
      .replace(/[^a-z0-9\s]+/g, (m) => (m.includes("'") || m.includes("’") ? "" : " "))
      .replace(/\s+/g, " ")
      .trim();
  return files.map((f) => ({
    ...f,
    name: `${f.name} (recognizer text)`,
    apps: f.apps.map((a) => ({ ...a, text: spoken(a.text) })),
    edits: f.edits.map((e) => ({ ...e, steps: e.steps.map((st) => ({ ...st, text: spoken(st.text) })) })),
  }));
}

// ---------------------------------------------------------------- matching names

const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");
const stem = (s: string) =>
  norm(s)
    .replace(/(?:ies)$/, "y")
    .replace(/(?:ses|xes|ches|shes)$/, (m) => m.slice(0, -2))
    .replace(/s$/, "");

/** How well a built name stands for an expected one: 2 the same, 1 one contains the other, 0 not at all. */
export function nameMatch(actual: string, expected: string): number {
  const a = stem(actual);
  const e = stem(expected);
  if (a === e) return 2;
  if (a.length >= 3 && e.length >= 3 && (a.includes(e) || e.includes(a))) return 1;
  return 0;
}

/** One-to-one: each expected name gets the best remaining actual name (exact matches first). */
function assign<T>(expected: string[], actual: T[], nameOf: (t: T) => string): Map<string, T> {
  const pairs: { e: string; a: T; score: number }[] = [];
  for (const e of expected)
    for (const a of actual) {
      const score = nameMatch(nameOf(a), e);
      if (score) pairs.push({ e, a, score });
    }
  pairs.sort((x, y) => y.score - x.score);
  const out = new Map<string, T>();
  const used = new Set<T>();
  for (const p of pairs) {
    if (out.has(p.e) || used.has(p.a)) continue;
    out.set(p.e, p.a);
    used.add(p.a);
  }
  return out;
}

export function matchEntities(spec: AppSpec, expected: string[]): Map<string, Entity> {
  return assign(expected, spec.entities, (e) => e.name);
}

/** A built field for each expected one: a relation may be found by the entity it points to. */
function matchFields(entity: Entity, expected: Record<string, FieldType[]>, entities: Map<string, Entity>): Map<string, Field> {
  const out = assign(Object.keys(expected), entity.fields, (f) => f.name);
  const used = new Set(out.values());
  for (const [name, types] of Object.entries(expected)) {
    if (out.has(name) || !types.includes("reference")) continue;
    const target = entities.get(name);
    const ref = entity.fields.find((f) => !used.has(f) && f.type === "reference" && target && f.ref === target.name);
    if (ref) {
      out.set(name, ref);
      used.add(ref);
    }
  }
  return out;
}

/**
 * A field's type is one the case accepts. The cases were written before ratings, percentages,
 * durations and tags existed: the first three are numbers made specific, tags the closest a text
 * or a choice could come to "tags", so where those are right these are too.
 */
const REFINES_NUMBER: FieldType[] = ["rating", "percent", "duration"];
export const typeAccepted = (actual: FieldType, types: string[]) =>
  types.includes(actual) ||
  (types.includes("number") && REFINES_NUMBER.includes(actual)) ||
  (actual === "tags" && (types.includes("text") || types.includes("enum")));
const typeOk = (f: Field | undefined, types: FieldType[]) => !!f && typeAccepted(f.type, types);

// ---------------------------------------------------------------- scoring a description

export interface AppScore {
  items: number;
  right: number;
  misses: string[];
  builtFields: number;
  spurious: string[];
}

export function scoreApp(spec: AppSpec | null, want: ExpectedApp): AppScore {
  const misses: string[] = [];
  let items = 0;
  let right = 0;
  const check = (ok: boolean, item: string) => {
    items++;
    if (ok) right++;
    else misses.push(item);
  };
  const entities = spec ? matchEntities(spec, Object.keys(want.entities)) : new Map<string, Entity>();
  const matched = new Set<Field>();
  for (const [name, fields] of Object.entries(want.entities)) {
    const entity = entities.get(name);
    check(!!entity, name);
    const found = entity ? matchFields(entity, fields, entities) : new Map<string, Field>();
    for (const f of found.values()) matched.add(f);
    for (const [field, types] of Object.entries(fields)) check(typeOk(found.get(field), types), `${name}.${field}:${types.join("|")}`);
    for (const [key, options] of Object.entries(want.options)) {
      const [e, f] = key.split(".");
      if (e !== name) continue;
      const field = found.get(f!);
      for (const o of options) check(!!field?.options?.some((x) => norm(x) === norm(o)), `${key}=${o}`);
    }
  }
  for (const view of want.views) check(!!spec?.views.some((v) => v.type === view), `:${view}`);
  const all = spec?.entities.flatMap((e) => e.fields.map((f) => ({ e, f }))) ?? [];
  // An entity the person named with no properties gets one field to show; that is not spurious.
  const spurious = all
    .filter(
      ({ e, f }) =>
        !matched.has(f) &&
        !(e.fields.length === 1 && Object.keys(want.entities[[...entities].find(([, x]) => x === e)?.[0] ?? ""] ?? {}).length === 0),
    )
    .map(({ e, f }) => `${e.name}.${f.name}:${f.type}`);
  return { items, right, misses, builtFields: all.length, spurious };
}

// ---------------------------------------------------------------- scoring an edit step

/** Whether a step did what it asked for; a step that asks for nothing must change nothing. */
export function stepApplied(before: AppSpec, after: AppSpec | null, step: EditStep): { applied: boolean; misses: string[] } {
  const misses: string[] = [];
  const expectsNothing =
    !step.add && !step.remove && !step.options && !step.removeOptions && !step.require && !step.views && !step.removeViews;
  if (expectsNothing)
    return { applied: after === null, misses: after === null ? [] : ["changed something for a request that asked for nothing"] };
  const spec = after ?? before;
  const names = new Set([
    ...Object.keys(step.add ?? {}),
    ...Object.keys(step.remove ?? {}),
    ...Object.keys(step.require ?? {}),
    ...Object.keys({ ...step.options, ...step.removeOptions }).map((k) => k.split(".")[0]!),
  ]);
  const entities = matchEntities(spec, [...names]);
  const field = (e: string, f: string) => {
    const entity = entities.get(e);
    return entity ? assign([f], entity.fields, (x) => x.name).get(f) : undefined;
  };
  for (const [e, fields] of Object.entries(step.add ?? {})) {
    if (!entities.get(e)) misses.push(e);
    for (const [f, types] of Object.entries(fields)) {
      const ok =
        typeOk(field(e, f), types) ||
        (types.includes("reference") && !!entities.get(e)?.fields.some((x) => x.type === "reference" && nameMatch(x.ref ?? "", f)));
      if (!ok) misses.push(`${e}.${f}:${types.join("|")}`);
    }
  }
  for (const [e, fields] of Object.entries(step.remove ?? {})) {
    for (const f of fields) {
      if (f === "*") {
        if (spec.entities.some((x) => nameMatch(x.name, e) === 2)) misses.push(`-${e}`);
      } else if (entities.get(e)?.fields.some((x) => nameMatch(x.name, f) === 2)) misses.push(`-${e}.${f}`);
    }
  }
  for (const [key, options] of Object.entries(step.options ?? {})) {
    const [e, f] = key.split(".");
    const found = field(e!, f!);
    for (const o of options) if (!found?.options?.some((x) => norm(x) === norm(o))) misses.push(`${key}=${o}`);
  }
  for (const [key, options] of Object.entries(step.removeOptions ?? {})) {
    const [e, f] = key.split(".");
    const found = field(e!, f!);
    for (const o of options) if (found?.options?.some((x) => norm(x) === norm(o))) misses.push(`${key}!=${o}`);
  }
  for (const [e, fields] of Object.entries(step.require ?? {}))
    for (const f of fields) if (!field(e, f)?.required) misses.push(`${e}.${f}!`);
  for (const v of step.views ?? []) if (!spec.views.some((x) => x.type === v)) misses.push(`:${v}`);
  for (const v of step.removeViews ?? []) if (spec.views.some((x) => x.type === v)) misses.push(`-:${v}`);
  return { applied: misses.length === 0, misses };
}
