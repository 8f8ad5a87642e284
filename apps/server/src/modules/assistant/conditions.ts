/**
 * Which records a list or a question is about, in the runtime's own filters: a period of a date
 * ("this week", "in February", "overdue"), choices ("new or preparing"), yes/no ("unpaid", "out of
 * stock"), a linked record ("Tom Silva's jobs"), a range of a number ("over $100"), words other
 * records' text has ("for a cough"); and the order asked for ("most expensive first", "by priority").
 */
import type { Entity, Field, RecordFilter } from "@vta/contracts";
import { isNumeric } from "@vta/contracts";
import { stem } from "../builder/index.js";
import { COMMON, wordsOf, type AppCatalog } from "./catalog.js";
import { recordsNamed, spansOf } from "./match.js";
import { OPTION_SAID_AS, SAID_AS_NOT } from "./lexicon.js";
import { booleanForms, cuesOf, optionPattern } from "./values.js";

const COMPLETION = /\b(?:done|finished|completed?|returned|read|paid|reimbursed|delivered|shipped)\b/;
import { periodFilter, periodIn } from "./when.js";
import type { Situation } from "./interpret.js";

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const NEGATED =
  /\b(?:not|no|un|isn't|aren't|wasn't|weren't|haven't|hasn't|hasnt|havent|didn't|don't|doesn't|never|without|yet to|still|nobody's|nobody has|no one's|no one has|nobody)\s+(?:(?:i|we|you|they|he|she|it)\s+)?(?:been\s+|yet\s+|got\s+|a\s+|the\s+|in\s+)?$/;
/** Words of a question that are never a record's text ("bring", "have"). */
const NOT_TEXT = new Set(
  "show give tell list find get what which who where when how many much have has had did does do bring brought take took make made spend spent sell sold owe owed still yet ever everything anything something all any due back please need needs want wants going".split(
    " ",
  ),
);

/** The date field a period is about: the one cued near it ("due", "pickup"), the due date for "overdue", else the first. */
function dateFieldFor(entity: Entity, low: string, words: string): Field | undefined {
  const dated = entity.fields.filter((f) => f.type === "date" || f.type === "dateTime");
  const cued = dated.find((f) => cuesOf(f).some((c) => new RegExp(`\\b${escape(c)}`).test(low)));
  if (cued) return cued;
  if (/overdue|past due|late/.test(words)) return dated.find((f) => /due|deadline/i.test(f.name)) ?? dated[0];
  return dated.find((f) => f.name === "date") ?? dated[0];
}

function sortOf(entity: Entity, low: string): string | undefined {
  const money = entity.fields.find((f) => f.type === "currency") ?? entity.fields.find((f) => isNumeric(f.type));
  const dated = entity.fields.find((f) => f.type === "date" || f.type === "dateTime");
  if (/\b(?:most expensive|priciest|biggest|largest|highest|most)\b.*\b(?:first|on top|at the top)\b/.test(low) && money)
    return `-${money.name}`;
  if (/\b(?:cheapest|smallest|lowest|least)\b.*\b(?:first|on top|at the top)\b/.test(low) && money) return money.name;
  const rating = entity.fields.find((f) => f.type === "rating");
  if (/\b(?:best|highest|top)[ -]rated\b/.test(low) && rating) return `-${rating.name}`;
  const cuedDate =
    entity.fields.find(
      (f) => (f.type === "date" || f.type === "dateTime") && cuesOf(f).some((c) => new RegExp(`\\b${escape(c)}`).test(low)),
    ) ?? dated;
  if (/\b(?:longest ago|least recently)\b/.test(low) && cuedDate) return cuedDate.name;
  if (/\b(?:newest|latest|most recent)\b.*\bfirst\b/.test(low) && dated) return `-${dated.name}`;
  if (/\b(?:oldest|earliest|soonest)\b.*\bfirst\b/.test(low) && dated) return dated.name;
  const by =
    /\b(?:sorted by|sort by|ordered by|order by|by)\s+(?:the\s+|their\s+|its\s+)?([a-z ]+?)(?:\s+(first|descending|ascending|high to low|low to high))?$/.exec(
      low,
    );
  if (by) {
    const field = entity.fields.find((f) =>
      wordsOf(f.label)
        .map(stem)
        .includes(stem(by[1]!.split(" ").at(-1)!)),
    );
    if (field) return /descending|high to low/.test(by[2] ?? "") ? `-${field.name}` : field.name;
  }
  return undefined;
}

export function readFilters(
  entity: Entity,
  text: string,
  catalog: AppCatalog,
  at: Situation,
): { filters: RecordFilter[]; sort?: string; unknown: string[] } {
  let low = ` ${text.toLowerCase().replace(/-/g, " ")} `.replace(/\b(?:show|give|tell|get|find) me\b/g, " ");
  const filters: RecordFilter[] = [];
  const sort = sortOf(entity, low);
  const period = periodIn(low, at.now, at.tz);
  if (period) {
    const field = dateFieldFor(entity, low, period.words);
    if (field) {
      filters.push(periodFilter(field.name, period));
      low = low.replace(period.words, " ");
    }
  }
  for (const f of entity.fields) {
    if (f.type === "enum") {
      const said: string[] = [];
      for (const o of f.options ?? []) {
        const base = optionPattern(o.replace(/-/g, " "));
        const others = OPTION_SAID_AS[o.toLowerCase()];
        const m = new RegExp(
          `\\b(?:${base}(?:s|es)?|${optionPattern(o.replace(/-/g, " ").replace(/ies$/, "y"))}${others ? `|${others.join("|")}` : ""})\\b`,
        ).exec(low);
        // "still being made" is being made; "not ready" is not.
        if (!m || (NEGATED.test(low.slice(0, m.index)) && !/\bstill\s+$/.test(low.slice(0, m.index)))) continue;
        said.push(o);
        low = low.replace(m[0], " ");
      }
      if (said.length) filters.push({ field: f.name, op: "in", value: said });
    } else if (f.type === "boolean") {
      const label = f.label.toLowerCase();
      const not = (SAID_AS_NOT[label.split(" ").at(-1)!] ?? []).find((x) => new RegExp(`\\b${x}\\b`).test(low));
      // Every place the word is said: one negated ("how many haven't I read", after "to-be-read") makes it a no.
      const said = booleanForms(f).flatMap((form) => [...low.matchAll(new RegExp(`\\b(un|in)?${form}\\b`, "g"))]);
      if (not) {
        filters.push({ field: f.name, op: "is", value: false });
        low = low.replace(new RegExp(`\\b${not}\\b`), " ");
        continue;
      }
      if (said.length) {
        const negated = said.some((m) => m[1] || NEGATED.test(low.slice(0, m.index)) || /\bowe/.test(low));
        filters.push({ field: f.name, op: "is", value: !negated });
        for (const m of said) low = low.replace(m[0], " ".repeat(m[0].length));
      } else if (/\bpaid\b/.test(label) && /\b(?:owed?|owing|outstanding)\b/.test(low)) {
        filters.push({ field: f.name, op: "is", value: false });
      } else if (COMPLETION.test(label) && /\b(?:still|left|remaining|to do|outstanding|pending|unfinished|open)\b/.test(low)) {
        // "how many do I still have to do", "books Mei still has": not done, not returned.
        filters.push({ field: f.name, op: "is", value: false });
      }
    } else if (f.type === "reference") {
      const named = recordsNamed(catalog.records.get(f.ref!) ?? [], low, skipWords(catalog));
      if (!named.records.length || named.records.length > 3) continue;
      filters.push(
        named.records.length === 1
          ? { field: f.name, op: "is", value: named.records[0]!.id }
          : { field: f.name, op: "in", value: named.records.map((r) => r.id) },
      );
      for (const [a, b] of spansOf(low, named.words)) low = low.slice(0, a) + " ".repeat(b - a) + low.slice(b);
    }
  }
  const range = numberRange(entity, low);
  if (range) filters.push(range);
  filters.push(...textMatches(entity, low, catalog));
  return { filters, ...(sort ? { sort } : {}), unknown: unknownWords(low, catalog) };
}

/** "over $100", "more than 3 hours", "under 50", "between 10 and 20": a range of the field cued (else the money field). */
function numberRange(entity: Entity, low: string): RecordFilter | null {
  // "an hour or longer", "$50 or more", "3 or fewer": the same ranges said after the number.
  const after =
    /\$?(\d+(?:\.\d+)?)\s*(minutes?|mins?|hours?|hrs?)?\s+or\s+(more|longer|over|above|higher|bigger|greater|less|fewer|shorter|under|below|lower)\b/.exec(
      low,
    );
  const m: (string | undefined)[] | null = after
    ? [after[0], /more|longer|over|above|higher|bigger|greater/.test(after[3]!) ? "at least" : "at most", after[1], undefined, after[2]]
    : /\b(over|more than|above|greater than|at least|under|less than|below|at most|between)\s+\$?(\d+(?:\.\d+)?)(?:\s+and\s+\$?(\d+(?:\.\d+)?))?\s*(minutes?|mins?|hours?|hrs?)?/.exec(
        low,
      );
  if (!m) return null;
  const numeric = entity.fields.filter((f) => isNumeric(f.type));
  const field =
    numeric.find((f) => cuesOf(f).some((c) => new RegExp(`\\b${escape(c)}`).test(low))) ??
    (m[0]!.includes("$") || /dollar|bucks/.test(low) ? numeric.find((f) => f.type === "currency") : undefined) ??
    numeric.find((f) => f.type === "currency") ??
    numeric[0];
  if (!field) return null;
  // Lengths are kept in minutes: "2 hours or more" of a duration is 120.
  const n = Number(m[2]) * (field.type === "duration" && /^h/.test(m[4] ?? "") ? 60 : 1);
  const [from, to] =
    m[1] === "between"
      ? [n, Number(m[3] ?? n)]
      : /over|more|above|greater|least/.test(m[1]!)
        ? [/least/.test(m[1]!) ? n : n + 1e-9, null]
        : [null, /most/.test(m[1]!) ? n : n - 1e-9];
  const clean = (x: number | null) => (x === null ? null : Math.round(x * 100) / 100);
  return { field: field.name, op: "between", value: [clean(from), clean(to)] };
}

function skipWords(catalog: AppCatalog): Set<string> {
  const skip = new Set<string>();
  for (const e of catalog.spec.entities) {
    for (const w of [...wordsOf(e.label), ...wordsOf(e.pluralLabel)]) skip.add(stem(w));
    for (const f of e.fields) for (const w of wordsOf(f.label)) skip.add(stem(w));
  }
  return skip;
}

/** Words left that other records have in a text field ("cough" in a reason): contains. */
function textMatches(entity: Entity, low: string, catalog: AppCatalog): RecordFilter[] {
  const texts = entity.fields.filter((f) => f.type === "text" || f.type === "longText");
  const skip = skipWords(catalog);
  const records = catalog.records.get(entity.name) ?? [];
  const out: RecordFilter[] = [];
  const valuesOf = (f: Entity["fields"][number]) => records.map((r) => r.data[f.name]).filter((v): v is string => typeof v === "string");
  for (const word of wordsOf(low)) {
    if (COMMON.has(word) || NOT_TEXT.has(word) || skip.has(stem(word)) || word.length < 3 || /^\d/.test(word)) continue;
    for (const f of texts) {
      const values = valuesOf(f);
      const has = values.filter((v) => wordsOf(v).includes(word));
      if (!has.length || has.length >= records.length) continue;
      // A value said whole is that value ("Mei"); a longer phrase some value has is that phrase ("allergic to chicken").
      const whole = values.find((v) => v.toLowerCase() === word);
      const phrase = has
        .flatMap((v) => {
          const lower = v.toLowerCase();
          const at = lower.indexOf(word);
          return lower
            .slice(at)
            .split(/[,.;]/)[0]!
            .split(" ")
            .map((_, i, all) => all.slice(0, i + 1).join(" "));
        })
        .filter((p) => low.includes(p))
        .sort((a, b) => b.length - a.length)[0];
      const prior = out.find(
        (o) => o.field === f.name && typeof o.value === "string" && (o.value.includes(word) || (phrase ?? "").includes(o.value)),
      );
      if (prior) {
        if (phrase && phrase.length > String(prior.value).length) prior.value = phrase;
        break;
      }
      out.push(whole ? { field: f.name, op: "is", value: whole } : { field: f.name, op: "contains", value: phrase ?? word });
      break;
    }
  }
  return out;
}

const QUESTION_WORDS = new Set(
  `when why how whose whom ones one thing things stuff anything everything something anyone everyone somebody anybody people list show
  tell give see let know need needs want wants got get coming up going lately recently currently right now ever yet still again please
  first last most least more less sorted order ordered sort top best worst rated highest lowest biggest smallest cheapest
  newest latest oldest earliest ago longest shortest total sum average many much number count there here whats thats theres
  was were been being about just only also really very then than too are does doing done did can could would should will
  like came come comes coming went go goes gone day days week weeks month months year years since ago out back around lot lots
  much many more most people person someone everybody anybody somebody thing things stuff moment time times today tonight
  morning afternoon evening night new old good bad big small little long short next last first latest these those them they
  got having make made put keep kept left right still ever never always usually often sometimes recently lately so far yet`.split(/\s+/),
);

/** Words of a list or question that name nothing of the app ("dogs" when pets have no kind): it cannot answer them. */
function unknownWords(low: string, catalog: AppCatalog): string[] {
  const known = new Set<string>();
  for (const e of catalog.spec.entities) {
    for (const w of [...wordsOf(e.label), ...wordsOf(e.pluralLabel), ...wordsOf(e.name.replace(/([A-Z])/g, " $1"))]) known.add(stem(w));
    for (const f of e.fields) {
      for (const w of [...wordsOf(f.label), ...cuesOf(f)]) known.add(stem(w));
      for (const o of f.options ?? []) for (const w of wordsOf(o)) known.add(stem(w));
    }
  }
  for (const list of catalog.records.values()) for (const r of list) for (const w of r.words) known.add(w);
  const plain = (x: string) => COMMON.has(x) || NOT_TEXT.has(x) || QUESTION_WORDS.has(x);
  return wordsOf(low).filter((w) => {
    const forms = [w, w.replace(/s$/, ""), w.replace(/es$/, "")];
    return w.length > 2 && !/\d/.test(w) && !forms.some(plain) && !known.has(stem(w)) && !/(?:ing|ed)$/.test(w);
  });
}
