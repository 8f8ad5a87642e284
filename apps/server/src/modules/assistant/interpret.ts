/**
 * A command said to a running app, read against its spec and records: what to create, which record
 * to change or delete and how, which records to show, or what number to work out. Anything it
 * cannot pin down (two records named alike, nothing named at all) is "unclear" with a hint that
 * says what to add. Offline and deterministic: the same words and records give the same reading.
 */
import type { Entity, RecordFilter } from "@vta/contracts";
import { isNumeric } from "@vta/contracts";
import { stem } from "../builder/index.js";
import { COMMON, wordsOf, type AppCatalog, type CatalogRecord } from "./catalog.js";
import { dateOf, describedBy, narrow, ordinalRecord, recordsNamed, spansOf } from "./match.js";
import { plainCommand } from "./spoken.js";
import { readFilters } from "./conditions.js";
import { cuesOf, readValues } from "./values.js";
import { momentIso, momentsIn, periodIn, wallClock } from "./when.js";

const todayOf = (at: Situation) => wallClock(at.now, at.tz).toISOString().slice(0, 10);

export interface Question {
  measure: "count" | "sum" | "avg" | "min" | "max";
  field?: string;
  filters: RecordFilter[];
  groupBy?: string;
  pick?: "most" | "least";
}

export type Intent =
  | { kind: "create"; entity: string; values: Record<string, unknown> }
  | { kind: "update"; entity: string; record: CatalogRecord; changes: Record<string, unknown> }
  | { kind: "delete"; entity: string; record: CatalogRecord }
  | { kind: "filter"; entity: string; filters: RecordFilter[]; sort?: string }
  | { kind: "answer"; entity: string; question: Question }
  | { kind: "unclear"; entity?: string; hint: string; candidates?: CatalogRecord[] };

export interface Situation {
  now: Date;
  tz: string;
}

const DELETE =
  /^(?:delete|remove|erase|get rid of|drop|trash|scrap|bin|throw (?:out|away)|take (?:out|off)|wipe|kill|nuke|scratch|cancel)\b/;
/** A delete said after the record: "bin it", "take her out of the system", "scrap it", "was a mistake". */
const DELETE_ANYWHERE =
  /\b(?:delete|remove|get rid of|bin (?:it|that|them)|scrap (?:it|that|them)|scratch (?:it|that)|tak(?:e|ing) (?:it|her|him|them|that) (?:out|off)|pulled (?:the|her|his|their|it|out)|called (?:it )?off|backed out|wipe (?:it|that)|drop (?:it|that)|was a mistake|got logged twice|shouldn't be there)\b/;
const UPDATE =
  /^(?:mark|change|set(?! up\b)|update|make|move|rename|edit|switch|reschedule|push|bump|raise|lower|increase|decrease|correct|fix|adjust|turn)\b/;
const CREATE =
  /^(?:add|new|create|log|record|book|schedule|enter|set up|file|put\b.*\b(?:down|in)\b|pop\b.*\bin\b|put through|pencil\b.*\bin\b|register|sign up|save|note|track|open|start)\b/;
/** The words that begin a new record, taken off before its values are read. */
const CREATE_LEAD =
  /^(?:add(?:ing)?|new|create|log|record|book|schedule|enter|register|save|note|track)\b\s*(?:(?:a|an|the|another|one more)\s+)?(?:new\s+)?/i;
/** "I paid 12 for…", "we spent…", "my partner got…": money that went out, a new entry. */
const SPENT = /^(?:i|we|my \w+|partner)\s+(?:just\s+)?(?:paid|spent|bought|got)\b/;
/** Verbs that tell of something that happened: a new entry in a log ("fed Daisy", "Ben did spin"). */
const HAPPENED =
  /\b(?:fed|came|did|sold|spent|bought|worked|attended|visited|borrowed|borrowing|lent|lending|loaned|ordered|wants?|took|gave|dropped|bringing|brought|booked)\b/;
const SUPERLATIVE =
  /\b(?:the most|the least|most|least|highest|lowest|biggest|smallest|largest|longest|shortest|heaviest|fattest|thickest|tallest|cheapest|priciest|top|best|worst)\b/;
const QUESTION_NUMBER =
  /\b(?:how many|how much|in total|total|sum of|average|avg|number of|count|tally|owe|owed|damage|cost us|costs? me|come to|add up|what's that come|what did (?:we|i) (?:take|make|earn|spend|sell|bring|pay))\b/;
const LIST =
  /^(?:show|list|find|display|filter|give me|get me|pull up|bring up|open up|search|look up|view|see|only|what(?:'s| is| are| were|'re)?|which|where|when|any|do (?:we|i) have|are there|is there|who(?:'s| is| are)?|all|(?:has|have|did|does|do|is|are|was|were) (?!not\b)\w+)\b/;

function kindOf(low: string): Intent["kind"] | "statement" {
  if (DELETE.test(low)) return "delete";
  if (LIST.test(low) && !QUESTION_NUMBER.test(low) && !(SUPERLATIVE.test(low) && !/\bfirst\b|\bon top\b/.test(low))) return "filter";
  if (QUESTION_NUMBER.test(low) || (/(?:^|[,;:.?!]\s*)(?:who|which|what)\b/.test(low) && SUPERLATIVE.test(low))) return "answer";
  if (UPDATE.test(low)) return "update";
  if (CREATE.test(low)) return "create";
  if (LIST.test(low) || low.endsWith("?")) return "filter";
  return "statement";
}

/** The words that ask for something in the middle of a sentence: "…, could you mark his order as ready?". */
const ASK =
  /\b(?:(?:could|can|would|will) (?:you|u)(?: just)?(?: mind)?|(?:do|would) you mind|i(?:'d| would) like you to|i (?:need|want) you to|go ahead and)\s+|^mind\s+/g;

/** Where the request begins (0 when the sentence is the request). */
function askedAt(low: string): number {
  const last = [...low.matchAll(ASK)].at(-1);
  return last ? last.index + last[0].length : 0;
}

/**
 * The request in a sentence that tells a story first ("So Kofi's lattes are done, could you mark his order
 * as ready?"), its verb as a command ("would you mind adding…" → "add…"): what says the kind of command.
 */
function requestOf(low: string): string {
  const after = low.slice(askedAt(low));
  const ing = /^(\w+?)ing\b/.exec(after);
  if (!ing) return after;
  const root = ing[1]!;
  for (const verb of [root, `${root}e`, root.replace(/(.)\1$/, "$1")]) {
    const said = verb + after.slice(ing[0].length);
    if (kindOf(said) !== "statement" || DELETE_ANYWHERE.test(said)) return said;
  }
  return after;
}

const entityWords = (e: Entity) =>
  new Set([...wordsOf(e.label), ...wordsOf(e.pluralLabel), ...wordsOf(e.name.replace(/([A-Z])/g, " $1"))].map(stem));

/**
 * The entity the words name ("orders", "the vet visit", "Marco's order" for cake orders): all its label's words, or
 * its head word. `strong`: not by a word before the head alone ("a bit more time" is no time entry).
 */
function entityNamed(catalog: AppCatalog, low: string, strong = false): Entity | undefined {
  const tokens = wordsOf(low).map(stem);
  let best: { e: Entity; score: number; at: number } | undefined;
  for (const e of catalog.spec.entities) {
    const label = wordsOf(e.label).map(stem);
    const hits = label.filter((w) => tokens.includes(w));
    if (!hits.length && !tokens.includes(stem(e.name.toLowerCase()))) continue;
    if (strong && hits.length < label.length && !hits.includes(label.at(-1)!)) continue;
    const score = hits.length + (hits.length === label.length ? 1 : 0) + (tokens.includes(label.at(-1)!) ? 0.5 : 0);
    const at = tokens.indexOf(label.at(-1)!);
    if (!best || score > best.score || (score === best.score && at < best.at)) best = { e, score, at };
  }
  return best?.e;
}

/** Whether the words say a record's whole title ("the concert tickets"): then it is that record, not a new one. */
function ownTitleSaid(catalog: AppCatalog, low: string): boolean {
  const said = new Set(wordsOf(low).map(stem));
  for (const list of catalog.records.values())
    for (const r of list) if (r.ownWords.size >= 2 && [...r.ownWords].every((w) => said.has(w))) return true;
  return false;
}

/** An entity named by the command's first words ("Orders from last week", "vet visits for a cough", "invoice the remodel"). */
function leadingEntity(catalog: AppCatalog, low: string): { entity: Entity; plural: boolean } | null {
  for (const e of catalog.spec.entities) {
    // "Mystery books, best rated first": a choice of the entity may come before its name.
    const options = new Set(e.fields.flatMap((f) => (f.type === "enum" ? (f.options ?? []).flatMap(wordsOf) : [])));
    const all = wordsOf(low.replace(/^(?:all|any|the|my|our)\s+/, ""));
    let skip = 0;
    while (skip < 2 && options.has(all[skip] ?? "")) skip++;
    const words = all.slice(skip);
    for (const [label, plural] of [
      [e.pluralLabel, true],
      [e.label, false],
    ] as const) {
      const w = wordsOf(label);
      if (w.length && w.every((x, i) => words[i] === x)) return { entity: e, plural };
    }
  }
  return null;
}

/** Stems that say what kind of thing or field is meant, not which record. */
function notNames(catalog: AppCatalog): Set<string> {
  const skip = new Set<string>();
  for (const e of catalog.spec.entities) {
    for (const w of entityWords(e)) skip.add(w);
    for (const f of e.fields) for (const w of wordsOf(f.label)) skip.add(stem(w));
  }
  for (const w of [
    "today",
    "tomorrow",
    "yesterday",
    "week",
    "month",
    "last",
    "next",
    "first",
    "latest",
    "new",
    "now",
    "it",
    "one",
    "all",
    "just",
    "please",
    "can",
    "you",
  ])
    skip.add(w);
  return skip;
}

/** The record a command names, in `entity` when known (else anywhere): one, or the ones it cannot tell apart. */
function target(
  catalog: AppCatalog,
  entity: Entity | undefined,
  text: string,
  at: Situation,
  described = false,
): { entity: Entity; records: CatalogRecord[]; words: string[] } | null {
  const low = text.toLowerCase();
  const dates = momentsIn(text, at.now, at.tz).map((m) => m.date);
  if (entity) {
    const ordinal = ordinalRecord(catalog, entity, low);
    if (ordinal) return { entity, records: [ordinal], words: [] };
  }
  const skip = notNames(catalog);
  const entities = entity ? [entity] : (thingSaid(catalog, low) ?? catalog.spec.entities);
  let best: { entity: Entity; records: CatalogRecord[]; words: string[]; score: number } | undefined;
  for (const e of entities) {
    const named = recordsNamed(catalog.records.get(e.name) ?? [], text, skip);
    if (!named.records.length) continue;
    // A record named by its own words beats one named through a link ("Daisy" the animal over Daisy's feedings).
    const own = named.records.filter((r) => named.words.some((w) => r.ownWords.has(w)));
    // The record that takes in more of the names said wins ("Mei returned Sapiens": Mei's loan of Sapiens, not the book).
    const score = named.words.length * 100 + named.score * (own.length ? 2 : 1);
    if (!best || score > best.score + 1e-9) best = { entity: e, records: own.length ? own : named.records, words: named.words, score };
  }
  if (!best && entity && dates.length) {
    // "Delete today's time entry": named by its day alone.
    const onDay = (catalog.records.get(entity.name) ?? []).filter((r) => dates.some((d) => dateOf(entity, r).startsWith(d)));
    if (onDay.length) return { entity, records: onDay, words: [] };
  }
  const only = entities.length === 1 ? entities[0]! : undefined;
  if (!best && described && only) {
    // "Cancel Friday's carrot cake", "the red velvet going out Saturday": named by its choices and its day.
    const records = describedBy(only, catalog.records.get(only.name) ?? [], low, dates);
    if (records.length) return { entity: only, records, words: [] };
  }
  if (!best) return null;
  return { entity: best.entity, records: narrow(best.entity, best.records, low, dates), words: best.words };
}

/** "Ben Kim's blowout", "Hana's red velvet": the entity a choice or a possessive's thing belongs to, when the words say one. */
function thingSaid(catalog: AppCatalog, low: string): Entity[] | undefined {
  const of = catalog.spec.entities.filter((e) =>
    e.fields.some((f) => f.type === "enum" && (f.options ?? []).some((o) => new RegExp(`\\b${o.toLowerCase()}s?\\b`).test(low))),
  );
  if (of.length === 1) return of;
  return undefined;
}

const listOf = (records: CatalogRecord[]) =>
  records
    .slice(0, 4)
    .map((r) => r.title)
    .join(", ");

function ambiguous(entity: Entity, records: CatalogRecord[]): Intent {
  return {
    kind: "unclear",
    entity: entity.name,
    hint: `${records.length} ${entity.pluralLabel.toLowerCase()} match (${listOf(records)}${records.length > 4 ? ", …" : ""}); say which one, with its date or another detail`,
    candidates: records,
  };
}

export function interpret(raw: string, catalog: AppCatalog, at: Situation): Intent {
  const text = plainCommand(raw);
  const low = text.toLowerCase();
  const { spec } = catalog;
  if (!/[a-z]/.test(low))
    return {
      kind: "unclear",
      hint: "Say what to add, change, find or ask, e.g. “add an order for Jane, 40 dollars” or “how many orders are open?”",
    };
  let kind = kindOf(requestOf(low));
  // "Book report's finished": a record's name that begins with a verb is that record.
  if (
    kind === "create" &&
    [...catalog.records.values()].some((list) => list.some((r) => r.title.includes(" ") && low.startsWith(r.title.toLowerCase())))
  )
    kind = "statement";
  const named = entityNamed(catalog, low);
  if (kind === "statement" && DELETE_ANYWHERE.test(low)) kind = "delete";
  // "Ivan's cancelled the carrot one": cancelling deletes, unless the entity keeps a cancelled state.
  if (
    kind === "statement" &&
    /\bcancel(?:l?ed)?\b/.test(low) &&
    !spec.entities.some((e) => e.fields.some((f) => (f.options ?? []).some((o) => /^cancel/i.test(o))))
  )
    kind = "delete";
  // "can we shift him to half three", "change the writing to…": an update said after the record.
  if (
    kind === "statement" &&
    /\b(?:moved to|changed to|is now|are now|now is|set to|went up to|went down to|should be)\b|\b(?:shift|move|change|make|push|bump|switch|update|set)\b(?: [\w']+){0,3} (?:to|as|into)\b|\bmake (?:that|it) (?:a|an|\d)/.test(
      low,
    )
  )
    kind = "update";
  if (kind === "statement" && SPENT.test(low) && !ownTitleSaid(catalog, low)) kind = "create";
  // "Orders from last week" lists; "Invoice the kitchen remodel for $2,000" adds one.
  const lead = leadingEntity(catalog, low);
  if (kind === "statement" && lead) kind = lead.plural ? "filter" : "create";
  // "Pickups this week": a period and nothing to write.
  if (kind === "statement" && periodIn(low, at.now, at.tz) && !/\d/.test(low) && !HAPPENED.test(low) && !target(catalog, named, text, at))
    kind = "filter";
  const single = spec.entities.length === 1 ? spec.entities[0] : undefined;

  if (kind === "filter" || kind === "answer") {
    let entity = named ?? single ?? guessEntity(catalog, low, at);
    // "Which client spends the most": the clients' appointments, summed per client.
    // "What's the biggest quote" is one number of the jobs themselves.
    const asksWhich = /\bwho\b/.test(low) || (!!entity && entityWords(entity).has(stem(groupWordOf(low) ?? "")));
    if (entity && kind === "answer" && asksWhich && SUPERLATIVE.test(low)) {
      const linking = spec.entities.filter((e) => e !== entity && e.fields.some((f) => f.type === "reference" && f.ref === entity!.name));
      const mentioned = (e: Entity) => e.fields.filter((f) => isNumeric(f.type) && wordsOf(f.label).some((w) => low.includes(w))).length;
      if (linking.length) entity = linking.sort((a, b) => mentioned(b) - mentioned(a))[0]!;
    }
    if (!entity)
      return {
        kind: "unclear",
        hint: `Say which of ${spec.entities.map((e) => e.pluralLabel.toLowerCase()).join(", ")} you mean`,
      };
    const read = readFilters(entity, text, catalog, at);
    // Words that name nothing of the app, and nothing else said: it cannot know what is meant ("which pets are dogs").
    const namesField = entity.fields.some((f) => wordsOf(f.label).some((w) => !COMMON.has(w) && new RegExp(`\\b${w}`).test(low)));
    // A yes-or-no question about something the app does not keep ("did Priya leave a tip?") cannot be answered either.
    const yesNo = /^(?:did|has|have|does|do|is|are|was|were)\b/.test(low) && read.unknown.length > 0;
    if (yesNo || (!read.filters.length && !read.sort && !namesField && read.unknown.length >= (kind === "filter" ? 1 : 2)))
      return {
        kind: "unclear",
        entity: entity.name,
        hint: `This app has no ${entity.label.toLowerCase()} field or record for “${read.unknown.join(" ")}”; say it with the words of its fields and records`,
      };
    if (kind === "filter") return { kind, entity: entity.name, filters: read.filters, ...(read.sort ? { sort: read.sort } : {}) };
    return { kind, entity: entity.name, question: question(entity, low, read.filters, catalog) };
  }

  if (kind === "delete" || kind === "update" || kind === "statement") {
    const found = target(catalog, kind === "statement" ? named : entityNamed(catalog, low, true), text, at, kind !== "statement");
    const dates = momentsIn(text, at.now, at.tz).map((m) => m.date);
    const unheardOf = found && dates.length > 0 && !found.records.some((r) => dates.some((d) => dateOf(found.entity, r).startsWith(d)));
    // Something that happened to a record ("fed Daisy", "Chloe, blowout, Saturday") is a new entry of the log that links to it.
    const logged = found && spec.entities.some((e) => e.fields.some((f) => f.type === "reference" && f.ref === found.entity.name));
    // Named only through what they link to ("Chloe Walker, blowout, Saturday"): the linked record is the subject.
    const viaLink = found && found.words.length > 0 && !found.records.some((r) => found.words.some((w) => r.ownWords.has(w)));
    // A statement about a record named by its own name ("Peppa weighed in at 152", "watered Monty") changes it,
    // unless it tells of something done to it that a log keeps ("fed Daisy 15 kg of hay"). Through a link, a day
    // none of its records has is a new one too ("Chloe Walker, blowout, Saturday").
    const happened = HAPPENED.test(low);
    const entry = !found || (viaLink && (happened || unheardOf) && (logged || viaLink || (named && named !== found.entity)));
    if (kind === "statement" && entry) return create(catalog, named ?? single, text, at, found);
    if (kind === "statement" && found && found.records.length === 1 && happened && (logged || (named && named !== found.entity))) {
      // Something done to a record a log keeps ("fed Daisy 15 kg of hay"), or a change to it ("Ben wants to go monthly"):
      // whichever reads more of what was said.
      const changes = readChanges(found.entity, text, found.words, catalog, at, found.records[0]!);
      const entryIntent = create(catalog, named ?? single, text, at, found);
      const linkTo = new Set(found.records.map((r) => r.id));
      const entryValues =
        entryIntent.kind === "create" ? Object.values(entryIntent.values).filter((v) => !linkTo.has(v as string)).length : 0;
      if (entryValues + 1 > Object.keys(changes).length) return entryIntent;
    }
    if (!found) {
      if (kind === "statement") return create(catalog, named ?? single, text, at, null);
      const entity = named ?? single;
      return {
        kind: "unclear",
        ...(entity ? { entity: entity.name } : {}),
        hint: `No ${entity ? entity.label.toLowerCase() : "record"} of this app matches what you said; say its name as it is written`,
      };
    }
    if (found.records.length > 1) return ambiguous(found.entity, found.records);
    let record = found.records[0]!;
    if (kind === "delete") {
      // "That half hour I logged on the newsletter template": the entry of it the numbers said describe, not the template.
      const entry = entryOf(catalog, found.entity, record, text, at);
      return entry ? { kind, entity: entry.entity.name, record: entry.record } : { kind, entity: found.entity.name, record };
    }
    // A story before the request ("I weighed Wilbur this afternoon, …, could you set his weight to 141"): what the
    // request says to change, else what the whole sentence says.
    const request = text.slice(askedAt(low));
    let changes = readChanges(found.entity, request, found.words, catalog, at, record);
    if (!Object.keys(changes).length && request !== text) {
      // "…, could you update his weight?": of what the whole sentence says, the fields the request names.
      changes = readChanges(found.entity, text, found.words, catalog, at, record);
      const asked = found.entity.fields.filter((f) => cuesOf(f).some((c) => new RegExp(`\\b${c}`, "i").test(request)));
      if (asked.length) changes = Object.fromEntries(Object.entries(changes).filter(([k]) => asked.some((f) => f.name === k)));
    }
    if (!Object.keys(changes).length) {
      // "Priya paid up for the deck": the deck job has nothing to pay; its one invoice does.
      for (const e of spec.entities) {
        const link = e.fields.find((f) => f.type === "reference" && f.ref === found.entity.name);
        const all = link ? (catalog.records.get(e.name) ?? []).filter((r) => r.data[link.name] === record.id) : [];
        // Of Tom's appointments, the one on the day said ("he can't do two tomorrow").
        const linked = narrow(
          e,
          all,
          low,
          momentsIn(text, at.now, at.tz).map((m) => m.date),
        );
        if (linked.length !== 1) continue;
        const other = readChanges(e, text, found.words, catalog, at, linked[0]!);
        if (!Object.keys(other).length) continue;
        [found.entity, record, changes] = [e, linked[0]!, other];
        break;
      }
    }
    if (!Object.keys(changes).length) {
      if (kind === "statement") return create(catalog, named ?? single, text, at, found);
      return {
        kind: "unclear",
        entity: found.entity.name,
        hint: `Say what to change about ${record.title}, e.g. “mark it as done” or “change the price to 40”`,
      };
    }
    return { kind: "update", entity: found.entity.name, record, changes };
  }
  // "log two hours on the logo": a record named in a new entry says which log it goes to.
  return create(catalog, named ?? single, text, at, named ? null : target(catalog, undefined, text, at), kind === "create");
}

/** The one record of a log linked to `record` whose numbers are those said ("half an hour" of time on a project). */
function entryOf(catalog: AppCatalog, entity: Entity, record: CatalogRecord, text: string, at: Situation) {
  for (const e of catalog.spec.entities) {
    const link = e.fields.find((f) => f.type === "reference" && f.ref === entity.name);
    if (!link) continue;
    const { values } = readValues(e, text, { catalog, now: at.now, tz: at.tz, create: false, skip: notNames(catalog) });
    const numbers = Object.entries(values).filter(
      ([k, v]) => typeof v === "number" && e.fields.some((f) => f.name === k && isNumeric(f.type)),
    );
    if (!numbers.length) continue;
    let linked = (catalog.records.get(e.name) ?? []).filter(
      (r) => r.data[link.name] === record.id && numbers.every(([k, v]) => r.data[k] === v),
    );
    // Several alike: the one with the words said ("research") and in the month said.
    for (const [k, v] of Object.entries(values)) {
      const f = e.fields.find((x) => x.name === k);
      if (linked.length < 2 || !f || typeof v !== "string") continue;
      const same = linked.filter((r) => {
        const had = typeof r.data[k] === "string" ? r.data[k] : "";
        return f.type === "date" ? had.slice(0, 7) === v.slice(0, 7) : had.toLowerCase() === v.toLowerCase();
      });
      if (same.length) linked = same;
    }
    if (linked.length === 1) return { entity: e, record: linked[0]! };
  }
  return null;
}

/** A new record: of the entity named, else of the one that links to the record named, else the one the values fit best. */
function create(
  catalog: AppCatalog,
  named: Entity | undefined,
  text: string,
  at: Situation,
  found: ReturnType<typeof target>,
  asked = false,
): Intent {
  const skip = notNames(catalog);
  // The words that ask, in the middle of a story ("…, could you put that in for her?"), name nothing.
  const said = text
    .replace(CREATE_LEAD, "")
    .replace(
      /\b(?:(?:could|can|would|will) you(?: just)?(?: mind)?|let's)\s+(?:add|put|log|record|file|set up|enter|book|create|make|call)(?:ing)?\b(?:\s+(?:it|her|him|them|that|this|one)\b)?(?:\s+(?:in|down|up|as)\b)?/gi,
      " ",
    );
  const read = (e: Entity) => readValues(e, said, { catalog, now: at.now, tz: at.tz, create: true, skip });
  let entity = named;
  if (!entity && found) {
    const linking = catalog.spec.entities.filter((e) => e.fields.some((f) => f.type === "reference" && f.ref === found.entity.name));
    // Named through its own links ("gave Bessie 15 kilos of hay" found Bessie's feedings): another of those.
    if (!linking.length && found.entity.fields.some((f) => f.type === "reference")) linking.push(found.entity);
    entity =
      linking.length === 1
        ? linking[0]
        : linking.sort((a, b) => Object.keys(read(b).values).length - Object.keys(read(a).values).length)[0];
  }
  entity ??= catalog.spec.entities.map((e) => ({ e, n: Object.keys(read(e).values).length })).sort((a, b) => b.n - a.n)[0]?.e;
  if (!entity) return { kind: "unclear", hint: "Say what to add, e.g. “add an order for Jane, 40 dollars”" };
  const { values } = read(entity);
  // "for the cow": a link named by a choice of the linked records; one such record is it, several must be told apart.
  const low = text.toLowerCase();
  for (const f of entity.fields) {
    if (f.type !== "reference" || f.name in values) continue;
    const ref = catalog.spec.entities.find((e) => e.name === f.ref);
    const choice = ref?.fields.find(
      (x) => x.type === "enum" && (x.options ?? []).some((o) => new RegExp(`\\b(?:the|a|an|my|our) ${o.toLowerCase()}\\b`).test(low)),
    );
    if (!ref || !choice) continue;
    const option = choice.options!.find((o) => new RegExp(`\\b(?:the|a|an|my|our) ${o.toLowerCase()}\\b`).test(low))!;
    const having = (catalog.records.get(ref.name) ?? []).filter((r) => r.data[choice.name] === option);
    if (having.length === 1) values[f.name] = having[0]!.id;
    else if (having.length > 1) return ambiguous(ref, having);
  }
  const title = entity.fields.find((f) => f.type === "text");
  // Words with no verb and nothing but a name in them ("zzz qqq") are not a request to add anything.
  const onlyName = Object.keys(values).every((k) => k === title?.name);
  if (!Object.keys(values).length || (onlyName && !asked && !named && !found))
    return {
      kind: "unclear",
      ...(named ? { entity: entity.name } : {}),
      hint: Object.keys(values).length
        ? `Say what to do: “add a ${entity.label.toLowerCase()} …”, “change …”, “show …” or ask “how many …”`
        : `Say what the new ${entity.label.toLowerCase()} has, e.g. its name`,
    };
  return { kind: "create", entity: entity.name, values };
}

/** What an update sets: the values said after the record ("to 4.50", "as picked up", "is done"), not the words that named it. */
function readChanges(
  entity: Entity,
  text: string,
  nameWords: string[],
  catalog: AppCatalog,
  at: Situation,
  record: CatalogRecord,
): Record<string, unknown> {
  // The record's name is not a value, nor is the day that picked it ("today's cut", "Rex's visit tomorrow to 2pm").
  let rest = text;
  for (const [a, b] of spansOf(rest, nameWords)) rest = rest.slice(0, a) + " ".repeat(b - a) + rest.slice(b);
  const day = dateOf(entity, record).slice(0, 10);
  const moments = momentsIn(rest, at.now, at.tz);
  const to = /\b(?:to|for|until|till)\s+(?=\S)/gi;
  const valueFrom = [...rest.matchAll(to)].at(-1)?.index ?? -1;
  // A month said in passing ("the cough visit back in February") tells which record, unless it is where it goes ("to May").
  for (const m of moments.reverse())
    if (
      (m.vague && !/\b(?:to|until|till)\s+(?:the\s+)?(?:end\s+of\s+|start\s+of\s+)?$/i.test(rest.slice(0, m.index))) ||
      (m.date === day && m.dateSaid && (!m.time || m.index < valueFrom))
    )
      rest = rest.slice(0, m.index) + " ".repeat(m.text.length) + rest.slice(m.index + m.text.length);
  const { values } = readValues(entity, rest, {
    catalog,
    now: at.now,
    tz: at.tz,
    create: false,
    skip: notNames(catalog),
    day: day || undefined,
  });
  const changes: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) if (JSON.stringify(record.data[k]) !== JSON.stringify(v)) changes[k] = v;
  // A day said in passing ("weighed in this morning") changes only a plain date, or one named by its cue (born, due).
  for (const f of entity.fields) {
    if (!(f.name in changes) || !(f.type === "date" || f.type === "dateTime")) continue;
    const cues = cuesOf(f);
    if (
      cues.length &&
      !cues.some((c) => new RegExp(`\\b${c}`, "i").test(text)) &&
      !/\b(?:move|moved|shift|push|reschedule|change|to)\b/i.test(text)
    )
      delete changes[f.name];
  }
  // "watered Monty": a date named by what was done, with no day said, is today.
  for (const f of entity.fields) {
    if (f.type !== "date" || f.name in values) continue;
    const done = cuesOf(f).filter((c) => /ed$/.test(c));
    if (done.some((c) => new RegExp(`\\b${c}\\b`, "i").test(text))) changes[f.name] = todayOf(at);
  }
  // "move it to Sunday": a visit kept as a day and a time moves both, at the same time of day.
  const dayField = entity.fields.find((f) => f.type === "date" && f.name in changes);
  const timeField = entity.fields.find((f) => f.type === "dateTime" && !(f.name in changes) && typeof record.data[f.name] === "string");
  if (dayField && timeField) {
    const clock = wallClock(new Date(String(record.data[timeField.name])), at.tz)
      .toISOString()
      .slice(11, 16);
    changes[timeField.name] = momentIso(String(changes[dayField.name]), clock, at.tz);
  }
  // "rename it to …", "change the message on George's cake to Happy 40th": the words after "to" are the new text.
  const set = /\b(?:rename|call it|name it|change|set|update|make)\b(.*?)\b(?:to|as)\s+(.+)$/i.exec(text);
  if (set) {
    const texts = entity.fields.filter((f) => f.type === "text" || f.type === "longText");
    const field = /rename|call it|name it/i.test(set[0])
      ? texts[0]
      : texts.find((f) => [...wordsOf(f.label), ...cuesOf(f)].some((w) => !COMMON.has(w) && new RegExp(`\\b${w}`, "i").test(set[1]!)));
    if (field) {
      for (const k of Object.keys(changes))
        if (k !== field.name && !(k in record.data && set[2]!.includes(String(changes[k])))) delete changes[k];
      changes[field.name] = set[2]!
        .replace(/^(?:say|read|just say)\s+/i, "")
        .replace(/[?.!\s]+$/, "")
        .trim();
    }
  }
  return changes;
}

/** The number asked for: count, or a sum, average, least or most of a number field, maybe per group. */
function question(entity: Entity, low: string, filters: RecordFilter[], catalog: AppCatalog): Question {
  const numeric = entity.fields.filter((f) => isNumeric(f.type));
  const namedField = numeric.find((f) =>
    [...wordsOf(f.label).filter((w) => !COMMON.has(w)), ...cuesOf(f).filter((c) => c.length > 2)].some((w) =>
      new RegExp(`\\b${w}`).test(low),
    ),
  );
  const money = numeric.find((f) => f.type === "currency");
  const amount = numeric.find((f) => f.type === "number" || f.type === "duration");
  const measureField =
    namedField ??
    (/\bmost of\b|\beats?\b|\bfed\b|\bhow many hours|\bmost time|\blongest|\btime on\b/.test(low) && amount ? amount : undefined) ??
    (/\bhow much|\bmoney|\badd up|\bcomes? to\b|\bspen[dt]|\bcost|\bowe|\bearn|\btake|\bmake|\bincome|\brevenue|\bsales?\b|\bsell|\bsold|\bdamage|\bworth|\bbring|\bpaid|\bpay/.test(
      low,
    )
      ? (money ?? numeric[0])
      : undefined);
  let measure: Question["measure"] = "count";
  if (/\baverage|\bavg\b|\bmean\b|\btypical/.test(low)) measure = "avg";
  else if (/\b(?:cheapest|lowest|smallest|least expensive|minimum|min)\b/.test(low) && !/\bwho|\bwhich\b/.test(low)) measure = "min";
  else if (
    /\b(?:most expensive|priciest|highest|biggest|largest|longest|heaviest|fattest|thickest|tallest|maximum|max)\b/.test(low) &&
    !/\bwho|\bwhich\b/.test(low)
  )
    measure = "max";
  else if (/\bhow many\b|\bnumber of\b|\bcount\b/.test(low))
    measure = namedField && new RegExp(`\\bhow many ${wordsOf(namedField.label).at(-1)}`).test(low) ? "sum" : "count";
  else if (measureField) measure = "sum";
  const q: Question = { measure, filters, ...(measure !== "count" && measureField ? { field: measureField.name } : {}) };
  if (measure !== "count" && !q.field) q.measure = "count";
  // "who spends the most", "which client…", "what category…": per group; "what's the biggest quote" is one number.
  const groupWord = groupWordOf(low);
  const grouped =
    /\bwho\b/.test(low) ||
    (!!groupWord &&
      entity.fields.some(
        (f) =>
          (f.type === "reference" && entityWordsOf(catalog, f.ref!).has(stem(groupWord))) ||
          ((f.type === "reference" || f.type === "enum") && wordsOf(f.label).map(stem).includes(stem(groupWord))),
      )) ||
    (!!groupWord && catalog.spec.entities.some((e) => entityWords(e).has(stem(groupWord)) && e !== entity));
  const superlative = grouped && SUPERLATIVE.test(low);
  if (superlative) {
    const groupField =
      entity.fields.find(
        (f) =>
          f.type === "reference" &&
          wordsOf(low)
            .map(stem)
            .some((w) => entityWordsOf(catalog, f.ref!).has(w)),
      ) ??
      entity.fields.find(
        (f) => (f.type === "reference" || f.type === "enum") && wordsOf(f.label).some((w) => new RegExp(`\\b${w}`).test(low)),
      ) ??
      entity.fields.find((f) => f.type === "reference");
    if (groupField) {
      q.groupBy = groupField.name;
      q.pick = /\b(?:least|lowest|smallest|fewest|worst)\b/.test(low) ? "least" : "most";
      if (q.measure !== "sum" && q.measure !== "count") q.measure = q.field ? "sum" : "count";
    }
  }
  return q;
}

/** The word after "which" or "what" ("which client", "which of the animals"): what a question is asked per. */
const groupWordOf = (low: string) => /\b(?:which|what)\s+(?:(?:one )?of (?:the|my|our|your) )?(\w+)/.exec(low)?.[1];

const entityWordsOf = (catalog: AppCatalog, name: string) => {
  const e = catalog.spec.entities.find((x) => x.name === name);
  return e ? entityWords(e) : new Set<string>();
};

/** No entity named: the one whose fields, choices or records the words name most. */
function guessEntity(catalog: AppCatalog, low: string, at: Situation): Entity | undefined {
  const tokens = new Set(wordsOf(low).map(stem));
  let best: { e: Entity; score: number } | undefined;
  for (const e of catalog.spec.entities) {
    let score = 0;
    for (const f of e.fields) {
      if (wordsOf(f.label).some((w) => tokens.has(stem(w)))) score += 1;
      for (const o of f.options ?? []) if (new RegExp(`\\b${o.toLowerCase()}(?:s|es)?\\b`).test(low.replace(/-/g, " "))) score += 2;
      if (f.type === "reference") score += 0.1;
    }
    if (
      (momentsIn(low, at.now, at.tz).length || periodIn(low, at.now, at.tz)) &&
      e.fields.some((f) => f.type === "date" || f.type === "dateTime")
    )
      score += 1.5;
    // "who've we got in the coop": a value its records have in a text field other than their name.
    const said = new Set(wordsOf(low));
    if (
      e.fields.some(
        (f) =>
          f.type === "text" &&
          f !== e.fields.find((x) => x.type === "text") &&
          (catalog.records.get(e.name) ?? []).some(
            (r) => typeof r.data[f.name] === "string" && wordsOf(r.data[f.name] as string).every((w) => said.has(w)),
          ),
      )
    )
      score += 2;
    // "how much am I still owed": what has a paid mark.
    if (/\b(?:owe[ds]?|owing|outstanding|unpaid)\b/.test(low) && e.fields.some((f) => f.type === "boolean" && /\bpaid\b/i.test(f.label)))
      score += 2;
    if (!best || score > best.score) best = { e, score };
  }
  return best?.e;
}
