/** Words to names: singular and plural nouns (compromise), identifiers and labels. */
import { nlp } from "./nlp.js";

const ARTICLES = /^(?:a|an|the|some|any|my|our|their|its|his|her|your|each|every|all|one|optional|new|also|just|only)\s+/;

/** "the  Due Date " → "due date": lowercase, articles and stray punctuation dropped. */
export function clean(phrase: string): string {
  let p = phrase
    .toLowerCase()
    .replace(/["'`’“”]/g, "")
    .replace(/[^a-z0-9\s-]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  let before;
  do {
    before = p;
    p = p.replace(ARTICLES, "");
  } while (p !== before);
  return p.replace(/\s+(?:fields?|columns?|properties|property|attributes?|info|information)$/, "").trim();
}

const asNoun = (phrase: string) => {
  const doc = nlp(phrase);
  doc.match("*").tag("Noun");
  return doc;
};

const UNCOUNTABLE = new Set([
  "status",
  "news",
  "series",
  "species",
  "analysis",
  "notes",
  "progress",
  "equipment",
  "inventory",
  "information",
  "feedback",
  "software",
  "data",
  "media",
  "stuff",
]);

/** compromise takes ~0.1 ms a call; phrases repeat a lot (the same field names in every app). */
function memo<T>(fn: (phrase: string) => T): (phrase: string) => T {
  const seen = new Map<string, T>();
  return (phrase) => {
    let v = seen.get(phrase);
    if (v === undefined) {
      if (seen.size >= 5000) seen.clear();
      seen.set(phrase, (v = fn(phrase)));
    }
    return v;
  };
}

/** A phrase's number is its last word's ("software licenses", "punch list items"). */
const lastWord = (phrase: string) => {
  const at = phrase.lastIndexOf(" ");
  return [phrase.slice(0, at + 1), phrase.slice(at + 1)] as const;
};

export const isPlural = memo(function isPlural(phrase: string): boolean {
  const [, last] = lastWord(phrase);
  if (UNCOUNTABLE.has(last) || last.endsWith("ss") || last.endsWith("us") || last.endsWith("is")) return false;
  return asNoun(last).nouns().isPlural().found;
});

export const singular = memo(function singular(phrase: string): string {
  if (!isPlural(phrase)) return phrase;
  const [head, last] = lastWord(phrase);
  const doc = asNoun(last);
  doc.terms().last().tag("Plural");
  return `${head}${doc.nouns().toSingular().text().toLowerCase() || last}`;
});

export const plural = memo(function plural(phrase: string): string {
  const last = phrase.split(" ").at(-1) ?? "";
  if (UNCOUNTABLE.has(last)) return phrase;
  return asNoun(phrase).nouns().toPlural().text().toLowerCase() || `${phrase}s`;
});

/** "due date" → "dueDate"; never empty, never starting with a digit. */
export function camel(phrase: string): string {
  const words = phrase.toLowerCase().match(/[a-z0-9]+/g) ?? [];
  const name = words.map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1))).join("");
  if (!name) return "item";
  return /^[a-z]/.test(name) ? name.slice(0, 64) : `f${name}`.slice(0, 64);
}

/** "due date" → "Due date". */
export const label = (phrase: string) => (phrase ? phrase[0]!.toUpperCase() + phrase.slice(1) : phrase).slice(0, 80);

/** "dueDate" → "due date": how people say an identifier. */
export const spoken = (identifier: string) => identifier.replace(/([A-Z])/g, " $1").toLowerCase();

/** Splits "a, b and c" / "a, b, or c" / "a/b/c" into items, keeping placeholders whole. */
export function splitList(list: string): string[] {
  return list
    .split(/\s*,\s*(?:and\s+|or\s+|plus\s+)?|\s+and\s+|\s+or\s+|\s+plus\s+|\s+as well as\s+|\s*\/\s*|\s*&\s*/)
    .map((s) => s.trim())
    .filter(Boolean);
}
