/**
 * The values a command gives an entity's fields, each read by the field's type: money, numbers and
 * durations, dates and times, choices by any of their words, yes/no said many ways, links by the
 * linked record's name, emails and phones, text after its field's name ("reason ear infection"),
 * and what is left as the record's name. Each value takes its words, so one word fills one field.
 */
import type { Entity, Field } from "@vta/contracts";
import { stem } from "../builder/index.js";
import { COMMON, wordsOf, type AppCatalog } from "./catalog.js";
import { recordsNamed, spansOf } from "./match.js";
import { CUES, EDGE, OPTION_SAID_AS, SAID_AS, SAID_AS_NOT } from "./lexicon.js";
import { momentIso, momentsIn } from "./when.js";

export interface Reading {
  values: Record<string, unknown>;
  /** What is left of the words once the values took theirs. */
  rest: string;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const DATE_WORD = /^(?:date|time|day|on|at)$/;

/** The words that name a field: its label's and name's words (not "date"), and their cues. */
export function cuesOf(field: Field): string[] {
  const own = [...new Set([...wordsOf(field.label), ...wordsOf(field.name.replace(/([A-Z])/g, " $1"))])].filter(
    (w) => !DATE_WORD.test(w) && !COMMON.has(w),
  );
  return [...new Set([...own, ...own.flatMap((w) => CUES[w] ?? CUES[stem(w)] ?? [])])];
}

class Words {
  readonly low: string;
  private readonly taken: boolean[];
  constructor(
    readonly text: string,
    /** The entity's fields, whose cues are weighed against each other. */
    readonly fields: Field[],
  ) {
    this.low = text.toLowerCase();
    this.taken = Array.from({ length: text.length }, () => false);
  }
  free(start: number, end: number) {
    for (let i = start; i < end; i++) if (this.taken[i]) return false;
    return true;
  }
  take(start: number, end: number) {
    for (let i = start; i < end; i++) this.taken[i] = true;
  }
  /** The untaken text, taken words as spaces. */
  rest() {
    return this.text
      .split("")
      .map((c, i) => (this.taken[i] ? " " : c))
      .join("");
  }
  /** Every free match of `re` (global). */
  *matches(re: RegExp) {
    for (const m of this.low.matchAll(re)) if (this.free(m.index, m.index + m[0].length)) yield m;
  }
}

/** Which of the candidate fields a value at [start, end] is for: the one whose cue is nearest (within a few words), else the default. */
function fieldFor(candidates: Field[], w: Words, start: number, end: number, fallback?: Field): Field | undefined {
  let best: { f: Field; d: number; cue: [number, number] } | undefined;
  const count = new Map<string, number>();
  for (const f of w.fields) for (const cue of new Set(cuesOf(f))) count.set(cue, (count.get(cue) ?? 0) + 1);
  for (const f of candidates) {
    for (const cue of cuesOf(f)) {
      // "owner" names an owner's name and an owner's phone alike: only a word one field has says which.
      if ((cue.length < 3 && f.type !== "number") || (count.get(cue) ?? 0) > 1) continue;
      const re = new RegExp(`\\b${escape(cue)}(?:s|es|ed|ing|'s)?\\b`, "g");
      for (const m of w.matches(re)) {
        const [a, b] = [m.index, m.index + m[0].length];
        // A cue just before the value ("due Friday", "deposit 20") beats one after it ("20 deposit").
        const d = b <= start ? start - b : a >= end ? a - end + 20 : Infinity;
        if (d <= 28 && (!best || d < best.d)) best = { f, d, cue: [a, b] };
      }
    }
  }
  // The cue is part of the value's words ("due", "hours"): it names nothing else.
  if (best) w.take(best.cue[0], best.cue[1]);
  return best?.f ?? fallback;
}

const NEGATION =
  /\b(?:not|no|un|hasn't|hasnt|haven't|havent|isn't|isnt|wasn't|wasnt|didn't|didnt|doesn't|doesnt|don't|dont|never|without|yet to|still owes?|owes?|out of|nobody(?:'s| has)?|no one(?:'s| has)?|none of them(?: have)?)\s+(?:been\s+|yet\s+|got\s+|have\s+|be\s+|a\s+)?$/;

/** The forms of a yes/no's word ("paid": pay, pays, paid; "returned": return, returns, returned). */
export function booleanForms(field: Field): string[] {
  const label = field.label.toLowerCase().replace(/^(?:is|has|was|are) /, "");
  const words = label.split(" ");
  const last = words.at(-1)!;
  const head = words.slice(0, -1).map(escape).join(" ");
  const irregular: Record<string, string> = { paid: "(?:paid|pays?|paying)", done: "(?:done|finished|complete|completed)", read: "read" };
  const root = last.endsWith("ed") ? last.slice(0, -2) : last.endsWith("ing") ? last.slice(0, -3).replace(/(.)\1$/, "$1") : last;
  const tail = irregular[last] ?? (root.length >= 5 ? `${escape(root)}[a-z]*` : `${escape(root)}(?:ed|d|s|es|ing|e)?`);
  return [escape(label), ...(head && root.length < 4 ? [] : [tail]), ...(SAID_AS[last] ?? [])];
}

/** A yes/no said in the words: "paid", "unpaid", "hasn't paid", "in stock", "out of stock", "needs repotting". */
function readBoolean(field: Field, w: Words): boolean | null {
  // Said as its opposite ("sold out", "lapsed"): the same words a filter reads.
  const opposite = SAID_AS_NOT[field.label.toLowerCase().split(" ").at(-1)!] ?? [];
  const m = opposite.length ? [...w.matches(new RegExp(`\\b(?:${opposite.join("|")})\\b`, "g"))][0] : undefined;
  if (m) {
    w.take(m.index, m.index + m[0].length);
    return false;
  }
  // "repotted Figgy": what a plant needed is done, so it no longer needs it.
  const needs = /^needs? (\w+?)(?:ing)?$/.exec(field.label.toLowerCase());
  if (needs) {
    const done = [...w.matches(new RegExp(`\\b${escape(needs[1]!)}\\w*ed\\b`, "g"))][0];
    if (done) {
      w.take(done.index, done.index + done[0].length);
      return false;
    }
  }
  for (const form of booleanForms(field)) {
    for (const m of w.matches(new RegExp(`\\b(un)?${form}\\b`, "g"))) {
      const before = w.low.slice(Math.max(0, m.index - 24), m.index);
      w.take(m.index, m.index + m[0].length);
      return !(m[1] || NEGATION.test(before));
    }
  }
  return null;
}

/** An option's words as a pattern: spelled with or without a space or a hyphen ("blow out"), British or American ("color"). */
export function optionPattern(option: string): string {
  return escape(option.toLowerCase())
    .replace(/ /g, "[ -]?")
    .replace(/(?<=[a-z]{2})our\b/g, "ou?r")
    .replace(/([a-z])(?=[a-z])/g, "$1[ -]?")
    .replace(/\[ -\]\?\[ -\]\?/g, "[ -]?");
}

/** An option of a choice said by its words ("picked up", "in progress", "the red velvet"); "not a blowout" is not one. */
function readOption(field: Field, w: Words): string | null {
  const options = [...(field.options ?? [])].sort((a, b) => b.length - a.length);
  const said = (re: RegExp) => {
    for (const m of w.matches(re)) {
      if (
        /\b(?:not|instead of|rather than|from|was|wasn't|isn't)\s+(?:a\s+|an\s+|the\s+)?$/.test(
          w.low.slice(Math.max(0, m.index - 16), m.index),
        )
      )
        continue;
      w.take(m.index, m.index + m[0].length);
      return true;
    }
    return false;
  };
  if (options.includes("me") && /^(?:i|i've|i'd|i just)\b|\bi paid\b|\bi got it\b|\bon me\b/.test(w.low)) return "me";
  for (const o of options) if (said(new RegExp(`\\b${optionPattern(o)}(?:s|es)?\\b`, "g"))) return o;
  // The usual other words for a state ("good to go" for ready, "underway" for in progress).
  for (const o of options) {
    const others = OPTION_SAID_AS[o.toLowerCase()];
    if (others && said(new RegExp(`\\b(?:${others.join("|")})\\b`, "g"))) return o;
  }
  // A word of a longer option that no other option has ("velvet", "progress", "picked").
  for (const o of options) {
    const words = o.toLowerCase().split(/\s+/);
    if (words.length < 2) continue;
    for (const word of words) {
      if (word.length < 4 || COMMON.has(word)) continue;
      if (options.some((x) => x !== o && x.toLowerCase().split(/\s+/).includes(word))) continue;
      if (said(new RegExp(`\\b${escape(word)}\\b`, "g"))) return o;
    }
  }
  return null;
}

const MONEY = /(?:\$\s?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?k?|\b(\d{1,3}(?:,\d{3})+|\d+)\.(\d\d)\b)/g;
const number = (s: string) => Number(s.replace(/,/g, ""));

/** Reads the values the words give `entity`'s fields; `create`: what is left names the record. */
export function readValues(
  entity: Entity,
  text: string,
  ctx: { catalog: AppCatalog; now: Date; tz: string; create: boolean; skip?: Set<string>; day?: string },
): Reading {
  const w = new Words(text, entity.fields);
  const values: Record<string, unknown> = {};
  const fields = entity.fields;
  const of = (...types: Field["type"][]) => fields.filter((f) => types.includes(f.type) && !(f.name in values));

  for (const m of w.matches(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g)) {
    const f = of("email")[0];
    if (!f) break;
    values[f.name] = text.slice(m.index, m.index + m[0].length);
    w.take(m.index, m.index + m[0].length);
  }
  for (const m of w.matches(/(?:\+?\d[\d().-]{6,}\d|\b\d{3}[ -]\d{3,4}(?:[ -]\d{4})?\b)/g)) {
    const candidates = of("phone");
    const f = fieldFor(candidates, w, m.index, m.index + m[0].length, candidates[0]);
    if (!f) break;
    values[f.name] = m[0];
    w.take(m.index, m.index + m[0].length);
  }

  // A street address ("22 Birch Lane") for a field named as one.
  const address = of("text").find((f) => /address|location|street/i.test(f.label));
  const street =
    /\b\d{1,5}\s+(?:[A-Z][a-z]+\s+){1,3}(?:street|st|lane|ln|road|rd|avenue|ave|drive|dr|way|court|ct|boulevard|blvd|place|pl|close|crescent|terrace)\b\.?/gi;
  for (const m of address ? w.matches(street) : []) {
    values[address!.name] = text.slice(m.index, m.index + m[0].length).replace(/\.$/, "");
    w.take(m.index, m.index + m[0].length);
    break;
  }

  // A weekday for a text field that keeps one ("Fridays" for a class's weekday).
  const weekday = of("text").find((f) => /\b(?:week ?day|day)\b/i.test(f.label));
  for (const m of weekday ? w.matches(/\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?\b/g) : []) {
    values[weekday!.name] = m[1]![0]!.toUpperCase() + m[1]!.slice(1);
    w.take(m.index, m.index + m[0].length);
    break;
  }

  // Dates and times: a field cued near it ("due Friday", "born today"), else the entity's first.
  for (const moment of momentsIn(text, ctx.now, ctx.tz)) {
    if (!w.free(moment.index, moment.index + moment.text.length)) continue;
    const dated = of("date", "dateTime");
    if (!dated.length) break;
    const at = [moment.index, moment.index + moment.text.length] as const;
    const timeField = fields.find((f) => f.type === "dateTime" && !(f.name in values));
    const dateField = fields.find((f) => f.type === "date" && !(f.name in values));
    let f = fieldFor(dated, w, at[0], at[1]);
    if (!f) f = dateField ?? timeField ?? dated[0];
    if (!f) continue;
    const day = moment.dateSaid || !ctx.day ? moment.date : ctx.day;
    values[f.name] = f.type === "date" ? day : momentIso(day, moment.time ?? "09:00", ctx.tz);
    // A visit's date and its time in two fields: "tomorrow at 9" fills both.
    if (f.type === "date" && moment.time && timeField && !(timeField.name in values))
      values[timeField.name] = momentIso(day, moment.time, ctx.tz);
    if (f.type === "date" && !moment.dateSaid && moment.time && timeField) delete values[f.name];
    w.take(at[0], at[1]);
  }

  for (const m of w.matches(/\b(\d+(?:\.\d+)?)\s?(?:%|percent)/g)) {
    const f = of("percent")[0];
    if (!f) break;
    values[f.name] = Number(m[1]);
    w.take(m.index, m.index + m[0].length);
  }
  for (const m of w.matches(/\b(\d+(?:\.\d+)?)\s?(minutes?|mins?|hours?|hrs?)\b/g)) {
    const hours = of("number").find((x) => /\bhours?\b/i.test(x.label));
    if (hours) {
      values[hours.name] = Number(m[1]) / (/^h/.test(m[2]!) ? 1 : 60);
      w.take(m.index, m.index + m[0].length);
      continue;
    }
    const f = of("duration")[0];
    if (!f) break;
    values[f.name] = Math.round(Number(m[1]) * (/^h/.test(m[2]!) ? 60 : 1));
    w.take(m.index, m.index + m[0].length);
  }
  for (const m of w.matches(/\b(\d+(?:\.\d+)?)\s?(?:stars?|out of (?:5|10))\b/g)) {
    const f = of("rating")[0];
    if (!f) break;
    values[f.name] = Number(m[1]);
    w.take(m.index, m.index + m[0].length);
  }
  // "seventy, not sixty-five": the number after "not" is the one being corrected.
  for (const m of w.matches(/\b(?:not|can't|cannot|won't|isn't|wasn't|no longer)\s+(?:do\s+|make\s+|at\s+)?(?:\$\s?)?\d+(?:[.:]\d+)?\b/g))
    w.take(m.index, m.index + m[0].length);
  for (const m of w.matches(MONEY)) {
    const currency = of("currency");
    if (!currency.length) break;
    const at = [m.index, m.index + m[0].length] as const;
    const f = fieldFor(currency, w, at[0], at[1], currency[0])!;
    const whole = number(m[1] ?? m[3]!);
    values[f.name] = (m[0].endsWith("k") ? 1000 : 1) * (whole + Number(`0.${m[2] ?? m[4] ?? 0}`));
    w.take(at[0], at[1]);
  }

  for (const f of of("enum")) {
    const o = readOption(f, w);
    if (o) values[f.name] = o;
  }
  for (const f of of("boolean")) {
    const b = readBoolean(f, w);
    if (b !== null) values[f.name] = b;
  }
  for (const f of of("tags")) {
    const said = (f.options ?? []).filter((o) => new RegExp(`\\b${escape(o.toLowerCase())}\\b`).test(w.low));
    if (said.length) values[f.name] = said;
  }

  // Links: the linked entity's record the words name.
  for (const f of of("reference")) {
    const records = ctx.catalog.records.get(f.ref!) ?? [];
    const named = recordsNamed(records, w.rest(), ctx.skip ?? new Set());
    if (named.records.length !== 1) continue;
    values[f.name] = named.records[0]!.id;
    for (const [a, b] of spansOf(w.text, named.words)) if (w.free(a, b)) w.take(a, b);
  }

  // Numbers left: the number field cued near each, else the only one (a price before a deposit).
  for (const m of w.matches(/\b\d{1,3}(?:,\d{3})+\b|\b\d+(?:\.\d+)?\b/g)) {
    const numeric = of("number", "currency", "rating", "duration", "percent");
    if (!numeric.length) break;
    const at = [m.index, m.index + m[0].length] as const;
    const numbers = numeric.filter((f) => f.type === "number");
    const plain = numeric.filter((f) => f.type === "number" || f.type === "currency");
    const only = entity.fields.filter((x) => ["number", "currency", "rating", "duration", "percent"].includes(x.type));
    const f = fieldFor(
      numeric,
      w,
      at[0],
      at[1],
      numbers.length === 1
        ? numbers[0]
        : plain.length === 1
          ? plain[0]
          : only.length === 1 && !ctx.create
            ? numeric[0]
            : !numbers.length
              ? plain[0]
              : undefined,
    );
    if (!f) continue;
    const n = number(m[0]);
    values[f.name] = f.type === "duration" && /hour/.test(w.low.slice(at[1], at[1] + 8)) ? n * 60 : n;
    w.take(at[0], at[1]);
  }

  readTexts(entity, w, values, ctx);
  return { values, rest: w.rest() };
}

/** Text fields: after their name ("reason ear infection", "named Clover"), a value other records have ("North barn"), then the name. */
function readTexts(entity: Entity, w: Words, values: Record<string, unknown>, ctx: { catalog: AppCatalog; create: boolean }) {
  const texts = entity.fields.filter((f) => ["text", "longText", "url"].includes(f.type) && !(f.name in values));
  const entityWords = new Set(ctx.catalog.spec.entities.flatMap((e) => [...wordsOf(e.label), ...wordsOf(e.pluralLabel)]));
  // Only a short text field names a record; notes and messages are filled only after their names.
  const title = entity.fields.find((f) => f.type === "text");
  for (const f of texts) {
    // A value some record already has, said again ("North barn", "Anna").
    const seen = new Set(
      (ctx.catalog.records.get(entity.name) ?? []).map((r) => r.data[f.name]).filter((v): v is string => typeof v === "string"),
    );
    for (const v of [...seen].sort((a, b) => b.length - a.length)) {
      if (f === title || v.length < 3) break;
      const m = [...w.matches(new RegExp(`\\b${escape(v.toLowerCase())}\\b`, "g"))][0];
      if (!m) continue;
      values[f.name] = v;
      w.take(m.index, m.index + m[0].length);
      break;
    }
    if (f.name in values) continue;
    const cue = f === title ? /\b(?:named|called|calling (?:it|her|him)|call (?:it|her|him)|titled|name(?:d)? is|name)\s+/g : null;
    for (const c of [
      ...(cue ? [cue] : []),
      ...cuesOf(f)
        .filter((x) => !entityWords.has(x))
        .map((x) =>
          ctx.create
            ? new RegExp(`\\b${escape(x.replace(/(?<!s)s$/, ""))}s?\\b(?:\\s+(?:is|was|of|to|says|:))?\\s*[,:]?\\s*`, "g")
            : new RegExp(`\\b${escape(x)}s?\\b(?:'s)?\\s+(?:is now|is|to|now|should be|:)\\s+`, "g"),
        ),
    ]) {
      const m = [...w.matches(c)][0];
      if (!m) continue;
      const start = m.index + m[0].length;
      // The words after the field's name, up to a mark or to words another value took; quoted, what is in the quotes.
      const after = w.rest().slice(start);
      const quoted = /^\s*['"‘“]([^'"’”]+)['"’”]/.exec(after);
      const phrase =
        quoted?.[0] ?? /^(?:[^,.;]|\.(?=\S)|(?<=\b(?:[A-Z]|Mr|Mrs|Ms|Dr|St|Sr|Sra|Jr))\.)+/.exec(after)?.[0]?.replace(/\s{2,}.*$/s, "");
      const value = (quoted?.[1] ?? phrase)?.replace(/[\s\-–—]+$/, "").trim();
      if (!phrase || !value || !w.free(start, start + phrase.length)) continue;
      values[f.name] = f.type === "text" ? properName(value) : value;
      w.take(m.index, start + phrase.length);
      break;
    }
  }
  if (ctx.create && title && !(title.name in values)) {
    const { name, others, phrases } = leftoverName(w.rest(), entity, w.text);
    if (name) values[title.name] = name;
    // "Project Hail Mary, Andy Weir, fiction": more capitalised names fill the other text fields, in order;
    // "cactus for the bedroom, Prickles": a plain phrase left over fills the next one.
    const empty = entity.fields.filter((f) => f.type === "text" && f !== title && !(f.name in values));
    const left = phrases.filter((p) => p.toLowerCase() !== name?.toLowerCase() && !others.includes(p));
    [...others, ...left].forEach((other, i) => {
      if (empty[i]) values[empty[i].name] = other[0]!.toUpperCase() + other.slice(1);
    });
    // "…, scared of thunder": what is still left, a few words said apart, is a note.
    const note = entity.fields.filter((f) => f.type === "longText" && !(f.name in values));
    const said = left.slice(Math.max(0, empty.length - others.length)).filter((p) => p.split(" ").length >= 2);
    if (note.length === 1 && said.length) values[note[0]!.name] = said.join(", ");
  }
  // No name to give: the words left describe the entry ("three hours on the Northwind app, bug fixes").
  const about = entity.fields.filter((f) => f.type === "longText");
  if (ctx.create && !title && about.length === 1 && !(about[0]!.name in values)) {
    const rest = leftoverName(w.rest(), entity).name;
    // Two words or more, or one word said on its own after a comma ("…, sketches"): never a lone leftover verb.
    const alone = rest !== null && new RegExp(`,\\s*${escape(rest)}\\s*[.!]?$`, "i").test(w.text) && rest.length >= 5;
    if (rest && (rest.split(" ").length >= 2 || alone) && !/^\d/.test(rest))
      values[about[0]!.name] = rest[0]!.toLowerCase() + rest.slice(1);
  }
}

/** The phrase left once the values and the command's own words are out: the new record's name. */
function leftoverName(rest: string, entity: Entity, text = rest): { name: string | null; others: string[]; phrases: string[] } {
  const entityWords = new Set([
    ...wordsOf(entity.label),
    ...wordsOf(entity.pluralLabel),
    ...wordsOf(entity.name.replace(/([A-Z])/g, " $1")),
  ]);
  const drop = (x: string) =>
    EDGE.has(x.toLowerCase().replace(/'s$/, "")) || entityWords.has(x.toLowerCase()) || entityWords.has(stem(x.toLowerCase()));
  const names: string[] = [];
  // Phrases said apart, between marks, with no value taken out of them ("…, scared of thunder").
  const whole = new Set<string>();
  const apart: string[] = [];
  // Pieces between marks, and the marks: a piece after a full stop starts a sentence.
  const parts = rest.split(/([,;:!?]|\.(?:\s|$)|\s{2,}|\s-\s)/);
  const pieces = parts.filter((_, i) => i % 2 === 0);
  for (const m of text.matchAll(/[^,;:!?]+?(?=[,;:!?]|\.(?:\s|$)|\s-\s|$)/g))
    if (rest.slice(m.index, m.index + m[0].length) === m[0]) whole.add(m[0].trim());
  for (const [i, piece] of pieces.entries()) {
    let words = piece.split(/\s+/).filter(Boolean);
    while (words.length && drop(words[0]!) && !(words[0] === "The" && words.length > 1)) words.shift();
    while (words.length && drop(words.at(-1)!)) words.pop();
    // "a pitch deck from me as well": who it is for is no part of its name.
    const tail = /\s+(?:(?:from|for|with|to) (?:me|her|him|them|us)|as well|too|for now)$/i;
    while (tail.test(words.join(" "))) words = words.join(" ").replace(tail, "").split(" ");
    words = words.map((x) => x.replace(/'s$/, ""));
    // Typed with capitals, a name is a phrase that starts with one ("Pitch deck", "Flat White"), or the capitalised
    // run within other words ("sign up Olivia Park", "my niece Ella"). The sentence's first word proves nothing alone.
    const sentenceStart =
      (i === 0 && piece.trimStart() === rest.trimStart().slice(0, piece.trimStart().length) && !/^\s/.test(rest)) ||
      (i > 0 && /[.!?]/.test(parts[2 * i - 1]!) && !/^\s{2}/.test(piece));
    const capital = (x: string) => /^[A-Z]/.test(x) && (x === "The" || !drop(x));
    const first = words.findIndex(capital);
    // A long phrase that starts with a name ("Maya Thompson just came up to the counter") is that name.
    if (first === 0 && !(sentenceStart && !capital(words[1] ?? "")) && words.length <= 4) names.push(`\u0001${words.join(" ")}`);
    else if (first >= 0 && !(first === 0 && sentenceStart && !capital(words[1] ?? ""))) {
      let end = first + 1;
      while (end < words.length && /^[A-Z0-9]/.test(words[end]!)) end++;
      names.push(`\u0001${words.slice(first, end).join(" ")}`);
    }
    const name = words.join(" ").replace(/^[^a-z0-9]+|[^a-z0-9.]+$/gi, "");
    if (/[a-z]/i.test(name)) names.push(name);
    if (/[a-z]/i.test(name) && whole.has(piece.trim())) apart.push(name);
  }
  // A capitalised run anywhere beats the first plain phrase.
  const capitalised = names.filter((n) => n.startsWith("\u0001")).map((n) => n.slice(1));
  const best = capitalised[0] ?? names[0];
  const phrases = apart.filter((n) => n !== best && !best?.includes(n) && !n.includes(best ?? "\u0002"));
  return { name: best ? best[0]!.toUpperCase() + best.slice(1) : null, others: capitalised.slice(1), phrases };
}

/** "my niece Ella" → "Ella": a text value typed with a capitalised name after lower-case words is that name. */
function properName(value: string): string {
  const run = /^(?:[a-z][\w']*\s+)+((?:[A-Z][\w'.-]*)(?:\s+[A-Z][\w'.-]*)*)$/.exec(value);
  return run ? run[1]! : value;
}
