/**
 * A request, as a person says or types it → operations on the app. Speech is made plain first
 * (speech.ts), then cut into clauses — by punctuation when there is some, by the words that open a
 * new thought when there is none (a recognizer's text) — and each clause is read by its shape
 * (describe.ts for what to build, edits.ts for what to change).
 */
import { nlp } from "./nlp.js";
import type { AppSpec, GoalTarget } from "@vta/contracts";
import { entityPhrase, introduce, newContext, type Context } from "./context.js";
import { readDescription, stripLead } from "./describe.js";
import { parseEdit } from "./edits.js";
import type { Op } from "./ops.js";
import { punctuate } from "./punctuate.js";
import { normalizeSpeech } from "./speech.js";
import { HEAD_WORDS, STANDALONE_WORDS } from "./vocabulary.js";
import { isPlural, singular } from "./words.js";

/** The request read: its operations, and the clauses it was cut into (to tell what was not used). */
export function parse(text: string, spec: AppSpec | null = null, history: GoalTarget[] = []): { ops: Op[]; clauses: string[] } {
  const ctx = newContext(spec, history);
  appName(text, ctx);
  // A recognizer's text has no punctuation: the model puts it back. In a description the cue words
  // it missed still break clauses; an edit is one command, cut only where the model put a mark.
  const bare = !/[,.;:!?()]/.test(text) && text.trim().split(/\s+/).length > 3;
  const clauses = segment(prepare(bare ? punctuate(text) : text), bare && !ctx.editing);
  declare(clauses, ctx);
  for (const clause of clauses) {
    // Corrections were applied to the words already (speech.ts); what is left of a cue is noise.
    const c = stripLead(clause.replace(/^(?:no,? (?:actually|wait)|actually,? no|sorry,? i mean|wait,? no)\b,?\s*/, ""));
    if (!c) continue;
    if (parseEdit(c, ctx)) continue;
    readDescription(c, ctx);
  }
  if (!ctx.editing && !ctx.ops.some((o) => o.op === "entity")) fallback(clauses, ctx);
  return { ops: prune(ctx), clauses };
}

/** Speech made plain; recognizer spellings of contractions restored ("theyre" → "they're"). */
function prepare(text: string): string {
  return (
    normalizeSpeech(text)
      // The app's name ("called Grandma's Kitchen") is read separately; it names nothing to track.
      .replace(
        /\b((?:app|application|tracker|system|database|crm|log|list|book|box|planner|journal|diary|organi[sz]er|manager|thing|tool)\s+)(?:called|named|titled)\s+"?[a-z0-9][a-z0-9 '&-]{0,40}?"?(?=\s+(?:with|to|for|that|which|where|and)\b|[,.;:!]|$)|\s*\b(?:call it|name it)\s+"?[a-z0-9][a-z0-9 '&-]{0,40}?"?(?=\s+(?:with|to|for|that|which|where|and)\b|[,.;:!]|$)/g,
        (m, noun?: string) => (noun ? noun.trimEnd() : ""),
      )
      .replace(/\b(they|we|you)(re|ve|ll|d)\b/g, "$1'$2")
      .replace(
        /\b(it|that|there|what|who|he|she)s\b(?= (?:a|an|the|for|about|due|done|in|on|at|been|going|paid|usually|always|not|just|like|from|[a-z]+ed)\b)/g,
        "$1's",
      )
      .replace(/\b(i)m\b/g, "i'm")
      .replace(/\bwhats\b/g, "what's")
      .replace(/\b(don|doesn|didn|isn|aren|wasn|won|can|haven|hasn)t\b/g, "$1't")
      .replace(/\bive\b/g, "i've")
      .replace(/\bid\b(?= (?:like|love|want|need|prefer)\b)/g, "i'd")
  );
}

/** Sentences (and lines, and bullets), then clauses within them; `spoken`: cue words break clauses too. */
function segment(text: string, spoken: boolean): string[] {
  // "tenants (name, phone) and maintenance requests (unit, description)": two headings.
  const base = (spoken ? cueBreaks(text) : text).replace(
    /(?:\)\s*,?|:)\s*(?:and\s+|plus\s+|also\s+)?(?=(?:the\s+|my\s+|our\s+|some\s+)?[a-z]+(?: [a-z]+){0,3}\s*\(([^)]*)\))/g,
    (m, inner: string) => (fieldList(inner) ? (m.startsWith(")") ? "). " : ". ") : m),
  );
  // "rooms: a, b; bookings: c, d" — a heading after a semicolon starts a new thing when a list of properties follows it.
  const headings = base.replace(/;\s*(?=(?:the\s+|and\s+)?[a-z]+(?: [a-z]+){0,3}\s*:([^;.]*))/g, (m, after: string) =>
    fieldList(after) ? ". " : m,
  );
  const sentences = splitOutsideParens(headings, /\n+|(?<=[.!?])\s+|\.{3,}\s*|\s*\u2022\s*|(?<=\S)\s+-\s+(?=[a-z]+ ?(?:\(|:))/);
  return sentences
    .map((s) =>
      s
        .replace(/^[-*\s]+/, "")
        .replace(/[.!?;]+$/, "")
        .trim(),
    )
    .filter(Boolean)
    .flatMap(clauses);
}

/** "(name, phone, email)": a list of properties, so the words before it head a thing of their own. */
const fieldList = (inner: string) =>
  /,/.test(inner) &&
  !/\bor\b/.test(inner) &&
  inner.split(/\s*,\s*(?:and\s+)?/).some((i) => HEAD_WORDS.has(i.trim().split(" ").at(-1)!) || STANDALONE_WORDS.has(i.trim()));

/** Splits on `re` except inside parentheses. */
function splitOutsideParens(text: string, re: RegExp): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  const global = new RegExp(re.source, "g");
  const marks: [number, number][] = [];
  for (const m of text.matchAll(global)) marks.push([m.index, m.index + m[0].length]);
  let mark = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "(") depth++;
    else if (ch === ")") depth = Math.max(0, depth - 1);
    while (mark < marks.length && marks[mark]![0] < i) mark++;
    if (mark < marks.length && marks[mark]![0] === i && depth === 0 && marks[mark]![1] > i) {
      out.push(text.slice(start, i));
      start = marks[mark]![1];
      i = start - 1;
    }
  }
  out.push(text.slice(start));
  return out;
}

/** Where a new thought starts inside a sentence: "and then", "each X has", "I also want", "show them …". */
function clauses(sentence: string): string[] {
  return sentence
    .replace(/,?\s+where\s+(?=(?:each|every|for each)\b)/g, ". ")
    .split(/\.\s+/)
    .flatMap((part) =>
      part.split(
        /,?\s+(?:and\s+)?then\s+(?=(?:there(?:'s| is| are)|each|every|for|i|we|a|an|the|my|our|add|show|put|make|\w+s\s+(?:have|has|need))\b)|,\s*(?:and\s+)?(?:also|plus)\s+(?=(?:a|an|the|some|each|every|for|i|we)\b)|,?\s+(?:and|but|so)\s+(?=(?:for\s+)?(?:each|every)\s)|\s+-\s+(?=(?:and\s+)?(?:for\s+)?(?:each|every)\b)|,?\s+(?:and|but|so)\s+(?=(?:i|we)(?:'d| would)?\s+(?:also\s+)?(?:want|need|like|love)\b)|,?\s+and\s+(?:just\s+|also\s+|then\s+)?(?=(?:show|put|display|give me|let me|make|group|add|remove|drop|rename|keep|get rid of|take out|lose|scratch|delete|we\s+(?:opened|added|got|started|now))\b)|,\s+(?=(?:for\s+)?(?:each|every)\s+[a-z]+(?:\s+[a-z]+)?\s+(?:i|we|has|have|should|needs|gets|with)\b)|;\s*(?=(?:show|put|display|give me|i|we|and then|then|also)\b)/,
      ),
    )
    .map((c) => c.trim())
    .filter(Boolean);
}

/** Words after which "the X" or "how many" continues the phrase rather than starting a new item. */
const GOVERN_WORDS = new RegExp(
  String.raw`^${String.raw`(?:of|for|to|in|on|at|with|from|by|about|like|and|or|whether|if|is|are|was|were|did|does|do|what|which|track|log|keep|record|list|want|need|put|enter|see|show|into|onto|per|than|as|has|have|had|get|gets|make|made|give|it|that|this|then|also|plus|through|across|over|under|between|before|after|during|since|until|when|where|who|how|i|we|you|they|be|been|being|just|not|all|both|each|every|any|some|no|a|an|the|their|his|her|its|our|my|your)`}$`,
);

/**
 * A recognizer's text has no commas: put them back where a new property starts — before "the",
 * "their", "a", "how many", "whether", "which" … unless the word before governs what follows
 * ("a list of the cats", "whether the client paid").
 */
function restoreCommas(text: string): string {
  // Verbs govern what follows ("we run a film festival", "i teach the kids"): no comma after them.
  const verbs = new Set((nlp(text).verbs().terms().out("array") as string[]).map((w) => w.toLowerCase()));
  const governs = (before: string, objects: boolean) => {
    const [, subject, word = ""] = /(?:\b([a-z0-9']+)\s+)?([a-z0-9']+)\s*$/.exec(before) ?? [];
    // A verb right after its subject takes the phrase as its object ("we run a film festival", "they can drive the big truck").
    return (
      !word ||
      GOVERN_WORDS.test(word) ||
      (objects &&
        verbs.has(word) &&
        /^(?:i|we|you|they|he|she|can|could|will|would|should|to)$/.test(subject ?? "") &&
        !HEAD_WORDS.has(word) &&
        !STANDALONE_WORDS.has(word))
    );
  };
  const insert =
    (re: RegExp, objects = true) =>
    (t: string) =>
      t.replace(re, (m, offset: number, all: string) => (governs(all.slice(0, offset), objects) ? m : ", "));
  // "what it's for" is a whole property.
  let out = text.replace(/\b(what (?:it's|it is|they're|they are|it was|its) for)\s+(?=[a-z])/g, "$1, ");
  out = insert(/\s+(?=(?:the|their|his|her|its|our|my|a|an)\s+[a-z])/g)(out);
  // "the fee which is usually $75" describes; "who is editing it" asks for a property.
  out = insert(
    /\s+(?=(?:how (?:many|much|long|often|old)|whether|(?:which|who)(?!\s+(?:(?:is|are|was|were|'s)\s+(?:usually|always|normally|often|typically|about|around|like|\$|\d|a|an|the|just|only|mostly|probably)|usually|we|i|they|it|you|he|she|can|could|will|would|should|might|may)\b)|(?:what|when|where)(?!\s+(?:(?:is|are|was|were|'s)\s+(?:usually|always|normally|often|typically|about|around|\$|\d))\b)|did|if)\b)/g,
    false,
  )(out);
  return out
    .replace(/\s+and\s+(?=(?:the|their|his|her|its|a|an|whether|how|which|what|who|when|where|did|if)\b)/g, ", and ")
    .replace(/(?:,\s*)+/g, ", ");
}

/** Speech: break before the words that open a new thought (and a comma before a new property). */
function cueBreaks(text: string): string {
  return restoreCommas(text)
    .replace(
      /\s+(?=(?:and\s+)?(?:for\s+)?(?:each|every)\s+(?!one\b|time\b|day\b|week\b|month\b|year\b|night\b|morning\b|other\b|single\b)[a-z]+)/g,
      ". ",
    )
    .replace(/\s+(?=(?:and\s+)?then\s+(?!i\b))/g, ". ")
    .replace(/\s+(?=(?:oh\s+)?(?:and\s+)?(?:also|plus)\s+(?:a|an|the|some|i|we)\b)/g, ". ")
    .replace(
      /\s+(?=(?:and\s+)?(?:i|we)(?:'d| would)?\s+(?:also\s+|really\s+)?(?:want|need|like|love)\s+(?:a|an|to see|to have|some|the)\s+(?:[a-z]+\s+)?(?:calendar|board|kanban|chart|graph|table|total|summary)\b)/g,
      ". ",
    )
    .replace(/\s+(?=(?:and\s+)?(?:show|put|display|give me)\s+(?:them|it|me|all|the|a|an|those|these)\b)/g, ". ")
    .replace(
      /(?<!\b(?:on|in|as|into|onto|with|see|show|want|need|like|love|have|get|put|them|it|all))\s+(?=(?:and\s+)?(?:a|an|some)\s+(?:(?:bar|pie|line|kanban)\s+)?(?:calendar|board|chart|graph|kanban)\b)/g,
      ". ",
    )
    .replace(
      /\s+(?=(?:the\s+)?[a-z]+s\s+(?:should\s+)?(?:have|has|need|needs|get|gets|come with)\s+(?:a|an|the|their|its|name|title|date)\b)/g,
      ". ",
    )
    .replace(/(\. )+/g, ". ")
    .replace(/([.:]),\s*/g, "$1 ");
}

/**
 * Nothing read as a thing to track ("custom cake orders, pickup dates on a calendar", "laptops and
 * who has them"): the first noun phrase is the thing and the rest its properties — a best guess
 * beats a failed build, and the goals say what it was taken as.
 */
function fallback(clauses: string[], ctx: Context) {
  for (const raw of clauses) {
    const c = stripLead(raw).replace(
      /^(?:i|we)(?:'d| would)? (?:just |also |really )?(?:need|want|like|have|track|keep|log|list)\s+(?:to\s+\w+\s+)?/,
      "",
    );
    const m =
      /^(?:(?:a|an|the|my|our|all|some)\s+)?([a-z][a-z' -]*?)(?=\s*(?:,|:|-|\(|\+|&|$)|\s+(?:and|with|by|plus|for|on|in|that|which|who|whose|when|where|we|i|they|including|per|each|along)\b)(.*)$/.exec(
        c,
      );
    if (!m) continue;
    // Greetings and chit-chat are no thing to track ("hello there, how are you").
    if (/^(?:hello|hi|hey|thanks|thank you|good (?:morning|afternoon|evening)|how are you|yes|no|ok|okay|test|testing)\b/.test(m[1]!))
      continue;
    const entity = introduce(m[1]!, ctx);
    if (!entity) continue;
    const rest = m[2]!.replace(/^\s*(?:,|:|-|\+|&|and|with|by|plus|including|along with)\s*/, "").replace(/^(?:their|its|the)\s+/, "the ");
    if (rest)
      readDescription(rest.startsWith("the ") || /^(?:who|what|when|where|which|whether|how)\b/.test(rest) ? rest : `the ${rest}`, ctx);
    return;
  }
}

/** First pass: things the text introduces firmly, so a property naming one becomes a link. */
function declare(clauses: string[], ctx: Context) {
  for (const raw of clauses) {
    const c = stripLead(raw);
    const m =
      new RegExp(
        String.raw`^(?:for\s+)?(?:each|every)\s+([a-z]+(?: [a-z]+){0,2}?)(?:'s|\s+(?:has|have|should|needs?|gets?|records?|i|we|with|can|is|belongs)\b|\s*[:,(])`,
      ).exec(c) ??
      /^([a-z]+(?: [a-z]+)?)\s*(?::|\(|\s-\s)/.exec(c) ??
      /^(?:the\s+)?([a-z]+(?: [a-z]+)?)\s+(?:should (?:also )?have|have|has|need|get|come with)\b/.exec(c);
    if (!m) continue;
    const phrase = entityPhrase(m[1]!);
    if (!phrase) continue;
    if (/^(?:each|every)/.test(c) || isPlural(m[1]!.trim()) || /[:(]/.test(c.slice(m[1]!.length, m[1]!.length + 3)))
      ctx.declared.add(phrase);
  }
  // "several orders", "many visits"
  for (const raw of clauses)
    for (const m of raw.matchAll(/\b(?:many|several|multiple|lots of|a bunch of) ([a-z]+)\b/g)) {
      const p = entityPhrase(m[1]!);
      if (p && isPlural(m[1]!)) ctx.declared.add(p);
    }
}

/**
 * Things only mentioned in passing ("selling tickets for our concerts") go when the text describes
 * others; a thing named inside another's name ("ticket" in "ticket sale") goes with it.
 */
function prune(ctx: Context): Op[] {
  const described = new Set<string>();
  for (const op of ctx.ops) {
    if (op.op === "field" && op.entity) described.add(op.entity);
    if (op.op === "relation") {
      described.add(op.entity);
      described.add(op.ref);
    }
    if (op.op === "view" && op.entity) described.add(op.entity);
  }
  const entities = ctx.ops.filter((o): o is Extract<Op, { op: "entity" }> => o.op === "entity").map((o) => o.entity);
  const drop = new Set<string>();
  for (const e of entities) {
    if (described.has(e) || ctx.editing) continue;
    const others = entities.filter((x) => x !== e && described.has(x));
    if (!others.length) continue;
    if (ctx.tentative.has(e) || others.some((o) => o.includes(e) || e.includes(o))) drop.add(e);
  }
  const kept = ctx.ops.filter((o) => !(o.op === "entity" && drop.has(o.entity)) && !(o.op === "field" && o.entity && drop.has(o.entity)));
  // A property named like a thing the text introduced later ("which product" before "products are their own list") is a link.
  const finalEntities = new Set([...ctx.known].filter((e) => !drop.has(e)));
  return kept.map((o) => {
    if (o.op !== "field" || !o.field.inferred || !o.entity) return o;
    const p = singular(o.field.phrase);
    const ref = [...finalEntities].find((e) => e !== o.entity && (e === p || (e.includes(" ") && e.endsWith(` ${p}`))));
    return ref ? { op: "relation", entity: o.entity, ref, words: o.field.words } : o;
  });
}

function appName(original: string, ctx: Context) {
  const m =
    /\b(?:(?:app|application|tracker|system|database|crm|log|list|book|box|planner|journal|diary|organi[sz]er|manager|thing|tool)\s+(?:called|named|titled)|call it|name it)\s+["“']?([A-Za-z0-9][\w '&-]{0,40}?)["”']?(?=$|[,.;!]| to | for | that | which | with | where )/i.exec(
      original,
    );
  if (m && !/^(?:the|a|an)$/i.test(m[1]!)) ctx.ops.push({ op: "appName", name: m[1]!.trim() });
}
