/**
 * Which records a command names: "Jane's order", "the latte", "Daisy", "today's cut", "the last
 * expense". Words are weighed by how rare they are among the entity's records; records named
 * equally well are then told apart by what else the command says of them (a choice, a date).
 */
import type { Entity } from "@vta/contracts";
import { stem } from "../builder/index.js";
import { COMMON, wordsOf, type AppCatalog, type CatalogRecord } from "./catalog.js";

export interface Named {
  records: CatalogRecord[];
  /** The words of the command that named them. */
  words: string[];
  score: number;
}

/** How rare each word is among the records (rarer names count more). */
function weights(records: CatalogRecord[]) {
  const df = new Map<string, number>();
  for (const r of records) for (const w of r.words) df.set(w, (df.get(w) ?? 0) + 1);
  return (w: string) => Math.log(1 + records.length / (df.get(w) ?? records.length));
}

/** The records of `entity` best named by the command's words (none when no word names one); `skip`: words that say something else. */
export function recordsNamed(records: CatalogRecord[], text: string, skip: Set<string>): Named {
  const tokens = [...new Set(wordsOf(text).filter((w) => !COMMON.has(w) && !/^\d+$/.test(w)))].map(stem).filter((w) => !skip.has(w));
  const weight = weights(records);
  let best: Named = { records: [], words: [], score: 0 };
  for (const r of records) {
    const matched = tokens.filter((t) => r.words.has(t));
    if (!matched.length) continue;
    // Its own name's words count double: "Peppa" names Peppa more surely than "North barn" does.
    const score = matched.reduce((s, w) => s + weight(w) * (r.ownWords.has(w) ? 2 : r.detailWords.has(w) ? 0.5 : 1), 0);
    if (score > best.score + 1e-9) best = { records: [r], words: matched, score };
    else if (Math.abs(score - best.score) <= 1e-9) best.records.push(r);
  }
  return best;
}

/** The date a record is about (its first date field), for "the last one" and "today's". */
export function dateOf(entity: Entity, r: CatalogRecord): string {
  const f = entity.fields.find((x) => x.type === "date" || x.type === "dateTime");
  return f && r.data[f.name] != null ? String(r.data[f.name]) : "";
}

/** "the last expense", "my latest order", "the first one": the newest (or oldest) by the entity's date, then by when it was added. */
export function ordinalRecord(catalog: AppCatalog, entity: Entity, text: string): CatalogRecord | undefined {
  const m = /\b(?:the )?(last|latest|newest|most recent|previous|first|1st|oldest|earliest)\b/i.exec(text);
  if (!m) return undefined;
  const records = [...(catalog.records.get(entity.name) ?? [])].sort(
    (a, b) => dateOf(entity, a).localeCompare(dateOf(entity, b)) || a.createdAt.localeCompare(b.createdAt),
  );
  return /first|1st|oldest|earliest/i.test(m[1]!) ? records[0] : records.at(-1);
}

/** Of records named equally well, those that also have what the command says (a choice, a day); all of them when none does. */
export function narrow(entity: Entity, records: CatalogRecord[], low: string, dates: string[]): CatalogRecord[] {
  if (records.length < 2) return records;
  let kept = records;
  for (const f of entity.fields) {
    if (f.type !== "enum") continue;
    const said = (f.options ?? []).filter((o) => new RegExp(`\\b${o.toLowerCase()}\\b`).test(low));
    const having = kept.filter((r) => said.includes(String(r.data[f.name])));
    if (having.length && having.length < kept.length) kept = having;
  }
  if (dates.length) {
    const having = kept.filter((r) => dates.some((d) => dateOf(entity, r).startsWith(d)));
    if (having.length && having.length < kept.length) kept = having;
  }
  return kept;
}

/** The records that have most of the choices and the day the words say (none when they say none a record has). */
export function describedBy(entity: Entity, records: CatalogRecord[], low: string, dates: string[]): CatalogRecord[] {
  const said = entity.fields.flatMap((f) =>
    f.type === "enum"
      ? (f.options ?? []).filter((o) => new RegExp(`\\b${o.toLowerCase()}\\b`).test(low)).map((o) => [f.name, o] as const)
      : [],
  );
  let best: CatalogRecord[] = [];
  let most = 0;
  for (const r of records) {
    const n = said.filter(([f, o]) => r.data[f] === o).length + (dates.some((d) => dateOf(entity, r).startsWith(d)) ? 1 : 0);
    if (n > most) [best, most] = [[r], n];
    else if (n === most && n > 0) best.push(r);
  }
  return best;
}

/** Where the words whose stems are `stems` are said ("mobile" for the stem "phone"): [start, end] of each, possessives included. */
export function spansOf(text: string, stems: string[]): [number, number][] {
  const out: [number, number][] = [];
  for (const m of text.matchAll(/[\p{L}\p{N}]+(?:'s)?/gu)) {
    const w = wordsOf(m[0])[0];
    if (w && stems.includes(stem(w))) out.push([m.index, m.index + m[0].length]);
  }
  return out;
}
