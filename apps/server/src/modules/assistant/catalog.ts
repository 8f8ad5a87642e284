/**
 * What the assistant knows of an app to read a command against it: its spec, and for each entity
 * the records it can name ("Jane's order", "the latte", "Daisy") with the words that name them —
 * their own text and the titles of the records they link to.
 */
import type { AppSpec, Entity } from "@vta/contracts";
import { stem } from "../builder/index.js";

export interface CatalogRecord {
  id: string;
  entity: string;
  data: Record<string, unknown>;
  createdAt: string;
  /** What a person reads: the first text, else the linked record's title and the first date. */
  title: string;
  /** The stems of the words that name it: its own and those of the records it links to. */
  words: Set<string>;
  /** The stems of its own title. */
  ownWords: Set<string>;
  /** The stems of its other short texts ("38 Oak St", "Sunflower"), or of its note when it has no title ("research"): weaker names. */
  detailWords: Set<string>;
}

export interface AppCatalog {
  spec: AppSpec;
  records: Map<string, CatalogRecord[]>;
}

/** Words that name no record ("the", "order"): never a match by themselves. */
export const COMMON = new Set(
  `a an the of for to and or with at on in by from my our your his her their its this that these those is are was were be been
  it as into onto about me we us you i he she they them new one all any some every each mr mrs ms dr st street`
    .split(/\s+/)
    .filter(Boolean),
);

export const wordsOf = (text: string) =>
  text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/'s\b/g, "")
    .split(/[^a-z0-9]+/)
    .filter(Boolean);

/** The entity's field that names its records (its first text field, else an email), when it has one; notes name nothing. */
export const titleField = (entity: Entity) => entity.fields.find((f) => f.type === "text") ?? entity.fields.find((f) => f.type === "email");

/** The stems of a record's other short texts, or of its note when it has no title: what else tells it apart. */
function detailStems(entity: Entity, r: { data: Record<string, unknown> }): Set<string> {
  const title = titleField(entity);
  return new Set(
    entity.fields
      .filter((f) => f !== title && r.data[f.name] != null && (f.type === "text" || (!title && f.type === "longText")))
      .flatMap((f) => wordsOf(String(r.data[f.name])))
      .filter((w) => !COMMON.has(w))
      .map(stem),
  );
}

/** Records of a spec as the catalog holds them; linked records' titles are read from `byId`. */
export function catalogOf(
  spec: AppSpec,
  rows: Map<string, { id: string; data: Record<string, unknown>; createdAt: string }[]>,
): AppCatalog {
  const records = new Map<string, CatalogRecord[]>();
  const titles = new Map<string, string>();
  // Own titles first (links point to records of any entity), then the words through links.
  for (const entity of spec.entities) {
    const field = titleField(entity);
    for (const r of rows.get(entity.name) ?? []) titles.set(r.id, field && r.data[field.name] != null ? String(r.data[field.name]) : "");
  }
  // What links to what: a record is also named by the titles of the records it links to, and theirs ("Luis's invoice").
  const links = new Map<string, string[]>();
  for (const entity of spec.entities)
    for (const r of rows.get(entity.name) ?? [])
      links.set(
        r.id,
        entity.fields.filter((f) => f.type === "reference" && r.data[f.name] != null).map((f) => String(r.data[f.name])),
      );
  const linkedTitles = (id: string, depth: number): string[] =>
    (links.get(id) ?? []).flatMap((to) => [titles.get(to) ?? "", ...(depth > 1 ? linkedTitles(to, depth - 1) : [])]);
  for (const entity of spec.entities) {
    const list: CatalogRecord[] = [];
    const field = titleField(entity);
    const details = new Map((rows.get(entity.name) ?? []).map((r) => [r.id, detailStems(entity, r)]));
    const detailCount = new Map<string, number>();
    for (const stems of details.values()) for (const w of stems) detailCount.set(w, (detailCount.get(w) ?? 0) + 1);
    for (const r of rows.get(entity.name) ?? []) {
      const own =
        field && r.data[field.name] != null
          ? [field.type === "email" ? String(r.data[field.name]).split("@")[0]! : String(r.data[field.name])]
          : [];
      const linked = linkedTitles(r.id, 2).filter(Boolean);
      const date = entity.fields.find((f) => f.type === "date" || f.type === "dateTime");
      const title =
        titles.get(r.id) ||
        [linked[0], date && r.data[date.name] ? String(r.data[date.name]).slice(0, 10) : ""].filter(Boolean).join(", ") ||
        "this record";
      // A word other records' details share ("barn", "Oak Street") names none of them.
      const detailWords = new Set([...details.get(r.id)!].filter((w) => detailCount.get(w) === 1));
      const words = new Set([
        ...[...own, ...linked]
          .flatMap(wordsOf)
          .filter((w) => !COMMON.has(w))
          .map(stem),
        ...detailWords,
      ]);
      const ownWords = new Set(
        own
          .flatMap(wordsOf)
          .filter((w) => !COMMON.has(w))
          .map(stem),
      );
      list.push({ id: r.id, entity: entity.name, data: r.data, createdAt: r.createdAt, title, words, ownWords, detailWords });
    }
    records.set(entity.name, list);
  }
  return { spec, records };
}
