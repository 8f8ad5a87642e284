/**
 * Our grammar of app descriptions and edit requests: sentences → clauses → operations. Nouns are
 * singularized with compromise; field types come from the lexicon.
 */
import type { ViewType } from "@vta/contracts";
import { APP_WORDS, defaultOptions, FILLER, NOT_A_FIELD, typeOf, typeWord } from "./lexicon.js";
import type { FieldDraft, Op } from "./ops.js";
import { clean, isPlural, singular, splitList } from "./words.js";

const STOP = String.raw`(?=$|,|\.|;| and (?:show|let|i|we|also|display|put|add|group|make|see|then)\b| and (?:an? |the |some )?(?:(?:bar|pie|line) )?(?:chart|graph|board|kanban|calendar|table|stats|statistics|totals)\b| so\b| where\b| with\b| that\b| which\b)`;

const VIEW_PATTERNS: { view: ViewType; re: RegExp }[] = [
  { view: "board", re: new RegExp(String.raw`\b(?:(?:on|as|in|into|with|using) )?(?:a |an |the )?(?:kanban(?: board)?|(?:status )?board(?: view)?)(?: (?:grouped |organi[sz]ed |sorted |split |arranged )?(?:by|per) (?:their |its |the )?([a-z ]+?))?${STOP}`) },
  { view: "calendar", re: new RegExp(String.raw`\b(?:(?:on|in|as|into|with|using) )?(?:a |an |the )?calendar(?: view)?(?: (?:by|of|using|on|based on) (?:their |its |the )?([a-z ]+?))?${STOP}`) },
  { view: "chart", re: new RegExp(String.raw`\b(?:(?:with|and|plus|in|as) )?(?:a |an |the )?(?:(bar|pie|line) )?(?:chart|graph)(?: (?:of|showing|with|for) (?:the |my |our )?([a-z ]+?))?(?: (?:by|per|for each|across|over|grouped by) (?:the |their |its )?([a-z ]+?))?${STOP}`) },
  { view: "stats", re: /\b(?:(?:with|and|plus|see|show) )?(?:some |the )?(?:stats|statistics|totals|kpis?|summary (?:numbers|statistics|stats)|key numbers|overview numbers)\b(?: (?:for|of|on|about) (?:the |my |our )?[a-z]+)?/ },
  { view: "table", re: /\b(?:(?:in|as) )?(?:a |an |the )?(?:table|spreadsheet|grid)(?: view)?\b/ },
];

interface Context {
  /** Entity phrases (singular) known so far: from the spec, then as the text introduces them. */
  known: Set<string>;
  /** Entity phrases the whole text introduces with "each X has…": a list item naming one is an entity. */
  declared: Set<string>;
  current: string | null;
  ops: Op[];
}

const ENTITY_VERBS = String.raw`(?:keep(?:ing)? track of|keep(?:ing)? a list of|keep tabs on|tracking|managing|organi[sz]ing|logging|recording|cataloging|cataloguing|storing|listing|planning|scheduling|monitoring|collecting|registering|selling|renting|lending|saving|maintaining|coordinating|track|manage|organi[sz]e|log|record|keep|catalog(?:ue)?|store|list|plan|schedule|monitor|collect|register|sell|rent|lend|save|remember|maintain|browse|share|coordinate|administer|administrate|oversee|tally|inventory|budget|jot down|note down|write down)`;
const APP_NOUNS = String.raw`(?:app|application|system|tool|tracker|crm|database|site|website|platform|portal|planner|manager|log|logbook|journal|diary|inventory|directory|registry|catalog(?:ue)?|list|organi[sz]er|board|hub|program)`;
const HAS = String.raw`(?:has|have|had|with|includes?|including|contains?|should (?:also )?have|must (?:also )?have|needs?|need to have|gets?|stores?|records?|holds?|carries|comes with|can have|will have|also has|also have|also needs?)`;
const OBJECT_END = /\s+(?:with|including|that|which|who|where|so|for|in|on|at|by|from|to|i|we|you|they|using|along|plus|across|over|every|each|per)\b.*$/;

/** Whole-text pre-pass: every "each X has" subject is an entity, even if a list names it first. */
function declaredEntities(text: string): Set<string> {
  const found = new Set<string>();
  for (const m of text.matchAll(new RegExp(String.raw`\b(?:each|every|an?|one) ([a-z]+(?: [a-z]+)?) (?:${HAS}|belongs to|is linked to|is for)\b`, "g"))) {
    const phrase = singular(clean(m[1]!));
    if (phrase && !APP_WORDS.test(phrase) && !FILLER.test(phrase)) found.add(phrase);
  }
  for (const m of text.matchAll(/\b(?:many|several|multiple) ([a-z]+)\b/g)) found.add(singular(clean(m[1]!)));
  return found;
}

export function parse(text: string, knownEntities: string[] = []): Op[] {
  const normalized = normalize(text);
  const ctx: Context = { known: new Set(knownEntities), declared: declaredEntities(normalized), current: knownEntities[0] ?? null, ops: [] };
  appName(text, ctx);
  let previous = { ops: 0, known: new Set(ctx.known), current: ctx.current };
  for (const sentence of sentences(normalized)) {
    // "… no, actually just my subscriptions": the person took the last sentence back.
    const corrected = /^(?:no,? (?:actually|wait)|actually,? no|scratch that|sorry,? i mean|i mean|wait,? no)\b,?\s*/.exec(sentence);
    if (corrected) Object.assign(ctx, { known: previous.known, current: previous.current }).ops.splice(previous.ops);
    previous = { ops: ctx.ops.length, known: new Set(ctx.known), current: ctx.current };
    for (const clause of clauses(corrected ? sentence.slice(corrected[0].length) : sentence)) parseClause(clause, ctx);
  }
  return ctx.ops;
}

function normalize(text: string): string {
  return text
    .toLowerCase()
    .replace(/[’`]/g, "'")
    .replace(/\s*&\s*/g, " and ")
    .replace(/\b(?:e\.g\.|i\.e\.|etc\.?)/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|[\n;]+|\.$|\.{3,}\s*/)
    .map((s) => s.replace(/[.!?]+$/, "").trim())
    .filter(Boolean);
}

/** "track tasks with a title, and show them on a board" → two clauses. */
function clauses(sentence: string): string[] {
  return sentence
    .replace(/\s+where\s+(?=(?:each|every)\b)/g, ". ")
    .split(/\.\s+/)
    .flatMap((part) => part.split(/,?\s+(?:and\s+)?(?:then|also|plus)\s+(?=(?:add|remove|delete|show|display|rename|make|put|let|group|include|give|change|drop)\b)|,?\s+and\s+(?=(?:add|remove|delete|show|display|rename|make|put|let me|group|include|give|change|drop|i want|i need|we need)\b)/)
    )
    .map(stripPreamble)
    .filter(Boolean);
}

function stripPreamble(clause: string): string {
  let c = clause.trim();
  let before;
  do {
    before = c;
    c = c
      .replace(/^(?:ok(?:ay)?|so|now|also|and|then|please|hey|hi|great|cool|actually|oh|well|finally|lastly|next|just)\b,?\s*/, "")
      .replace(/^(?:can you|could you|would you|will you|i'?d like (?:you )?to|i would like (?:you )?to|let'?s|i want (?:you )?to|we want to|i need (?:you )?to|we need to|i wish to|go ahead and)\s+/, "")
      .replace(/\s+(?:please|too|as well|thanks|thank you)$/, "");
  } while (c !== before);
  return c.trim();
}

function appName(original: string, ctx: Context) {
  const m = /\b(?:called|named|call it|name it|titled)\s+["“']?([A-Za-z0-9][\w '&-]{0,40}?)["”']?(?=$|[,.;!]| to | for | that | which | with | where )/i.exec(original);
  if (m && !/^(?:the|a|an)$/i.test(m[1]!)) ctx.ops.push({ op: "appName", name: m[1]!.trim() });
}

// ---------------------------------------------------------------- entities

/** The entity a phrase names, if the app (or this text) has it. */
function knownEntity(phrase: string, ctx: Context): string | null {
  const p = singular(clean(phrase));
  if (!p) return null;
  if (ctx.known.has(p)) return p;
  for (const k of ctx.known) if (k.endsWith(` ${p}`) || p.endsWith(` ${k}`)) return k;
  return null;
}

function introduce(phrase: string, ctx: Context): string | null {
  const p = singular(clean(phrase));
  if (!p || APP_WORDS.test(p) || FILLER.test(p) || p.split(" ").length > 3) return null;
  const existing = knownEntity(p, ctx);
  if (existing) {
    ctx.current = existing;
    return existing;
  }
  ctx.known.add(p);
  ctx.ops.push({ op: "entity", entity: p });
  ctx.current = p;
  return p;
}

/** "them", "it", "each task", "tasks" → the entity phrase, or the one being talked about. */
function entityOf(phrase: string | undefined, ctx: Context): string | null {
  if (!phrase) return ctx.current;
  const p = clean(phrase);
  if (!p || FILLER.test(p)) return ctx.current;
  return knownEntity(p, ctx) ?? ctx.current;
}

// ---------------------------------------------------------------- fields

/** Finds option lists ("priority (low, medium or high)", "status of open, closed or won") before the list is split. */
function protectOptions(list: string): { list: string; options: Map<string, string[]> } {
  const options = new Map<string, string[]>();
  let n = 0;
  const keep = (items: string[]) => {
    const key = `optlist${n++}x`;
    options.set(key, items.map(optionLabel));
    return key;
  };
  let out = list.replace(/\(([^)]*)\)/g, (whole, inner: string) => {
    const items = splitList(inner.replace(/^(?:either|one of|e\.g\.?|like|such as)\s+/, ""));
    if (items.length >= 2) return ` ${keep(items)}`;
    return ` ${inner}`; // "(in minutes)", "(required)": words that still say something
  });
  out = out.replace(
    /\b([a-z]+)\s+(of|that can be|which can be|that is|which is|either|being|like|such as|as|with options|with values|with|from|:)\s+((?:either |one of )?[a-z0-9][a-z0-9 -]*?(?:,\s*[a-z0-9][a-z0-9 -]*?)*,?\s+(?:or|and)\s+[a-z0-9][a-z0-9-]*(?: [a-z0-9-]+)?)(?=$|,\s*(?:and\s+)?(?:an?|the)\b|\s+and\s+(?:an?|the)\b|\s+(?:on|in|so|with)\b)/g,
    (whole, head: string, connector: string, items: string) => {
      const parts = splitList(items.replace(/^(?:either|one of)\s+/, ""));
      // "a rating from 1 to 5", "number of pages, date and notes" are not option lists.
      if (parts.length < 2 || parts.some((p) => p.split(" ").length > 3) || /^\d+ to \d+$/.test(items)) return whole;
      const strong = /^(?:that can be|which can be|either|with options|with values)$/.test(connector);
      if (!strong && (!ENUM_HEADS.test(head) || !/\bor\b/.test(items))) return whole;
      return `${head} ${keep(parts)}`;
    },
  );
  return { list: out, options };
}

/** Words after which "of a, b or c" lists choices rather than more fields. */
const ENUM_HEADS = /^(?:status|statuses|priority|category|categories|type|kind|stage|level|difficulty|severity|size|mood|frequency|genre|source|condition|role|tier|plan|choice|choices|options?|availability|track|gender|department|team|channel|method|preference|language|color|colour|state|phase|result|outcome|outcomes|format|platform|location|room|shift|term|season|grade|class)$/;

const optionLabel = (o: string) => {
  const t = o.trim().replace(/^(?:an?|the)\s+/, "");
  return t ? t[0]!.toUpperCase() + t.slice(1) : t;
};

function fieldDrafts(list: string): FieldDraft[] {
  const { list: protectedList, options } = protectOptions(list.replace(/\s+(?:field|column)\b/g, "").replace(/\bdate and time\b/g, "date_and_time"));
  const drafts: FieldDraft[] = [];
  for (const raw of splitList(protectedList)) {
    let item = raw;
    let opts: string[] | undefined;
    for (const [key, values] of options) {
      if (item.includes(key)) {
        opts = values;
        item = item.replace(key, "");
      }
    }
    const required = /\b(?:required|mandatory|must have)\b/.test(item) ? true : undefined;
    let phrase = clean(
      item
        .replace(/\b(?:required|mandatory|optional|field|fields|column)\b/g, "")
        .replace(/\b(?:a|an) (?:few|couple of)\b/, "")
        .replace(/\b(?:that|which|who) .*$/, ""),
    );
    const typed = typeOf(phrase);
    // Units and ranges say the type; they are not part of the name.
    phrase = phrase
      .replace(/\s+(?:in (?:minutes|hours|days|kg|lbs?|km|miles|dollars|euros|pounds|usd|eur|gbp)|from \d+ to \d+|out of \d+|of \d+ to \d+)$/, "")
      .replace(/^(?:whether (?:it |they |the [a-z]+ )?(?:is|are|was|has) |whether |is |has )/, (m) => (m.startsWith("has") ? "has " : "is "))
      .replace(/^e-?mail address$/, "email")
      .replace(/^(?:phone|telephone|mobile) number$/, "phone")
      .replace(/^(?:website|web) (?:address|url|link)$/, "website")
      .trim();
    if (!phrase || FILLER.test(phrase) || NOT_A_FIELD.test(phrase) || phrase.split(" ").length > 5) continue;
    const type = opts ? "enum" : typed.type;
    const draft: FieldDraft = { phrase, type, inferred: !opts && typed.inferred };
    if (type === "enum") draft.options = opts ?? defaultOptions(phrase);
    if (required) draft.required = true;
    drafts.push(draft);
  }
  return drafts;
}

/** Adds fields to an entity; a list item that names an entity becomes a relation instead. */
function addFields(entity: string | null, list: string, ctx: Context) {
  for (const field of fieldDrafts(list)) {
    const named = knownEntity(field.phrase, ctx) ?? (ctx.declared.has(singular(field.phrase)) ? singular(field.phrase) : null);
    if (entity && named && named !== entity && field.inferred) {
      introduceQuietly(named, ctx);
      ctx.ops.push({ op: "relation", entity, ref: named });
      continue;
    }
    ctx.ops.push({ op: "field", entity, field });
  }
}

function introduceQuietly(phrase: string, ctx: Context) {
  if (ctx.known.has(phrase)) return;
  ctx.known.add(phrase);
  ctx.ops.push({ op: "entity", entity: phrase });
}

// ---------------------------------------------------------------- views

/**
 * Takes the view phrases out of a clause and returns what is left; the view operations are made by
 * `later` (after the rest of the clause introduced its entity) or pushed at once.
 */
function extractViews(clause: string, ctx: Context, entity: () => string | null, later?: (() => void)[]): string {
  let rest = clause;
  const run = (f: () => void) => (later ? later.push(f) : f());
  for (const { view, re } of VIEW_PATTERNS) {
    const m = re.exec(rest);
    if (!m) continue;
    // "a board game", "the table of contents": only when it reads as a view.
    if (view === "table" && !/\b(?:in|as) (?:a |an |the )?(?:table|spreadsheet|grid)|\btable view\b|^(?:show|display|add|put)\b/.test(rest)) continue;
    if (view === "board" && /\bboard games?\b|\bboard members?\b|\bon board\b/.test(rest)) continue;
    rest = (rest.slice(0, m.index) + " " + rest.slice(m.index + m[0].length)).replace(/\s+/g, " ").trim();
    const [, first, second, third] = m;
    run(() => {
      if (view === "chart") {
        let target = entity();
        let measure: string | undefined;
        if (second) {
          const named = knownEntity(second, ctx);
          if (named) target = named;
          else measure = clean(second.replace(/\b(?:total|sum of|sum|average|avg|number of|count of)\b/g, "")) || undefined;
        }
        ctx.ops.push({ op: "view", entity: target, view, by: third ? clean(third) : undefined, measure });
      } else if (view === "calendar" && first && knownEntity(first, ctx)) {
        ctx.ops.push({ op: "view", entity: knownEntity(first, ctx), view });
      } else {
        ctx.ops.push({ op: "view", entity: entity(), view, by: first ? clean(first) : undefined });
      }
    });
  }
  return rest
    .replace(/\s*,?\s*(?:(?:all |both )?(?:shown|displayed|organi[sz]ed|arranged|visible|laid out|presented|viewable)(?: (?:as|in|on))?)$/, "")
    .replace(/\s+(?:and|with|on|in|as|to|so i can see|so we can see|so i can|so we can)$/, "")
    .trim();
}

// ---------------------------------------------------------------- clauses

function parseClause(clause: string, ctx: Context) {
  if (parseEdit(clause, ctx)) return;
  parseDescription(clause, ctx);
}

/** Requests that change what exists: rename, remove, require, retype, options, views, additions. */
function parseEdit(c: string, ctx: Context): boolean {
  let m: RegExpExecArray | null;
  if ((m = /^(?:rename|relabel|change the name of)\s+(?:the\s+)?(.+?)\s+(?:to|as|into)\s+(.+)$/.exec(c)) ?? (m = /^(.+?)\s+should be (?:called|named|renamed to)\s+(.+)$/.exec(c))) {
    return rename(m[1]!, m[2]!, ctx);
  }
  if ((m = /^call\s+(?:the\s+)?(.+?)\s+["']?([a-z][a-z ]*?)["']?(?:\s+instead)?$/.exec(c)) && !/^(?:app|it)\b/.test(m[1]!)) {
    return rename(m[1]!, m[2]!, ctx);
  }
  if (
    (m = /^(?:remove|delete|drop|get rid of|take out|take away|hide|eliminate|lose)\s+(?:the\s+)?(.+?)(?:\s+(?:from|on|of|in)\s+(?:the\s+|each\s+|every\s+|all\s+|my\s+)?([a-z ]+))?$/.exec(c)) ??
    (m = /^(?:i|we)\s+(?:don'?t|do not|no longer)\s+(?:need|want|use|care about)\s+(?:the\s+|a\s+|an\s+)?(.+?)(?:\s+(?:on|for|in)\s+([a-z ]+?))?(?:\s+anymore|\s+any more)?$/.exec(c))
  ) {
    return remove(m[1]!, m[2], ctx);
  }
  if (
    (m = /^make\s+(?:the\s+)?(.+?)\s+(required|mandatory|optional|not required)(?:\s+(?:on|for|in)\s+(?:the\s+|each\s+|every\s+)?([a-z ]+))?$/.exec(c)) ??
    (m = /^(?:the\s+)?(.+?)\s+(?:should|must|has to|needs to|is)\s+(?:always\s+)?(?:be\s+)?(required|mandatory|optional|filled in)$/.exec(c))
  ) {
    const entity = entityOf(m[3], ctx);
    for (const field of splitList(m[1]!)) ctx.ops.push({ op: "require", entity, field: clean(field), required: !/optional|not required/.test(m[2]!) });
    return true;
  }
  if ((m = /^(?:make|change|turn|convert|set)\s+(?:the\s+)?(.+?)\s+(?:field\s+)?(?:into|to be|to|a|an|as)\s+(?:an?\s+)?(.+?)(?:\s+field)?$/.exec(c)) ?? (m = /^(?:the\s+)?(.+?)\s+should be (?:an?\s+)?(.+?)(?:\s+field)?$/.exec(c))) {
    const choice = /^(?:dropdown|drop-down|choice|select|list|pick list|picklist|selection)\s+(?:of|with|between|from)\s+(.+)$/.exec(m[2]!);
    if (choice && splitList(choice[1]!).length >= 2) {
      ctx.ops.push({ op: "options", entity: null, field: clean(m[1]!), options: splitList(choice[1]!).map(optionLabel) });
      return true;
    }
    const type = typeWord(m[2]!);
    if (type) {
      ctx.ops.push({ op: "retype", entity: null, field: clean(m[1]!), type });
      return true;
    }
  }
  if ((m = /^(?:add|include)\s+["']?(.+?)["']?\s+(?:as\s+(?:an?\s+)?(?:new\s+|possible\s+|another\s+)?|to\s+(?:the\s+)?)([a-z ]+?)\s*(?:options?|choices?|values?)?(?:\s+(?:for|of|to)\s+(?:the\s+)?([a-z ]+?))?$/.exec(c))) {
    const field = clean(m[3] ?? m[2]!);
    if (field && !/^(?:option|choice|value)s?$/.test(field) && /\b(?:options?|choices?|values?)\b|^(?:status|priority|category|type|stage|level|difficulty|severity|size|mood|frequency|kind)$/.test(`${m[2]} ${c.slice(-20)}`) && !knownEntity(field, ctx)) {
      ctx.ops.push({ op: "options", entity: null, field, options: splitList(m[1]!).map(optionLabel) });
      return true;
    }
  }
  if ((m = /^(?:the\s+)?(.+?)\s+(?:can|could|may|should) also be\s+(.+)$/.exec(c))) {
    ctx.ops.push({ op: "options", entity: null, field: clean(m[1]!), options: splitList(m[2]!.replace(/^(?:an?|the)\s+/, "")).map(optionLabel) });
    return true;
  }
  if (/^(?:show|display|view|see|put|organi[sz]e|arrange|lay out|visuali[sz]e|present|group|plot|chart|add|give me|create|include|i want|i'd like|we need|i need|let me see)\b/.test(c) && /\b(?:board|kanban|calendar|chart|graph|plot|stats|statistics|totals|table|spreadsheet)\b/.test(c)) {
    const object = /^(?:show|display|view|see|put|organi[sz]e|arrange|lay out|visuali[sz]e|present|group|plot|let me see)\s+(?:all\s+)?(?:the\s+|my\s+|our\s+)?([a-z]+(?: [a-z]+)?)\s+(?:on|in|as|into|by|with|using)\b/.exec(c)?.[1];
    const left = extractViews(c, ctx, () => entityOf(object, ctx));
    return left === "" || /^(?:show|display|view|see|put|add|give me|create|include|i want|i'd like|we need|i need|let me see|organi[sz]e|arrange|visuali[sz]e|present|group|plot|chart)(?:\s+(?:all\s+)?(?:the\s+|my\s+|our\s+|them|it|[a-z]+))?$/.test(left);
  }
  if ((m = /^give\s+(?:each\s+|every\s+|the\s+|all\s+)?([a-z]+(?: [a-z]+)?)\s+(?:an?\s+|the\s+)?(.+)$/.exec(c)) && knownEntity(m[1]!, ctx)) {
    addFields(knownEntity(m[1]!, ctx), m[2]!, ctx);
    return true;
  }
  if ((m = /^(?:add|include|put|attach|also track|let (?:me|users|people) (?:add|record|store|set|enter|pick|choose))\s+(.+?)(?:\s+(?:to|for|on|in|into)\s+(?:each\s+|every\s+|the\s+|all\s+|my\s+|our\s+)?([a-z]+(?: [a-z]+)?))?$/.exec(c))) {
    const list = m[1]!;
    const target = m[2] ? knownEntity(m[2], ctx) : null;
    if (m[2] && !target) {
      // "add a notes field to it", "add a photo to the form": the entity we are on.
      if (!FILLER.test(clean(m[2])) && !/^(?:form|app|list|table)$/.test(clean(m[2]))) return false;
    }
    const entityIntro = /^(?:an?\s+)?(?:new\s+)?(?:(?:entity|table|list|section|page|collection|place|way|kind of record)\s+(?:for|of|to track|called|named)\s+)?([a-z]+(?: [a-z]+)?)\s+(?:with|that have|having|including|,)\s+(.+)$/.exec(list);
    if (!target && entityIntro && isPlural(clean(entityIntro[1]!)) && !knownEntity(entityIntro[1]!, ctx)) {
      const entity = introduce(entityIntro[1]!, ctx);
      addFields(entity, entityIntro[2]!, ctx);
      return true;
    }
    const bareEntity = /^(?:an?\s+)?(?:new\s+)?(?:entity|table|list|section|collection)\s+(?:for|of|called|named)\s+([a-z]+(?: [a-z]+)?)$/.exec(list);
    if (bareEntity) {
      introduce(bareEntity[1]!, ctx);
      return true;
    }
    addFields(target ?? ctx.current, list, ctx);
    return true;
  }
  return false;
}

function rename(fromPhrase: string, toPhrase: string, ctx: Context): boolean {
  const from = clean(fromPhrase.replace(/\b(?:field|column|entity|table|list)\b/g, ""));
  const to = clean(toPhrase.replace(/\b(?:field|column|entity|table|list)\b/g, ""));
  if (!from || !to) return false;
  if (/^(?:app|application|it)$/.test(from)) {
    ctx.ops.push({ op: "appName", name: toPhrase.trim() });
    return true;
  }
  const entity = knownEntity(from, ctx);
  if (entity && !ctx.known.has(singular(to))) {
    ctx.known.delete(entity);
    ctx.known.add(singular(to));
    if (ctx.current === entity) ctx.current = singular(to);
    ctx.ops.push({ op: "rename", entity: null, from: entity, to: singular(to) });
    return true;
  }
  const scoped = /^(?:the\s+)?(.+?)\s+(?:of|on|in)\s+(?:the\s+|each\s+)?([a-z]+)$/.exec(from);
  const owner = scoped ? knownEntity(scoped[2]!, ctx) : null;
  ctx.ops.push({ op: "rename", entity: owner ?? ctx.current, from: owner ? clean(scoped![1]!) : from, to });
  return true;
}

function remove(whatPhrase: string, fromPhrase: string | undefined, ctx: Context): boolean {
  const what = clean(whatPhrase);
  const view = /^(?:the\s+)?(board|kanban|calendar|chart|graph|stats|statistics|table)(?:\s+view)?$/.exec(what);
  if (view) {
    const kind = ({ kanban: "board", graph: "chart", statistics: "stats" } as Record<string, ViewType>)[view[1]!] ?? (view[1] as ViewType);
    ctx.ops.push({ op: "removeView", entity: entityOf(fromPhrase, ctx), view: kind });
    return true;
  }
  const entity = fromPhrase ? knownEntity(fromPhrase, ctx) : null;
  if (fromPhrase && !entity && !FILLER.test(clean(fromPhrase))) return false;
  for (const item of splitList(what)) {
    const phrase = clean(item);
    const asEntity = !entity && isPlural(phrase) ? knownEntity(phrase, ctx) : null;
    if (asEntity && /\bentit|\btable|\blist|\bsection\b/.test(whatPhrase + " ") === false && !ctx.known.has(asEntity)) continue;
    if (asEntity) {
      ctx.known.delete(asEntity);
      ctx.ops.push({ op: "removeEntity", entity: asEntity });
      if (ctx.current === asEntity) ctx.current = [...ctx.known][0] ?? null;
    } else {
      ctx.ops.push({ op: "removeField", entity: entity ?? null, field: phrase.replace(/^e-?mail address$/, "email").replace(/^phone number$/, "phone") });
    }
  }
  return true;
}

/** Descriptions of what to build: things to track, what each has, choices, relations, views. */
function parseDescription(clause: string, ctx: Context) {
  const later: (() => void)[] = [];
  const c = extractViews(clause, ctx, () => ctx.current, later);
  const colon = /^([^:]+):\s*(.+)$/.exec(c);
  // "Plant watering app: plants with a name, …": the part after the colon says it all.
  if (colon && selfContained(colon[2]!)) describe(colon[2]!, ctx);
  else describe(c, ctx);
  for (const f of later) f();
}

/** "contacts, companies and deals": every item a plural noun. */
function nounList(c: string): boolean {
  const items = splitList(c.replace(/\b(?:their|its)\s+/g, ""));
  return items.length > 0 && items.every((i) => i.split(" ").length <= 3 && isPlural(clean(i)) && !FILLER.test(clean(i)));
}

function selfContained(c: string): boolean {
  return /^(?:for each|each|every|an?|the|one)\s|^[a-z]+(?: [a-z]+)? and (?:their|its) [a-z]+$/.test(c) || nounList(c) || new RegExp(String.raw`^(?:[a-z]+ )?[a-z]+ (?:with|that have|having|including|which have)\b|^${ENTITY_VERBS}\b`).test(c);
}

const APP_NOUN_WORD = new RegExp(String.raw`^${APP_NOUNS}$`);
const ADJECTIVES = /^(?:simple|small|little|basic|personal|shared|family|team|new|quick|easy|tiny|online|digital|daily|weekly|monthly|my|our|nice|good|great|free|custom|complete|full)$/;

/** "expense tracker" → "expense"; "app" → null (the entity in hand). */
function subjectEntity(phrase: string, ctx: Context): string | null {
  const words = clean(phrase).split(" ");
  while (words.length && APP_WORDS.test(words.at(-1)!)) words.pop();
  if (!words.length) return ctx.current;
  return introduce(words.join(" "), ctx);
}

function describe(c: string, ctx: Context) {
  let m: RegExpExecArray | null;

  if ((m = /^(?:each|every|an?|one|the)\s+([a-z]+(?: [a-z]+)?)\s+(?:belongs to|is linked to|is for|is assigned to|is tied to|is part of|references|refers to|goes with)\s+(?:an?\s+|one\s+|the\s+|some\s+)?([a-z]+(?: [a-z]+)?)$/.exec(c))) {
    const entity = introduce(m[1]!, ctx);
    const ref = knownEntity(m[2]!, ctx) ?? singular(clean(m[2]!));
    introduceQuietly(ref, ctx);
    if (entity) ctx.ops.push({ op: "relation", entity, ref });
    return;
  }
  if ((m = /^(?:each|every|an?|one|the)?\s*([a-z]+(?: [a-z]+)?)\s+(?:has|have|can have|contains?|includes?)\s+(?:many|several|multiple|lots of|a list of|any number of)\s+([a-z]+(?: [a-z]+)?)$/.exec(c))) {
    const parent = introduce(m[1]!, ctx);
    const child = introduce(m[2]!, ctx);
    if (parent && child) ctx.ops.push({ op: "relation", entity: child, ref: parent });
    ctx.current = parent;
    return;
  }
  if (
    (m = new RegExp(String.raw`^for\s+(?:each|every|an?|one|the|all)\s+([a-z]+(?: [a-z]+)?)\s*,?\s+(?:i want to |we want to |i need to |we |i |you )?(?:${HAS}|store|track|record|keep|save|note|capture|log)\s+(.+)$`).exec(c)) ??
    (m = new RegExp(String.raw`^(?:each|every|an?|one|the|all)\s+([a-z]+(?: [a-z]+)?)\s*,?\s+(?:${HAS})\s+(.+)$`).exec(c))
  ) {
    const subject = clean(m[1]!).replace(/\s+(?:should|must|will|can|would|could|may|might|also|does|do)$/, "").split(" ");
    if (APP_NOUN_WORD.test(subject.at(-1)!)) {
      // "a simple CRM with contacts and deals", "an expense tracker with amount and date"
      const rest = subject.slice(0, -1).filter((w) => !ADJECTIVES.test(w));
      if (rest.length) addFields(introduce(rest.join(" "), ctx), m[2]!, ctx);
      else introduceList(m[2]!, ctx, true);
      return;
    }
    if (!/\b(?:to|for|of)$/.test(m[1]!)) {
      addFields(subjectEntity(subject.join(" "), ctx), m[2]!, ctx);
      return;
    }
  }
  if ((m = /^(?:the\s+|a\s+|its\s+|their\s+|each\s+)?([a-z]+(?: [a-z]+)?)\s+(?:can be|could be|should be|must be|may be|is either|is one of|are either|are one of|options are|choices are|values are)\s+(?:either\s+|one of\s+)?(.+)$/.exec(c)) && splitList(m[2]!).length >= 2) {
    const options = splitList(m[2]!.replace(/\bor\b/g, ",")).map(optionLabel);
    ctx.ops.push({ op: "options", entity: null, field: clean(m[1]!), options });
    return;
  }
  if ((m = /^(?:possible|available)\s+([a-z]+?)(?:es|s)?\s+(?:are|include)\s+(.+)$/.exec(c))) {
    ctx.ops.push({ op: "options", entity: null, field: clean(m[1]!), options: splitList(m[2]!).map(optionLabel) });
    return;
  }

  if ((m = /\b([a-z]+(?: [a-z]+)?)\s+(?:that|which|who)\s+(?:have|has|include|contain|each have)\s+(.+)$/.exec(c)) && isPlural(clean(m[1]!)) && !APP_WORDS.test(singular(clean(m[1]!)))) {
    addFields(subjectEntity(m[1]!, ctx), m[2]!, ctx);
    return;
  }
  // "an app to track X (with LIST)", "a CRM for X", "a habit tracker with LIST", "I need to log X: LIST"
  const intro =
    new RegExp(String.raw`\b${ENTITY_VERBS}\s+(?:all\s+|of\s+|for\s+)?(?:my\s+|our\s+|the\s+|your\s+|their\s+|a\s+|an\s+|some\s+|every\s+|each\s+|all\s+(?:the\s+|my\s+|our\s+)?)?(.+)$`).exec(c) ??
    new RegExp(String.raw`\b${APP_NOUNS}\s+(?:for|of|to hold|about|with all|that (?:tracks|manages|lists|stores|keeps|holds))\s+(?:my\s+|our\s+|the\s+|all\s+)?(.+)$`).exec(c);
  if (intro) {
    introduceList(intro[1]!, ctx);
    return;
  }
  if ((m = /^([a-z]+(?: [a-z]+)?)\s+(?:with|that have|having|including|which have)\s+(.+)$/.exec(c)) && (isPlural(clean(m[1]!)) || knownEntity(m[1]!, ctx))) {
    introduceList(c, ctx);
    return;
  }
  if ((m = new RegExp(String.raw`^([a-z]+(?: [a-z]+)?)\s+(?:should (?:also )?have|also have|also need|need|have|has|include|contain|get|come with|can have|must have)\s+(.+)$`).exec(c)) && (knownEntity(m[1]!, ctx) ?? (isPlural(clean(m[1]!)) && !FILLER.test(clean(m[1]!)) && !/^(?:i|we|you|they|users|people)$/.test(m[1]!)))) {
    const entity = knownEntity(m[1]!, ctx) ?? introduce(m[1]!, ctx);
    addFields(entity, m[2]!, ctx);
    return;
  }
  const named = new RegExp(String.raw`\b([a-z]+(?: [a-z]+)?)\s+(?:tracker|manager|log|logbook|planner|organi[sz]er|catalog(?:ue)?|journal|diary|inventory|directory|registry|crm|list)\b(?:\s+(?:app|application|system|tool))?(?:\s+(?:with|that has|including|where|for)\s+(.+))?$`).exec(c);
  if (named) {
    const entity = introduce(named[1]!.replace(/^(?:an?|the|my|our|simple|small|little|basic|personal|shared|family|team)\s+/, ""), ctx);
    if (named[2]) addFields(entity, named[2], ctx);
    return;
  }
  const withList = new RegExp(String.raw`^(?:an?\s+|my\s+|the\s+)?(?:simple\s+|small\s+|basic\s+|personal\s+)?${APP_NOUNS}\s+(?:with|that has|including|containing)\s+(.+)$`).exec(c);
  if (withList) {
    introduceList(withList[1]!, ctx, true);
    return;
  }
  if (nounList(c) && /^(?:my |our |the )?[a-z]/.test(c) && !ctx.current) {
    introduceList(c, ctx);
    return;
  }
  const colon = /^([a-z ]+?):\s*(.+)$/.exec(c);
  if (colon) {
    const entity = knownEntity(colon[1]!, ctx) ?? introduce(colon[1]!.split(" ").slice(-2).join(" "), ctx);
    addFields(entity, colon[2]!, ctx);
    return;
  }
  // A list of fields on its own ("a title, a due date and notes") for the entity in hand.
  if (ctx.current && /^(?:with\s+|plus\s+|and\s+|including\s+)?(?:an?\s+|the\s+)/.test(c) && !/\b(?:i|we|you|want|need|should|would|could)\b/.test(c)) addFields(ctx.current, c.replace(/^(?:with|plus|and|including)\s+/, ""), ctx);
}

/**
 * The object of "track …": "recipes with a title and a rating", "customers and their orders",
 * "contacts, companies and deals". `asEntities`: the list follows an app noun, so plural items are
 * things to track.
 */
function introduceList(object: string, ctx: Context, asEntities = false) {
  const withSplit = /^(.+?)\s*(?:,\s*)?(?:\bwith\b|\bincluding\b|\bthat have\b|\bhaving\b|\beach with\b|\beach having\b|:|\bwhere each (?:one )?has\b|—|-)\s*(.+)$/.exec(object);
  const head = (withSplit ? withSplit[1]! : object).replace(OBJECT_END, "").replace(/'(?:ve|re|d)\b.*$/, "").trim();
  const owned = /^(.+?)\s+and\s+(?:their|its|the)\s+(.+)$/.exec(head);
  if (owned) {
    const parent = introduce(owned[1]!, ctx);
    const child = introduce(owned[2]!, ctx);
    if (parent && child) ctx.ops.push({ op: "relation", entity: child, ref: parent });
    ctx.current = parent;
  } else if (asEntities) {
    for (const item of splitList(head)) if (isPlural(clean(item))) introduce(item, ctx);
    if (withSplit) addFields(ctx.current, withSplit[2]!, ctx);
    return;
  } else {
    const items = splitList(head).filter((i) => !FILLER.test(clean(i)));
    const entities = items.filter((i) => isPlural(clean(i)) || items.length === 1);
    let first: string | null = null;
    for (const item of entities) {
      const e = introduce(item, ctx);
      first ??= e;
    }
    if (first) ctx.current = first;
  }
  if (withSplit) {
    const list = withSplit[2]!;
    const target = ctx.current;
    // "with customers and orders" after an app noun, or items the text describes as entities.
    const items = splitList(protectOptions(list).list);
    if (items.length && items.every((i) => ctx.declared.has(singular(clean(i))))) {
      for (const item of items) introduce(item, ctx);
      return;
    }
    addFields(target, list, ctx);
  }
}
