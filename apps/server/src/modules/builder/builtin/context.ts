/** What the reader knows while it goes through a request: the entities so far and the one in hand. */
import type { AppSpec, GoalTarget } from "@vta/contracts";
import type { Op } from "./ops.js";
import { APP_NOUNS, NOT_A_THING, NOT_AN_ENTITY } from "./vocabulary.js";
import { clean, singular, spoken } from "./words.js";
import { lookup } from "../../../platform/lookup.js";

export interface Context {
  /** Entity phrases (singular) known so far: from the spec, then as the text introduces them. */
  known: Set<string>;
  /** Entity phrases the text introduces firmly ("each X has…", "X: a, b"): a list item naming one is a link. */
  declared: Set<string>;
  /** Entities only mentioned ("selling tickets"): dropped at the end unless something made them real. */
  tentative: Set<string>;
  current: string | null;
  ops: Op[];
  /** An edit of an existing app (its entities are in `known` from the start). */
  editing: boolean;
  /** The app being edited: loose words are matched to its fields. */
  spec: AppSpec | null;
  /** What earlier versions promised and the person took away: "add back the notes" finds it here. */
  history: GoalTarget[];
}

export function newContext(spec: AppSpec | null = null, history: GoalTarget[] = []): Context {
  const known = spec?.entities.map((e) => spoken(e.name)) ?? [];
  return {
    known: new Set(known),
    declared: new Set(),
    tentative: new Set(),
    current: known[0] ?? null,
    ops: [],
    editing: known.length > 0,
    spec,
    history,
  };
}

const ADJECTIVES =
  /^(?:simple|small|little|basic|personal|shared|family|team|new|quick|easy|tiny|online|digital|daily|weekly|monthly|nice|good|great|free|custom|complete|full|big|current|upcoming|future|past|all|different|various|main|whole|entire|overall|general|individual|separate|own|cool|fancy|proper|real|actual|specific|certain|particular|regular|special|other|open|active|existing|incoming|outgoing|recent|latest|older|old|young|weekend|local)$/;

const MADE_BY = lookup<string>({
  rented: "rental",
  borrowed: "loan",
  lent: "loan",
  loaned: "loan",
  sold: "sale",
  ordered: "order",
  booked: "booking",
  donated: "donation",
  planted: "planting",
  harvested: "harvest",
  spent: "expense",
  bought: "purchase",
  shipped: "shipment",
  delivered: "delivery",
  returned: "return",
  scheduled: "appointment",
});
const LISTED = lookup<string>({
  roster: "player",
  guestlist: "guest",
  signinsheet: "visitor",
  waitlist: "waitlist entry",
  gradebook: "grade",
  budget: "expense",
});

/** "my two doctors", "the punch list items", "all the pieces of equipment" → "punch list item", "equipment". */
export function entityPhrase(phrase: string): string | null {
  // "who's coming" are the guests; a question is never a thing's name.
  if (/^who(?:'s| is| are)? (?:coming|attending|going|invited|showing up)\b/.test(phrase.trim())) return "guest";
  // "what's rented out": the thing is what the verb makes of it.
  const made = /^what(?:'s| is| gets| got| was)\s+([a-z]+)/.exec(phrase.trim());
  if (made && MADE_BY[made[1]!]) return MADE_BY[made[1]!]!;
  if (/^(?:who|what|which|how|when|where|whether|why)\b/.test(phrase.trim())) return null;
  // "a team roster", "the guest list": lists that name what is on them.
  const listed = /\b(roster|guest list|sign-?in sheet|wait ?list|gradebook|budget)$/.exec(phrase.trim());
  if (listed) return LISTED[listed[1]!.replace(/[- ]/g, "")] ?? null;
  // "lots of orders" is orders; "green lots" are lots.
  let p = clean(phrase.replace(/'s\b/g, ""))
    .replace(
      /\b(?:(?:\d+|two|three|four|five|several|many|multiple|few|some|any|various|different)\b\s*(?:of\s+)?|(?:couple|bunch|lots?)\s+of\s+)/g,
      "",
    )
    .trim();
  p = p.replace(
    /^(?:(?:list|lists|log|record|records|kinds?|types?|sorts?|pieces?|piece|set|sets|collection|bunch|group|number|database|catalog|inventory|schedule|roster|directory) of\s+)+/,
    "",
  );
  // "a baby tracker for feedings", "an app for job applications": the thing is what the app is for.
  p = p.replace(
    /^.*?\b(?:app|application|tracker|log|system|database|planner|manager|list|spreadsheet|tool|crm|organi[sz]er|journal|place|spot|way|thing|something|section|page|area|hub|sheet|board)\s+(?:for|of)\s+(?:my\s+|our\s+|the\s+|all\s+)?(?=[a-z]+s\b)/,
    "",
  );
  // "somewhere to put each client", "a place to keep my recipes": the thing is what goes there.
  p = p.replace(
    /^(?:somewhere|someplace|one place|a place|place|spot|way|app|something)\s+(?:to|where (?:i|we) can)\s+(?:put|keep|store|track|log|list|enter|see|hold|record|manage|write down|jot down)\s+(?:each|every|all|my|our|the|all the|all my|all our)?\s*/,
    "",
  );
  // "appointments for my hair salon", "volunteers at church": the thing ends where a preposition starts.
  p = p
    .replace(
      /\s+(?:for|at|in|on|from|with|by|during|across|to|that|which|who|where|when|of|up|out|down|off|over|around|left|we|i|you|they|so|and|or|but|if|because|since|whether)(?:\s.*)?$/,
      "",
    )
    .trim();
  const words = p.split(" ").filter((w) => w && !ADJECTIVES.test(w) && !/\d/.test(w));
  // "behavior stuff", "gear things": too vague to name a thing.
  if (/^(?:stuff|things|junk|bits|info|information|details|data)$/.test(words.at(-1) ?? "")) return null;
  while (words.length > 1 && APP_NOUNS.has(words.at(-1)!)) words.pop();
  // "a meeting list" holds meetings; a punch list or a wish list is a thing of its own.
  if (
    words.length > 1 &&
    words.at(-1) === "list" &&
    !/^(?:punch|wish|to-?do|do|shopping|reading|bucket|check|price|mailing|waiting|packing|guest)$/.test(words.at(-2)!)
  )
    words.pop();
  while (words.length && /^(?:for|of|to|and|or|the|a|an|with|in|on|at|from)$/.test(words.at(-1)!)) words.pop();
  const kept = words.slice(-3);
  // "notes" is a property's name as it stands ("uncountable" there); a thing to track is a note.
  const text = singular(kept.join(" ")).replace(/\bnotes$/, "note");
  if (!text || /\d/.test(text) || NOT_A_THING.has(text) || NOT_AN_ENTITY.has(text) || APP_NOUNS.has(text) || text.length < 2) return null;
  return text;
}

/** The entity a phrase names, if the app (or this text) has it. */
export function knownEntity(phrase: string, ctx: Context): string | null {
  const p = entityPhrase(phrase) ?? singular(clean(phrase));
  if (!p) return null;
  if (ctx.known.has(p)) return p;
  for (const k of ctx.known) if (k.endsWith(` ${p}`) || p.endsWith(` ${k}`)) return k;
  return null;
}

/** Makes `phrase` an entity (or finds it) and the one in hand. */
export function introduce(phrase: string, ctx: Context, firmly = true): string | null {
  const p = entityPhrase(phrase);
  if (!p) return null;
  const existing = knownEntity(p, ctx);
  if (existing) {
    if (firmly) ctx.tentative.delete(existing);
    ctx.current = existing;
    return existing;
  }
  ctx.known.add(p);
  if (!firmly) ctx.tentative.add(p);
  ctx.ops.push({ op: "entity", entity: p, words: phrase.trim() });
  ctx.current = p;
  return p;
}

/** "them", "it", "each task", "tasks" → the entity phrase, or the one being talked about. */
export function entityOf(phrase: string | undefined, ctx: Context): string | null {
  if (!phrase) return ctx.current;
  const p = clean(phrase);
  if (!p || NOT_A_THING.has(p)) return ctx.current;
  return knownEntity(p, ctx) ?? ctx.current;
}
