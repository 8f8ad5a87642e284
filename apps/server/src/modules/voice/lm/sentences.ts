/**
 * What people say to the Studio, as training text for the language model: the builder's corpus of
 * descriptions and edits, plus requests generated from templates over everyday entity and field
 * names, plus the workspace's own vocabulary (the entities and fields of its apps).
 */
import { readFileSync } from "node:fs";

const ENTITIES = [
  "task",
  "project",
  "customer",
  "order",
  "invoice",
  "product",
  "book",
  "recipe",
  "event",
  "contact",
  "company",
  "deal",
  "lead",
  "employee",
  "student",
  "course",
  "lesson",
  "assignment",
  "patient",
  "appointment",
  "visit",
  "pet",
  "vehicle",
  "trip",
  "expense",
  "habit",
  "workout",
  "run",
  "meal",
  "plant",
  "guest",
  "member",
  "volunteer",
  "shift",
  "ticket",
  "bug",
  "issue",
  "note",
  "idea",
  "goal",
  "movie",
  "song",
  "album",
  "game",
  "player",
  "team",
  "room",
  "booking",
  "reservation",
  "property",
  "tenant",
  "repair",
  "supplier",
  "item",
  "ingredient",
  "donation",
  "donor",
  "subscription",
  "article",
  "post",
  "job",
  "application",
  "candidate",
  "interview",
  "meeting",
  "client",
  "payment",
  "account",
  "medication",
  "reading",
  "order item",
  "category",
  "tag",
  "location",
];
const FIELDS = [
  "name",
  "title",
  "description",
  "notes",
  "email",
  "phone",
  "phone number",
  "address",
  "website",
  "link",
  "date",
  "due date",
  "start date",
  "end date",
  "start time",
  "end time",
  "birthday",
  "deadline",
  "status",
  "priority",
  "category",
  "type",
  "stage",
  "level",
  "difficulty",
  "rating",
  "score",
  "price",
  "cost",
  "amount",
  "total",
  "budget",
  "salary",
  "quantity",
  "number of pages",
  "duration",
  "duration in minutes",
  "weight",
  "height",
  "age",
  "year",
  "author",
  "owner",
  "assignee",
  "client",
  "company name",
  "contact email",
  "location",
  "room",
  "size",
  "color",
  "tags",
  "comments",
  "review",
  "ingredients",
  "instructions",
  "summary",
  "photo",
  "source",
  "frequency",
  "mood",
  "hours",
  "calories",
  "distance",
  "capacity",
  "count",
  "done",
  "paid",
  "completed",
  "active",
  "archived",
  "favorite",
  "first name",
  "last name",
  "full name",
  "job title",
  "department",
  "grade",
  "subject",
  "reason",
  "diagnosis",
  "fee",
  "balance",
  "invoice number",
  "order date",
  "delivery date",
  "renewal date",
  "last visit",
];
const OPTIONS = [
  ["low", "medium", "high"],
  ["open", "in progress", "closed"],
  ["to do", "doing", "done"],
  ["easy", "medium", "hard"],
  ["small", "medium", "large"],
  ["pending", "shipped", "delivered"],
  ["new", "active", "archived"],
  ["daily", "weekly", "monthly"],
  ["red", "green", "blue"],
  ["yes", "no", "maybe"],
  ["fiction", "non fiction", "poetry"],
  ["morning", "afternoon", "evening"],
];
const VIEWS = ["on a board", "on a kanban board", "in a calendar", "in a table", "as a list"];
const NUMBERS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "hundred"];

const plural = (w: string) => (/(s|x|ch|sh)$/.test(w) ? `${w}es` : /[^aeiou]y$/.test(w) ? `${w.slice(0, -1)}ies` : `${w}s`);

/**
 * Deterministic picks that walk each list in turn (every name appears in every template, which a
 * random draw does not guarantee), at a different stride per list so combinations vary.
 */
function picker(seed: number) {
  const positions = new Map<readonly unknown[], number>();
  let calls = seed;
  return <T>(list: readonly T[]): T => {
    const at = positions.get(list) ?? (calls++ * 7) % list.length;
    positions.set(list, at + 1);
    return list[at % list.length]!;
  };
}

const TEMPLATES: ((p: ReturnType<typeof picker>, e: string[], f: string[]) => string)[] = [
  (p, e, f) => `i want an app to track ${plural(p(e))} with a ${p(f)} a ${p(f)} and a ${p(f)}`,
  (p, e, f) => `an app to keep track of my ${plural(p(e))} with ${p(f)} ${p(f)} and ${p(f)}`,
  (p, e, f) => `each ${p(e)} has a ${p(f)} a ${p(f)} and a ${p(f)}`,
  (p, e, f) => `every ${p(e)} should have a ${p(f)} and a ${p(f)}`,
  (p, e) => `each ${p(e)} belongs to a ${p(e)}`,
  (p, e) => `a ${p(e)} can have many ${plural(p(e))}`,
  (p, e, f) => `add a ${p(f)} to each ${p(e)}`,
  (p, e, f) => `add ${p(f)} to the ${plural(p(e))}`,
  (p, _e, f) => `add a ${p(f)} field`,
  (p, _e, f) => `remove the ${p(f)} field`,
  (p, e, f) => `remove the ${p(f)} from the ${plural(p(e))}`,
  (p, _e, f) => `delete the ${p(f)}`,
  (p, _e, f) => `i don't need the ${p(f)} anymore`,
  (p, _e, f) => `rename ${p(f)} to ${p(f)}`,
  (p, e) => `rename ${plural(p(e))} to ${plural(p(e))}`,
  (p, _e, f) => `make the ${p(f)} required`,
  (p, _e, f) => `make ${p(f)} optional`,
  (p, e) => `show the ${plural(p(e))} ${p(VIEWS)}`,
  (p, e, f) => `show ${plural(p(e))} on a board by ${p(f)}`,
  (p, e, f) => `show ${plural(p(e))} in a calendar by ${p(f)}`,
  (p, e, f) => `add a chart of ${plural(p(e))} by ${p(f)}`,
  (p, e) => `add stats for the ${plural(p(e))}`,
  (p, _e, f) => {
    const o = p(OPTIONS);
    return `a ${p(f)} of ${o[0]} ${o[1]} or ${o[2]}`;
  },
  (p, _e, f) => {
    const o = p(OPTIONS);
    return `the ${p(f)} can be ${o[0]} ${o[1]} or ${o[2]}`;
  },
  (p, _e, f) => `make the ${p(f)} a number`,
  (p, _e, f) => `change the ${p(f)} to a date`,
  (p, _e, f) => `a ${p(f)} from ${p(NUMBERS)} to ${p(NUMBERS)}`,
  (p, e) => `add ${plural(p(e))} with a name and an email`,
  (p, _e, f) => `also add a ${p(f)} and a ${p(f)}`,
];

let corpus: string[] | null = null;

/** The builder's corpus (descriptions and each edit) as sentences, read once. */
function builderCorpus(): string[] {
  return (corpus ??= readBuilderCorpus());
}

function readBuilderCorpus(): string[] {
  const dir = new URL("../../builder/corpus/", import.meta.url);
  const descriptions = JSON.parse(readFileSync(new URL("descriptions.json", dir), "utf8")) as { text: string }[];
  const edits = JSON.parse(readFileSync(new URL("edits.json", dir), "utf8")) as { start: string; steps: { text: string }[] }[];
  return [...descriptions.map((d) => d.text), ...edits.flatMap((s) => [s.start, ...s.steps.map((x) => x.text)])].flatMap((t) =>
    t.split(/(?<=[.!?])\s+/),
  );
}

/** Spoken forms of identifiers: "dueDate" → "due date". */
export const spokenName = (identifier: string) =>
  identifier
    .replace(/([A-Z])/g, " $1")
    .toLowerCase()
    .trim();

/**
 * Training sentences: the corpus, `perTemplate` generated requests for each template over the
 * everyday names, and as many again over the workspace's own names.
 */
export function trainingSentences(
  vocabulary: { entities: string[]; fields: string[] } = { entities: [], fields: [] },
  perTemplate = 120,
): string[] {
  const out = [...builderCorpus()];
  const generate = (entities: string[], fields: string[], seed: number) => {
    const p = picker(seed);
    for (const template of TEMPLATES) for (let i = 0; i < perTemplate; i++) out.push(template(p, entities, fields));
  };
  generate(ENTITIES, FIELDS, 1);
  const own = { entities: vocabulary.entities.map(spokenName), fields: vocabulary.fields.map(spokenName) };
  if (own.entities.length || own.fields.length) {
    generate(
      own.entities.length ? [...own.entities, ...own.entities, ...ENTITIES] : ENTITIES,
      own.fields.length ? [...own.fields, ...own.fields, ...FIELDS] : FIELDS,
      2,
    );
  }
  return out;
}
