/**
 * A recogniser writes a name it does not know as it sounds ("pitel" for Patel, "Amirasi" for Emma
 * Rossi, "Kopuchin's" for cappuccinos). Heard words, one to three at a time, are compared by how
 * they sound (Double Metaphone) with the app's own names: its records' titles and their words, its
 * choices, its entities and fields. A match is put back as the app spells it. Words that carry the
 * command ("add", "for", "paid") are never replaced.
 */
import { doubleMetaphone } from "double-metaphone";
import { stem } from "../builder/index.js";
import { COMMON, wordsOf, type AppCatalog } from "./catalog.js";

/** Words of commands themselves, never taken for a name. */
const KEEP = new Set(
  `add new show list find delete remove change mark move set put book log make take get give how many much what which who
  when where is are was were paid not no yes today tomorrow yesterday week month dollars bucks cents pounds hours minutes
  done ready open all every each there here that this these those it its one two three four five six seven eight nine ten`.split(/\s+/),
);

const keyOf = (words: string[]) =>
  words
    .map((w) => doubleMetaphone(w)[0])
    .join("")
    .replace(/S$/, "");

/** The app's names by how they sound. */
function namesOf(catalog: AppCatalog): { names: Map<string, string>; known: Set<string> } {
  const names = new Map<string, string>();
  const known = new Set<string>();
  const add = (name: string) => {
    const words = wordsOf(name);
    for (const w of words) known.add(stem(w));
    if (!words.length || words.every((w) => COMMON.has(w))) return;
    const key = keyOf(words);
    if (key.length >= 2 && !names.has(key)) names.set(key, name);
  };
  for (const e of catalog.spec.entities) {
    add(e.label);
    add(e.pluralLabel);
    for (const f of e.fields) {
      add(f.label);
      for (const o of f.options ?? []) add(o);
    }
    for (const r of catalog.records.get(e.name) ?? []) {
      if (!r.ownWords.size) continue;
      add(r.title);
      for (const w of r.title.split(/\s+/)) if (w.length >= 3) add(w);
    }
  }
  return { names, known };
}

export function respell(text: string, catalog: AppCatalog): string {
  const { names, known } = namesOf(catalog);
  const tokens = [...text.matchAll(/[A-Za-z][A-Za-z']*/g)].map((m) => ({ word: m[0], at: m.index }));
  const replaced: { from: number; to: number; name: string }[] = [];
  for (let i = 0; i < tokens.length;) {
    let done = false;
    for (const n of [3, 2, 1]) {
      const window = tokens.slice(i, i + n);
      if (window.length < n) continue;
      const lower = window.map((t) => t.word.toLowerCase().replace(/'s$/, ""));
      // Only words the app does not know, none of them a command's own word.
      if (lower.some((w) => KEEP.has(w) || COMMON.has(w)) || lower.every((w) => known.has(stem(w)))) continue;
      const key = keyOf(lower);
      const name = key.length >= 3 ? names.get(key) : undefined;
      if (!name || (n === 1 && wordsOf(name).length === 1 && lower[0]!.length < 3)) continue;
      const last = window.at(-1)!;
      replaced.push({ from: window[0]!.at, to: last.at + last.word.length, name: last.word.endsWith("'s") ? `${name}'s` : name });
      i += n;
      done = true;
      break;
    }
    if (!done) i++;
  }
  let out = text;
  for (const r of replaced.reverse()) out = out.slice(0, r.from) + r.name + out.slice(r.to);
  return out;
}
