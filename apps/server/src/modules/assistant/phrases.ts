/**
 * What people say to one app, as sentences for the recogniser's language model: its entities,
 * fields and choices, and the names in its records, in the forms commands take ("add an
 * appointment for Maria Smith", "mark the latte as out of stock", "how many orders are ready").
 * Rebuilt from the catalog each time it is asked for; the model itself is kept per distinct text.
 */
import type { Entity } from "@vta/contracts";
import type { AppCatalog } from "./catalog.js";

/** Names per entity that go into the sentences (the newest records'). */
const NAMES_PER_ENTITY = 150;

const lower = (s: string) => s.toLowerCase();
const article = (w: string) => (/^[aeiou]/i.test(w) ? "an" : "a");

export function appPhrases(catalog: AppCatalog): string[] {
  const out: string[] = [];
  const { spec } = catalog;
  const titlesOf = (e: Entity) =>
    (catalog.records.get(e.name) ?? [])
      .slice(-NAMES_PER_ENTITY)
      .map((r) => r.title)
      .filter((t) => t && t !== "this record" && !/^\d{4}-/.test(t));
  for (const e of spec.entities) {
    const one = lower(e.label);
    const many = lower(e.pluralLabel);
    const options = e.fields.flatMap((f) => (f.type === "enum" ? (f.options ?? []).map(lower) : []));
    const booleans = e.fields.filter((f) => f.type === "boolean").map((f) => lower(f.label));
    const titles = titlesOf(e);
    out.push(`add ${article(one)} ${one}`, `new ${one}`, `show ${many}`, `how many ${many} are there`, `delete the last ${one}`);
    for (const f of e.fields) {
      const label = lower(f.label);
      out.push(`add ${article(one)} ${one} with ${label}`, `change the ${label}`, `set the ${label} to`);
      if (f.type === "currency" || f.type === "number") out.push(`what is the total ${label}`, `how much ${label}`);
      if (f.type === "reference") {
        const ref = spec.entities.find((x) => x.name === f.ref);
        if (ref) for (const t of titlesOf(ref)) out.push(`add ${article(one)} ${one} for ${t}`, `show ${many} for ${t}`, `${t}'s ${one}`);
      }
    }
    for (const o of options) out.push(`show ${o} ${many}`, `how many ${many} are ${o}`, `mark it as ${o}`, `add ${article(o)} ${o}`);
    for (const b of booleans) out.push(`mark it as ${b}`, `show ${many} that are not ${b}`, `how many ${many} are ${b}`);
    for (const t of titles) out.push(`change ${t}`, `delete ${t}`, `mark ${t} as`, `show ${t}`, `${t}`);
    for (const t of titles.slice(0, 20)) for (const o of options.slice(0, 6)) out.push(`mark ${t} as ${o}`);
  }
  return out;
}
