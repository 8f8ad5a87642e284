/**
 * Loose words → the field or entity of the app they mean: "the waiver thing", "price on menu items",
 * "the dog's notes", "the order types", "the customers phone number". Words are compared by their
 * stems against each field's name and label; the owner named in the phrase (or the entity in hand)
 * breaks ties.
 */
import type { AppSpec, Entity, Field } from "@vta/contracts";
import { spoken } from "./words.js";
import { lookup } from "../../../platform/lookup.js";

const DROP = /^(?:the|a|an|my|our|their|its|his|her|your|this|that|those|these|each|every|all|any|some|whole|entire|new|old|current)$/;
const FILLER_TAIL =
  /^(?:thing|things|part|bit|field|fields|column|columns|box|option|options|choice|choices|stuff|section|info|information|one|ones|altogether|entirely|completely|list|dropdown|value|values|property|setting|spot|area|anymore|too|also|please|instead|now|either|there)$/;
const SYNONYMS = lookup<string>({
  kind: "type",
  sort: "type",
  categories: "category",
  statuse: "status",
  mobile: "phone",
  cell: "phone",
  telephone: "phone",
  mail: "email",
  cost: "cost",
  amt: "amount",
  qty: "quantity",
  desc: "description",
  pic: "photo",
  picture: "photo",
  image: "photo",
  url: "link",
  website: "website",
  note: "notes",
  comment: "comments",
});

export const stem = (w: string) => {
  const s = w.toLowerCase().replace(/'s?$/, "");
  const base =
    s.length > 4 && s.endsWith("ies")
      ? `${s.slice(0, -3)}y`
      : s.length > 3 && /(?:sses|ches|shes|xes)$/.test(s)
        ? s.slice(0, -2)
        : s.length > 3 && s.endsWith("s") && !s.endsWith("ss") && !s.endsWith("us")
          ? s.slice(0, -1)
          : s;
  return SYNONYMS[base] ?? base;
};

const words = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9' ]+/g, " ")
    .split(/\s+/)
    .filter(Boolean);

/** The phrase's own words, with the owner it names ("the dog's notes" → owner dog). */
export function splitPhrase(phrase: string): { owner: string | null; tokens: string[] } {
  let p = ` ${phrase.toLowerCase()} `;
  let owner: string | null = null;
  const possessive = / ([a-z]+(?: [a-z]+)?)'s? /.exec(p);
  if (possessive && p.indexOf(possessive[0]) < p.length / 2) {
    owner = possessive[1]!.split(" ").at(-1)!;
    p = p.replace(possessive[0], " ");
  } else {
    const scoped = /^ (.+?) (?:on|of|for|in|from) (?:the |each |every |all |my |our )?([a-z]+(?: [a-z]+)?) $/.exec(p);
    if (scoped) {
      owner = scoped[2]!;
      p = ` ${scoped[1]} `;
    }
  }
  const tokens = words(p)
    .filter((w) => !DROP.test(w))
    .map(stem);
  while (tokens.length > 1 && FILLER_TAIL.test(tokens.at(-1)!)) tokens.pop();
  return { owner, tokens: tokens.filter((t) => !FILLER_TAIL.test(t) || tokens.length === 1) };
}

const fieldTokens = (f: Field) => [...new Set([...words(spoken(f.name)), ...words(f.label)].map(stem))];
const entityTokens = (e: Entity) => [...new Set([...words(spoken(e.name)), ...words(e.label), ...words(e.pluralLabel)].map(stem))];

export function resolveEntity(spec: AppSpec, phrase: string): Entity | undefined {
  const tokens = words(phrase)
    .filter((w) => !DROP.test(w))
    .map(stem)
    .filter((t) => !FILLER_TAIL.test(t));
  if (!tokens.length) return undefined;
  let best: { e: Entity; score: number } | undefined;
  for (const e of spec.entities) {
    const et = entityTokens(e);
    const matched = tokens.filter((t) => et.includes(t)).length;
    if (!matched || !et.includes(tokens.at(-1)!)) continue;
    const score = matched * 2 - (et.length - matched) * 0.5 - (tokens.length - matched);
    if (!best || score > best.score) best = { e, score };
  }
  return best?.e;
}

/** The field a phrase means, searching `prefer` first, then every entity; undefined when nothing fits. */
export function resolveField(spec: AppSpec, phrase: string, prefer?: Entity): { entity: Entity; field: Field } | undefined {
  const split = splitPhrase(phrase);
  let { owner, tokens } = split;
  if (!tokens.length) return undefined;
  // "patient phone": a first word that names a thing of the app is its owner.
  if (
    !owner &&
    tokens.length >= 2 &&
    resolveEntity(spec, tokens[0]!) &&
    !spec.entities.some((e) => e.fields.some((f) => fieldTokens(f).join(" ") === tokens.join(" ")))
  ) {
    owner = tokens[0]!;
    tokens = tokens.slice(1);
  }
  const ownerEntity = owner ? resolveEntity(spec, owner) : undefined;
  const head = tokens.at(-1)!;
  let best: { entity: Entity; field: Field; score: number } | undefined;
  const weak: { entity: Entity; field: Field }[] = [];
  for (const entity of spec.entities) {
    for (const field of entity.fields) {
      const ft = fieldTokens(field);
      const matched = tokens.filter((t) => ft.includes(t)).length;
      if (!matched) continue;
      // Strong: the field's head word is the phrase's ("reporter email" → email), or the phrase covers the field's words.
      const strong = stem(words(spoken(field.name)).at(-1)!) === head || ft.at(-1) === head || matched === ft.length;
      if (!strong) {
        if (ft.includes(head)) weak.push({ entity, field });
        continue;
      }
      let score = matched * 3 - (ft.length - matched) - (tokens.length - matched) * 0.5 + (ft.at(-1) === head ? 2 : 0);
      if (ownerEntity === entity) score += 3;
      else if (owner && ft.includes(stem(owner))) score += 2;
      if (prefer === entity) score += 1;
      if (!best || score > best.score) best = { entity, field, score };
    }
  }
  // "the insurance thing" → insuranceOnFile: a looser match only when it is the only one.
  if (!best && weak.length === 1) return weak[0];
  return best;
}
