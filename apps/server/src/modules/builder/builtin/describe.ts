/**
 * One clause of a description → things to track, their properties, links between them and views.
 * A clause is read by its shape, not by a sentence template: find where the thing is named (after a
 * keeping verb, "each", a heading with a colon or a dash, a subject that "has"), take what follows
 * as its properties, and let the property list reader name them.
 */
import { entityPhrase, introduce, knownEntity, type Context } from "./context.js";
import { propertyList } from "./fields.js";
import { HEAD_WORDS, KEEP_VERBS, NOT_A_THING, SITUATION_NOUNS, STANDALONE_WORDS } from "./vocabulary.js";
import { extractViews, type ViewRequest } from "./views.js";
import { clean, isPlural, singular } from "./words.js";

/** What follows a heading is itself a thing with properties ("…: items with a description") or a list of things. */
function restIsFrame(rest: string, ctx: Context): boolean {
  if (/^(?:for\s+)?(?:each|every)\s+[a-z]+(?: [a-z]+)?(?:'s|\s+(?:has|have|should|needs?|gets?|with|is|i|we))\b/.test(rest)) return true;
  const m = /^(?:(?:the|my|our|all)\s+)?([a-z]+(?: [a-z]+)?)\s+(?:with|that have|having|including|which have|and (?:their|its))\b/.exec(
    rest,
  );
  if (m && isPlural(clean(m[1]!))) return true;
  const items = rest.split(/\s*,\s*(?:and\s+)?|\s+and\s+/).filter(Boolean);
  return (
    items.length >= 2 &&
    items.every((i) => i.split(" ").length <= 3 && isPlural(clean(i)) && !HEAD_WORDS.has(clean(i).split(" ").at(-1)!)) &&
    !!ctx
  );
}

/** Adds fields to an entity; a property that names an entity becomes a link to it. */
export function addFields(entity: string | null, list: string, ctx: Context) {
  const target = entity ?? ctx.current;
  for (const field of propertyList(list, { entity: target, entities: ctx.known })) {
    if (target && field.inferred && singular(field.phrase) === target) continue;
    const named = field.inferred ? linkTarget(field.phrase, target, ctx) : null;
    if (target && named) {
      ctx.tentative.delete(named);
      ctx.ops.push({ op: "relation", entity: target, ref: named, words: field.words });
      continue;
    }
    ctx.ops.push({ op: "field", entity: target, field });
  }
}

/** The entity a property's name points at: "the owner", "which unit", "client" (when clients are tracked). */
function linkTarget(phrase: string, self: string | null, ctx: Context): string | null {
  const p = singular(phrase);
  for (const k of [...ctx.known, ...ctx.declared]) {
    if (k === self) continue;
    if (
      k === p ||
      (k.split(" ").length > 1 && k.endsWith(` ${p}`)) ||
      (p.endsWith(` ${k}`) && !/ (?:name|email|phone|date|number|id)$/.test(p))
    )
      return k;
  }
  return null;
}

/** View requests → view operations on the entity they name (or the one in hand). */
export function pushViews(requests: ViewRequest[], ctx: Context, fallback: () => string | null) {
  for (const r of requests) {
    const named = r.of ? knownEntity(r.of, ctx) : null;
    const measureEntity = r.view === "chart" && r.measure ? knownEntity(r.measure, ctx) : null;
    let entity = named ?? measureEntity ?? fallback();
    let measure = measureEntity
      ? undefined
      : r.measure?.replace(/\b(?:total|sum of|sum|average|avg|number of|count of|sold|spent|made|earned)\b/g, "").trim() || undefined;
    // "a chart of sleep over time": the measure is a property of the entity in hand, not an entity.
    if (measure && NOT_A_THING.has(measure)) measure = undefined;
    if (!named && r.by) {
      // "a board by status" with several entities: the one that has a status, else the one in hand.
      entity = entityWithField(r.by, ctx) ?? entity;
    }
    if (r.options && r.by && entity)
      ctx.ops.push({
        op: "field",
        entity,
        field: { phrase: clean(r.by), type: "enum", inferred: false, options: r.options, words: r.words },
      });
    ctx.ops.push({
      op: "view",
      entity,
      view: r.view,
      by: r.by,
      measure,
      chart: r.chart,
      overTime: r.overTime,
      where: r.where,
      words: r.words,
    });
  }
}

/** The entity whose fields (asked for so far) include one named like `phrase`. */
function entityWithField(phrase: string, ctx: Context): string | null {
  const p = clean(phrase);
  for (let i = ctx.ops.length - 1; i >= 0; i--) {
    const op = ctx.ops[i]!;
    if (op.op === "field" && op.entity && (op.field.phrase === p || op.field.phrase.endsWith(` ${p}`))) return op.entity;
  }
  return null;
}

// ---------------------------------------------------------------- clause shapes

const QUANTIFIER = String.raw`(?:for\s+)?(?:each|every|any|a single)`;
const HAS = String.raw`(?:should (?:also )?(?:have|include|track|store|show|list|record|get)|must (?:also )?have|will (?:also )?have|can (?:also )?have|would have|needs? to (?:have|show|include|track|record)|has to have|have to have|(?:also )?(?:has|have|had|gets?|needs?|includes?|contains?|records?|says|lists|tracks|holds|carries|comes with|requires?|shows)|with|including|having)`;
const WANT = String.raw`(?:(?:i|we|you)(?:'d| would)? (?:just |also |really |only |probably )?(?:(?:need|want|like|have|wanna|gotta|gonna|got) (?:to )?)?(?:need|want|like|love|track|record|keep|log|store|note|put(?: in)?|enter|write down|jot down|have|care about|know|see|capture|save|wanna|gotta)(?: to (?:track|record|know|see|keep|log|store|note|have|put(?: in)?|enter|capture|save|write down))?(?: down)?)`;
/** A keeping verb where it reads as a verb: at the start, or after "to", "I", "can", "and"… ("punch list items" has no verb). */
const KEEP = new RegExp(
  String.raw`(?:^|\b(?:to|i|we|you|and|can|could|will|'ll|please|me|us|also|just|would|should|for|of|app|tool|something|way|place|where i|where we|then|wanna|gonna|gotta|like)\s+)(?:${KEEP_VERBS})\b`,
);

/** "for each visit I want", "every surgery has", "each student's": the thing, and the rest of the clause. */
function quantified(c: string): { entity: string; rest: string } | null {
  const m = new RegExp(
    String.raw`^(?:(?:and|then|also|plus|so)\s+)?${QUANTIFIER}\s+(?:one\s+of\s+(?:the|my|our|those|these)\s+)?([a-z][a-z ]*?)(?:'s?\s+|,?\s+(?:${WANT}|${HAS})\s*:?\s*|\s*[:,(-]\s*|,?\s+and\s+(?=(?:the|a|an|their|its|his|her|whether|how|which|who|when|where|what)\b)|\s+(?=(?:the|a|an|their|its|his|her|whether|how|which|who|when|where|what)\b))(.+)$`,
  ).exec(c);
  if (!m) return null;
  const words = m[1]!.split(" ");
  if (words.length > 4) return null;
  return { entity: m[1]!, rest: m[2]! };
}

/** "Owner: name, phone", "tenants (name, phone)", "a daily habit log - date, …", "clients have name…". */
function headed(clause: string, ctx: Context): { entity: string; rest: string; firm: boolean } | null {
  const c = clause.replace(
    new RegExp(String.raw`^${WANT}\s+(?:(?:a list of|a log of|a record of|to track|to keep track of|to log|to list)\s+)?`),
    "",
  );
  const heading =
    /^(?:(?:and|then|also|plus|so|and then|oh and)\s+)?(?:(?:the|my|our|a|an)\s+)?([a-z][a-z' ]{0,40}?)\s*(:|\(|\s-\s|-\s)\s*(.+?)$/.exec(
      c,
    );
  // "write down every expense: …" is a keeping verb's object, not a heading.
  if (
    heading &&
    heading[1]!.split(" ").length <= 5 &&
    !KEEP.test(heading[1]!) &&
    !/\b(?:i|we|you|is|are|was|need|want|have|has|like|track|keep)\b/.test(heading[1]!)
  ) {
    const [, name, mark, after] = heading as unknown as [string, string, string, string];
    // "tenants (name, phone)": the closing parenthesis goes with the opening one.
    const rest = mark === "(" ? after.replace(/\)\s*$/, "") : after;
    // "plumbing back office: customers, properties and jobs" — the heading names the app; the rest are the things.
    if (entityList(`things: ${rest}`, ctx)) return { entity: "", rest: "", firm: false };
    // "a recommendation: accept, maybe, reject" is a choice of the thing in hand.
    const items = rest.split(/\s*,\s*(?:or\s+|and\s+)?|\s+or\s+/).filter(Boolean);
    // "the status: scheduled, checked in, done, or no-show": a word that names a choice heads its options, even one
    // that could be a property of its own ("done").
    const choice = /\b(?:status|stage|state|type|kind|category|priority|level|size|mood|condition|source|method|tier|outcome)$/.test(
      clean(name),
    );
    if (
      ctx.current &&
      items.length >= 2 &&
      items.every((i) => i.split(" ").length <= 2 && !HEAD_WORDS.has(i.split(" ").at(-1)!) && (choice || !STANDALONE_WORDS.has(i))) &&
      !isPlural(clean(name))
    )
      return null;
    // "elementary school library: students borrow books and …" is a sentence, not a list.
    if (!/\b(?:i|we|you|they)\b/.test(rest) || /,/.test(rest)) return { entity: name, rest, firm: true };
  }
  let m: RegExpExecArray | null;
  // "clients have a name and phone", "instructors just need name and rank", "an employee has a name, a department and an email"
  m = new RegExp(
    String.raw`^(?:(?:and|then|also|plus|so|and then|oh and)\s+)?(?:(the|my|our|all|a|an)\s+)?([a-z][a-z ]{0,40}?)\s+(?:just\s+|also\s+|only\s+|really\s+|all\s+|both\s+)?(?:${HAS})\s*:?\s+(.+)$`,
  ).exec(c);
  if (m) {
    const [, article, said, rest] = m as unknown as [string, string | undefined, string, string];
    // "punch list items for each project with a description": the thing, and what it belongs to (readShape links them).
    const subject = said.replace(/\s+for\s+(?:each|every)\s+[a-z]+(?: [a-z]+)?$/, "");
    const words = subject.split(" ");
    const named = isPlural(clean(subject)) || knownEntity(subject, ctx) || ctx.declared.has(entityPhrase(subject) ?? "");
    const introduced = /^an?$/.test(article ?? "") && !HEAD_WORDS.has(words.at(-1)!) && /,|\band\b/.test(rest) && looksLikeProperties(rest);
    if (
      words.length <= 4 &&
      !KEEP.test(subject) &&
      !/\b(?:i|we|you|they|it|he|she|there|this|that|which|who|everyone|everything|people|someone|for|to|of|in|on|at|just|really|also|and|or|but|so|because|if|when)\b/.test(
        subject,
      ) &&
      (named || introduced)
    ) {
      return { entity: said, rest, firm: true };
    }
  }
  // "the walks too, which dog, the date and whether they paid": a plural thing, then its list.
  m = /^(?:(?:the|my|our|all)\s+)?([a-z]+(?: [a-z]+)??)(?:\s+too|\s+as well|\s+also)?\s*,\s*(.+)$/.exec(c);
  if (
    m &&
    isPlural(clean(m[1]!)) &&
    !HEAD_WORDS.has(singular(clean(m[1]!)).split(" ").at(-1)!) &&
    !STANDALONE_WORDS.has(singular(clean(m[1]!))) &&
    /,| and /.test(m[2]!)
  )
    return { entity: m[1]!, rest: m[2]!, firm: true };
  // "a customer is a contractor company: company name, billing email and a credit limit"
  m =
    /^(?:a|an|each|every|the)\s+([a-z]+(?: [a-z]+)?)\s+(?:is|are)\s+(?:usually\s+|always\s+|mostly\s+)?(?:a|an)\s+[a-z ]+?\s*(?::|-)\s*(.+)$/.exec(
      c,
    );
  if (m && isEntityLike(m[1]!, ctx)) return { entity: m[1]!, rest: m[2]!, firm: true };
  // "products are their own list with a name and a price"
  m =
    /^(?:(?:the|my|our)\s+)?([a-z][a-z ]{0,30}?)\s+(?:are|is|should be|get|need|deserve)\s+(?:their|its|a)\s+own\s+(?:list|table|thing|section|entity|page|record|records|tab)(?:\s*,?\s*(?:with|:|-|that has|having|including)\s*(.+))?$/.exec(
      c,
    );
  if (m) return { entity: m[1]!, rest: m[2] ?? "", firm: true };
  // "For customers I just need name and phone", "for the dogs: name, breed"
  m = new RegExp(
    String.raw`^for\s+(?:the\s+|my\s+|our\s+|all\s+)?([a-z][a-z ]{0,30}?)\s*(?:,|:|-)?\s+(?:${WANT}|${HAS})?\s*:?\s*(.+)$`,
  ).exec(c);
  if (m && (isPlural(clean(m[1]!)) || knownEntity(m[1]!, ctx))) return { entity: m[1]!, rest: m[2]!, firm: true };
  return null;
}

/** "track my books with a title", "a list of volunteers for Sunday services with their name", "an app for job applications". */
function kept(c: string): { entity: string; rest: string | null } | null {
  // "I keep forgetting to pay my bills": "keep" before a verb in -ing keeps nothing.
  const verb = [...c.matchAll(new RegExp(KEEP.source, "g"))].find(
    (v) => !/^\s+[a-z]+ing\b/.test(c.slice(v.index + v[0].length)) || !/keep(?:ing)?$/.test(v[0]),
  );
  let after: string | null = null;
  if (verb) after = c.slice(verb.index + verb[0].length);
  else {
    const m =
      /\b(?:app|application|tracker|system|database|tool|something|thing|way|place|log|list|spreadsheet|crm|planner|manager|catalog(?:ue)?|directory|record|records|inventory|registry|portal)\s+(?:just |only |simply |mainly |mostly )?(?:for|of|to hold|about|with all|that (?:tracks|manages|lists|stores|keeps|holds)|where i can (?:put in|enter|add|see|keep))\s+(.+)$/.exec(
        c,
      ) ??
      // "one place where every order lives"
      /\b(?:place|spot|app|something|one place)\s+where\s+((?:every|each|all (?:the|my|our)?)\s+[a-z]+(?: [a-z]+)?)\s+(?:lives?|goes?|is|are|can live|sits?|is kept|are kept)\b(.*)$/.exec(
        c,
      );
    if (m) after = m[1]!;
  }
  if (after === null) return null;
  after = after
    .replace(/^\s*,\s*/, " ")
    .trim()
    .replace(/^(?:of|on|in|down|up|for|about|over)\s+/, "")
    .replace(/^(?:(?:all|each|every|my|our|the|a|an|some|their|his|her|any|of|all the|all my|all our|both)\s+)+/, "");
  // The object ends at a preposition or clause; what follows "with", ":", "-", "(" is its list.
  const split =
    /^(.+?)(?:\s*(?:,\s*)?(?:\bwith\b|\bincluding\b|\bthat (?:have|has|include)\b|\bwhich (?:have|has)\b|\bhaving\b|\beach with\b|\beach having\b|\bwhere each (?:one )?has\b|:|\s-\s|\(|\blike\b|,)\s*)(.+)$/.exec(
      after,
    );
  const head = (split ? split[1]! : after).replace(
    /\s+(?:for|at|in|on|from|that|which|who|where|so|to|by|during|when|while|because|since|across|over|every|each|per|i|we|you|they|as|if|like|around|into|through|is|are|was|were|will|would|can|could|should|and (?:their|its|the)|'s|'re|'ve|'d)\b.*$/,
    "",
  );
  return { entity: head, rest: split ? split[2]! : null };
}

/** "dogs and their owners": both are things; the owner side is linked. */
function ownedPair(c: string, ctx: Context): boolean {
  const m =
    /(?:^|\b(?:of|track|manage|keep|log|list|about|for|with)\s+)(?:(?:my|our|the|all)\s+)?((?!of\b|track\b)[a-z]+(?: [a-z]+)?)\s+and\s+(?:their|its|the)\s+([a-z]+(?: [a-z]+)?)(?=$|[,.;:]|\s+(?:with|and|so|who|that|for|in)\b)/.exec(
      c,
    );
  if (!m || !isPlural(clean(m[1]!))) return false;
  const a = introduce(m[1]!, ctx, false);
  const b = introduce(m[2]!, ctx, false);
  if (!a || !b || a === b) return false;
  // "dogs and their owners": each dog has an owner. "customers and their orders": each order has a customer.
  const ownerSide = /^(?:owner|parent|guardian|family|household|landlord|manager|company|employer|vendor|supplier|doctor|vet)$/.test(
    b.split(" ").at(-1)!,
  );
  ctx.ops.push(ownerSide ? { op: "relation", entity: a, ref: b, words: m[0] } : { op: "relation", entity: b, ref: a, words: m[0] });
  ctx.current = a;
  return true;
}

/** "each truck is assigned to a driver", "a purchase order is for one product from one supplier", "a pet can have lots of visits". */
function relation(c: string, ctx: Context): boolean {
  let m =
    /^(?:(?:and|also|then|so|plus)\s+)?(?:each|every|an?|one|the|any)?\s*((?!i\b|we\b|you\b|it\b|they\b)[a-z]+(?: [a-z]+){0,2}?)\s+(?:belongs to|is (?:assigned|linked|tied|attached|connected|related) to|goes (?:to|with)|is for|is part of|is under|references|refers to|is done (?:by|for)|is made by|is run by|is led by|is owned by|has one|comes from|is from)\s+(?:an?\s+|one\s+|the\s+|some\s+|a specific\s+|a particular\s+)?([a-z]+(?: [a-z]+)?)(?:\s+(?:and|from|to|with|by)\s+(?:an?\s+|one\s+|the\s+)?([a-z]+(?: [a-z]+)?))?(?:,?\s+(?:and\s+)?(?:with|has|have|and has|and have|including)\s+(.+))?$/.exec(
      c,
    );
  if (m) {
    const entity = introduce(m[1]!, ctx);
    if (!entity) return false;
    for (const phrase of [m[2], m[3]]) {
      if (!phrase) continue;
      const ref = knownEntity(phrase, ctx) ?? introduce(phrase, ctx, false);
      if (ref && ref !== entity) ctx.ops.push({ op: "relation", entity, ref, words: c });
    }
    ctx.current = entity;
    if (m[4]) addFields(entity, m[4], ctx);
    return true;
  }
  // "a session is always one tutor with one student, at a date and time", "a checkout is one device going to one employee, with …"
  m =
    /^(?:a|an|each|every|the)\s+([a-z]+(?: [a-z]+)?)\s+(?:is|means)\s+(?:always\s+|usually\s+|basically\s+|just\s+|simply\s+)?(?:one|a|an)\s+([a-z]+(?: [a-z]+)??)\s+(?:[a-z]+ing\s+)?(?:with|to|for|and|at|from|plus)\s+(?:one|a|an|a single)\s+([a-z]+(?: [a-z]+)?)\s*(?:,\s*(.*))?$/.exec(
      c,
    );
  if (m && isEntityLike(m[2]!, ctx) && isEntityLike(m[3]!, ctx)) {
    const entity = introduce(m[1]!, ctx);
    if (!entity) return false;
    for (const phrase of [m[2]!, m[3]!]) {
      const ref = knownEntity(phrase, ctx) ?? introduce(phrase, ctx);
      if (ref && ref !== entity) ctx.ops.push({ op: "relation", entity, ref, words: c });
    }
    moreLinks(entity, m[4] ?? "", ctx);
    return true;
  }
  // "each property is listed by one agent and has …", "jobs happen at a property, with a date", "a loan links a student to a book".
  m =
    /^(?:(?:and|also|then|so|plus)\s+)?(?:each|every|an?|one|the|any|all)?\s*((?!i\b|we\b|you\b|it\b|they\b)[a-z]+(?: [a-z]+)??)\s+(?:is |are |gets? |can be |will be |must be |should be )?(?:[a-z]+(?:ed|en|s)?\s+)?(?:by|to|at|for|from|with|under|in|on|through|via|out of|into|toward|towards|onto|under)\s+(?:an?|one|the|some|a single|a specific|its|their|one of (?:the|those|these|our|my|its|their))\s+([a-z]+(?: [a-z]+)?)(.*)$/.exec(
      c,
    );
  if (m && isEntityLike(m[1]!, ctx) && isEntityLike(m[2]!, ctx)) {
    const entity = introduce(m[1]!, ctx);
    const ref = knownEntity(m[2]!, ctx) ?? introduce(m[2]!, ctx);
    if (entity && ref && entity !== ref) {
      ctx.ops.push({ op: "relation", entity, ref, words: c });
      ctx.current = entity;
      // "made by one filmmaker (name, email, country)": the properties of the thing linked to.
      const own = /^\s*\(([^)]*)\)(.*)$/.exec(m[3]!);
      if (own) addFields(ref, own[1]!, ctx);
      moreLinks(entity, own ? own[2]! : m[3]!, ctx);
      return true;
    }
  }
  m =
    /^(?:(?:and|also|then|so|plus)\s+)?(?:each|every|an?|one|the|any)?\s*([a-z]+(?: [a-z]+)??)\s+(?:links?|ties|connects|pairs|matches|joins|assigns|puts)\s+(?:an?|one|the)\s+([a-z]+(?: [a-z]+)?)\s+(?:to|and|with)\s+(?:an?|one|the)\s+(?:piece of\s+)?([a-z]+(?: [a-z]+)?)(.*)$/.exec(
      c,
    );
  if (m) {
    const entity = introduce(m[1]!, ctx);
    if (!entity) return false;
    for (const phrase of [m[2]!, m[3]!]) {
      const ref = knownEntity(phrase, ctx) ?? introduce(phrase, ctx, false);
      if (ref && ref !== entity) ctx.ops.push({ op: "relation", entity, ref, words: c });
    }
    ctx.current = entity;
    moreLinks(entity, m[4]!, ctx);
    return true;
  }
  m =
    /^(?:(?:and|also|then|so|plus)\s+)?(?:each|every|an?|one|the|any)?\s*([a-z]+(?: [a-z]+)??)\s+(?:can |could |may |might |will |usually |often |typically |sometimes )?(?:have|has|gets?|get|with|owns?|runs?|manages?|holds?|books?|takes?|makes?|places?|buys?|sells?|hosts?|includes?|contains?|teaches|attends?|schedules?)\s+(?:many|several|multiple|lots of|a lot of|a bunch of|a few|one or more|any number of|a list of|plenty of|various|a couple of|more than one|some|a set of|a number of)\s+([a-z]+(?: [a-z]+)?)(?:\s*\([^)]*\))?(?:\s*,?\s*(?:and )?(?:each|every)\s+(?:one\s+)?(?:with|has|having)\s+(.+))?(?:\s+(?:assigned|attached|linked|added|on|in|for|to|at|per)\b.*)?$/.exec(
      c,
    );
  if (
    m &&
    /^(?:have|has|gets?|get|with|can|could|may|might|will)/.test(c.slice(c.indexOf(m[1]!) + m[1]!.length).trim()) === false &&
    !isEntityLike(m[1]!, ctx)
  )
    m = null;
  if (m) {
    const parent = introduce(m[1]!, ctx);
    const child = introduce(m[2]!, ctx);
    if (parent && child && parent !== child) ctx.ops.push({ op: "relation", entity: child, ref: parent, words: c });
    if (child && m[3]) addFields(child, m[3], ctx);
    else ctx.current = parent;
    return !!parent;
  }
  return false;
}

/** A phrase that names a thing the text tracks (or a plural that could be one). */
function isEntityLike(phrase: string, ctx: Context): boolean {
  const p = entityPhrase(phrase);
  if (!p) return false;
  return ctx.known.has(p) || ctx.declared.has(p) || !!knownEntity(p, ctx);
}

/** What follows a link: more links ("done by an agent") and properties ("with a date and the client's name"). */
function moreLinks(entity: string, rest: string, ctx: Context) {
  let r = rest.replace(/^\s*,?\s*/, "");
  for (let guard = 0; guard < 4 && r; guard++) {
    const link =
      /^(?:and\s+)?(?:is\s+|are\s+)?(?:[a-z]+(?:ed|en|s)?\s+)?(?:by|to|at|for|from|with|under|in|on|into|out of|toward|towards|onto)\s+(?:an?|one|the|some|a specific)\s+([a-z]+(?: [a-z]+)?)\s*(?:,\s*|$)(.*)$/.exec(
        r,
      );
    if (link && isEntityLike(link[1]!, ctx)) {
      const ref = knownEntity(link[1]!, ctx) ?? introduce(link[1]!, ctx);
      if (ref && ref !== entity) ctx.ops.push({ op: "relation", entity, ref, words: link[0] });
      ctx.current = entity;
      r = link[2]!.trim();
      continue;
    }
    break;
  }
  const list = r.replace(/^(?:and\s+)?(?:with|has|have|having|including|and has|and have|plus)\s+/, "");
  if (list) addFields(entity, list, ctx);
  ctx.current = entity;
}

/** "status can be open, closed or won", "the options for size are small, medium and large". */
function choiceStatement(c: string, ctx: Context): boolean {
  const m =
    /^(?:the\s+|a\s+|its\s+|their\s+|each\s+)?([a-z]+(?: [a-z]+)?)\s+(?:can be|could be|should be|must be|may be|is either|is one of|are either|are one of|options are|choices are|values are)\s+(?:either\s+|one of\s+)?(.+)$/.exec(
      c,
    ) ??
    // "priority is, like, low, normal, urgent"
    /^(?:the\s+)?([a-z]+)\s+(?:is|are),?\s+((?:[a-z0-9]+(?: [a-z0-9]+)?,\s*){2,}(?:or\s+|and\s+)?[a-z0-9]+(?: [a-z0-9]+)?)$/.exec(c) ??
    /^(?:the\s+)?(?:options|choices|values)\s+(?:for|of)\s+(?:the\s+)?([a-z]+(?: [a-z]+)?)\s+(?:are|should be|could be)\s+(.+)$/.exec(c);
  if (!m || !ctx.current) return false;
  const items = m[2]!
    .split(/\s*,\s*(?:or\s+|and\s+)?|\s+or\s+|\s*\/\s*/)
    .map((o) => o.trim().replace(/^(?:an?|the)\s+/, ""))
    .filter(Boolean);
  if (items.length < 2 || items.some((i) => i.split(" ").length > 3)) return false;
  ctx.ops.push({ op: "options", entity: null, field: clean(m[1]!), options: items, words: c });
  return true;
}

/** "we've got 3 kinds of things: products, suppliers, and purchase orders", "there are customers, orders and order lines". */
function entityList(c: string, ctx: Context): boolean {
  const m =
    /^(?:(?:there are|there's|we have|we've got|i have|i've got|we got|it has|it's got|the app has|it needs|i need|we need|i want|we want)\s+)?(?:(?:\d+|two|three|four|five|a few|several|the)\s+)?(?:main\s+|different\s+|separate\s+)?(?:kinds|types|sorts|lists|things|parts|sections|pieces|tables|categories)(?: of (?:things|stuff|records|data|lists|info))?(?:\s+(?:at|in|for|on|to|we|i)\b[a-z' ]*?)?\s*(?::|-|,)\s*(.+)$/.exec(
      c,
    ) ??
    /^(?:an?\s+|my\s+|our\s+)?(?:[a-z]+\s+){0,2}(?:app|application|crm|system|tool|tracker|database|platform|planner|manager|portal|hub)\s+(?:with|for|of|to (?:track|manage|hold|keep))\s+(.+)$/.exec(
      c,
    ) ??
    /^(?:for\s+[a-z' ]+?\s+)?(?:there are|there's|we have|we've got|i have|i've got|we need|i need|we want|i want|we track|i track|i need to track|we need to track|i want to track|we want to track|i need to keep track of|we need to keep track of|we keep track of|we need to keep|we deal with|it's about|it has|track|keep track of|manage|juggle)\s+(.+)$/.exec(
      c,
    );
  const bare = !m && /^[a-z]+(?: [a-z]+)?(?:,\s*[a-z]+(?: [a-z]+)?)*,?\s+and\s+[a-z]+(?: [a-z]+)?$/.test(c) ? c : null;
  if (!m && !bare) return false;
  const items = (m ? m[1]! : bare!)
    .replace(/\s+(?:between them|for them|for each|in between|and so on)$/, "")
    .split(/\s*,\s*(?:and\s+)?|\s+and\s+/)
    .map((s) => s.trim().replace(/^(?:the|our|my|all (?:the|our)?)\s+/, ""))
    .filter(Boolean);
  // "customers, equipment, and rentals": plural nouns (or ones that have no plural), most of them.
  const thingy = (i: string) =>
    i.split(" ").length <= 3 &&
    (isPlural(clean(i)) ||
      /^(?:equipment|staff|inventory|gear|stock|merch|merchandise|furniture|luggage|mail|software|hardware|livestock|produce|clothing)$/.test(
        clean(i),
      ));
  if (
    items.length < 2 ||
    items.filter(thingy).length < Math.max(2, items.length - (bare ? 0 : 1)) ||
    items.some((i) =>
      /^(?:name|date|time|phone|email|address|price|cost|amount|total|status|type|note|notes|description|title|quantity|size|color|rating|day|hour|minute)$/.test(
        singular(clean(i)),
      ),
    )
  )
    return false;
  let first: string | null = null;
  for (const item of items) {
    const e = introduce(item, ctx);
    if (e) ctx.declared.add(e);
    first ??= e;
  }
  ctx.current = first;
  return true;
}

/** Words that start a clause about the speaker, not about the app: "I'm a contractor", "my sister's getting married". */
const SITUATION =
  /^(?:i'?m|i am|we'?re|we are|i work|we work|i run|we run|i own|we own|i teach|i do|i have been|we have been|i've been|we've been|my (?:wife|husband|sister|brother|mom|dad|friend|boss|partner)|this is|it's for|it is for|hi|hello|hey|thanks|thank you|please|i'?m not|not sure|no idea|honestly|the thing is|the problem is|right now|currently|at the moment)\b/;

/** A description clause → operations. */
export function readDescription(clause: string, ctx: Context) {
  const { rest, views } = extractViews(clause);
  const c = stripLead(rest);
  if (c && !(SITUATION.test(c) && !KEEP.test(c) && !/\b(?:need|want)\b/.test(c))) readShape(c, ctx);
  pushViews(views, ctx, () => ctx.current);
}

function readShape(clause: string, ctx: Context) {
  let c = clause;
  if (relation(c, ctx) || entityList(c, ctx) || ownedPair(c, ctx) || choiceStatement(c, ctx)) return;
  const q = quantified(c.replace(new RegExp(String.raw`^(?:so\s+)?${WANT}\s+(?=(?:for\s+)?(?:each|every)\b)`), ""));
  if (q) {
    // "each one should have …": the thing in hand.
    const entity = /^(?:one|of them)$/.test(q.entity.trim()) && ctx.current ? ctx.current : introduce(q.entity, ctx);
    if (entity) {
      relationFor(q.entity, ctx, entity);
      addFields(entity, q.rest, ctx);
      return;
    }
  }
  const h = headed(c, ctx);
  if (h && !h.entity) return;
  if (h?.rest && restIsFrame(h.rest, ctx)) {
    if (!entityList(`things: ${h.rest}`, ctx)) readShape(h.rest, ctx);
    return;
  }
  if (h) {
    const entity = introduce(h.entity, ctx, h.firm);
    if (entity) {
      relationFor(h.entity, ctx, entity);
      addFields(entity, h.rest, ctx);
      return;
    }
    // "inventory app for a bakery: ingredients with a name, …": the heading names the app; read what follows.
    if (h.rest && h.rest !== c) return readShape(h.rest, ctx);
  }
  const k = kept(c);
  // "i wanna log which machine, the customer, …" after the topic was named: properties of the thing in hand.
  // "… i put in the vegetable, the date, how many pounds": a singular object followed by a list is the first property.
  const intoCurrent =
    k &&
    ctx.current &&
    k.rest &&
    /\b(?:put in|enter|write down|jot down|note down|record|log|add)\s+(?:the\s+|their\s+)?[a-z]+(?: [a-z]+)?\s*,/.test(c) &&
    !isPlural(clean(k.entity));
  if (
    k &&
    ctx.current &&
    (intoCurrent || (/^(?:which|what|whether|how|who|when|where|the [a-z]+'s?)\b/.test(k.entity) && (k.rest || /,/.test(c))))
  ) {
    addFields(ctx.current, c.slice(c.indexOf(k.entity)), ctx);
    return;
  }
  if (k?.rest && restIsFrame(k.rest, ctx)) {
    if (!entityList(`things: ${k.rest}`, ctx)) readShape(k.rest, ctx);
    return;
  }
  // "track books and members": several things at once.
  if (k && !k.rest && /,| and /.test(k.entity) && entityList(`things: ${k.entity}`, ctx)) return;
  if (k) {
    const forEach = /\s+for (?:each|every|a|the) ([a-z]+(?: [a-z]+)?)/.exec(
      c.slice(c.indexOf(k.entity) + k.entity.length, c.indexOf(k.entity) + k.entity.length + 40),
    );
    const weak = !k.rest;
    const entity = weak && SITUATION_NOUNS.has(entityPhrase(k.entity) ?? "") ? null : introduce(k.entity, ctx, !weak);
    if (entity) {
      if (forEach) {
        const parent = knownEntity(forEach[1]!, ctx);
        if (parent && parent !== entity) ctx.ops.push({ op: "relation", entity, ref: parent, words: forEach[0] });
      }
      if (k.rest) addFields(entity, k.rest, ctx);
      return;
    }
  }
  // A bare title ("recipe box", "fleet tracker", "job hunt tracker") names the app; its noun may be the thing.
  const title =
    /^(?:(?:a|an|my|our|the)\s+)?([a-z][a-z ]{0,30}?)\s+(?:app|tracker|log|logbook|box|book|list|planner|manager|organi[sz]er|database|crm|system|journal|diary|catalog|binder|sheet|spreadsheet|board|hub|portal)$/.exec(
      c,
    );
  if (title && !SITUATION_NOUNS.has(entityPhrase(title[1]!) ?? "")) {
    introduce(title[1]!, ctx, false);
    return;
  }
  // A list of properties for the thing in hand ("the address, the client, start date", "i want the student's name, the week").
  c = c.replace(
    new RegExp(String.raw`^(?:so\s+)?${WANT}\s+(?=(?:the|their|a|an|his|her|its|whether|how|which|what|who|when|where)\b)`),
    "",
  );
  if (ctx.current && !SITUATION.test(c) && looksLikeProperties(c)) {
    const fields = propertyList(c, { entity: ctx.current, entities: ctx.known });
    if (fields.length >= 2 || /^(?:the|a|an|their|its|whether|how|which|who|when|also)\b/.test(c)) addFields(ctx.current, c, ctx);
    return;
  }
  // No thing yet: a run of plural nouns or properties opens one.
  if (!ctx.current && isPlural(clean(c.split(/[,(:-]/)[0]!)) && c.split(" ").length <= 4) introduce(c, ctx, false);
}

/**
 * A clause that reads as properties of the thing in hand rather than a remark about the world
 * ("right now it's a shared sheet and people overwrite each other" is not a list of fields): most
 * of its items are noun phrases or property questions, none opens with someone doing something.
 */
function looksLikeProperties(c: string): boolean {
  if (
    /^(?:it'?s|it is|there'?s|there are|that'?s|this is|these are|people|everyone|everybody|nobody|somebody|someone|(?:i|we|you|they|he|she)(?:'re|'ve|'ll|'d|'m)?\s+(?!need|want|'d like|would like|also need|also want)[a-z]+)\b/.test(
      c,
    )
  )
    return false;
  const items = c.split(/\s*[,;]\s*(?:and\s+)?|\s+and\s+/).filter(Boolean);
  const nounish = items.filter(
    (i) =>
      /^(?:the|a|an|their|its|his|her|my|our|any|some|whether|how|which|who|when|where|what|if|did|is|are|does|do)\b/.test(i) ||
      (i.split(" ").length <= 3 &&
        !/\b(?:i|we|you|they|he|she|it|is|are|was|were|be|been|have|has|had|do|does|did|will|would|can|could|should|get|gets|got|go|goes|went|keep|keeps|use|uses|love|hate|know|think|make|makes)\b/.test(
          i,
        )),
  );
  return nounish.length >= Math.ceil(items.length * 0.6);
}

/** "punch list items for each project": the first thing belongs to the second. */
function relationFor(phrase: string, ctx: Context, entity: string) {
  const m = / for (?:each|every|a|the) ([a-z]+(?: [a-z]+)?)$/.exec(phrase);
  const parent = m ? knownEntity(m[1]!, ctx) : null;
  if (parent && parent !== entity) ctx.ops.push({ op: "relation", entity, ref: parent, words: phrase });
}

/** Openings that carry nothing: "so", "and then", "i'd love", "can you make me". */
export function stripLead(clause: string): string {
  // "when something comes back broken, I wanna log …": the opening condition says nothing to build.
  let c = clause
    .trim()
    .replace(/^[-*•\s]+/, "")
    .replace(
      /^(?:when|whenever|if|once|after|any time|anytime|every time|each time)\b.*?,?\s*(?=(?:i|we)\s+(?:wanna|want|need|'d like|would like|have to|gotta|log|track|keep|record|write|put|enter|jot|note)\b)/,
      "",
    );
  let before;
  do {
    before = c;
    c = c
      .replace(
        /^(?:ok(?:ay)?|so|now|also|and|then|please|hey|hi|great|cool|actually|oh|well|finally|lastly|next|just|plus|but|anyway|basically|alright|right|yes|yeah|no|like|um|uh|here's (?:what|the thing)|here goes|for now|basically)\b[,:]?\s*/,
        "",
      )
      .replace(
        /^(?:what (?:i|we)(?:'d| would)? (?:really |actually |most )?(?:love|like|want|need)(?: most)? is|all (?:i|we) (?:really )?(?:need|want) is)\s+/,
        "",
      )
      .replace(
        /^(?:can you|could you|would you|will you|i'?d like (?:you )?to|i would like (?:you )?to|let'?s|i want (?:you )?to|we want to|i need (?:you )?to|we need to|i wish to|go ahead and|help me|please)\s+/,
        "",
      )
      .replace(
        /^(?:make|build|create|give|set up|put together|whip up|design|get)\s+(?:(?:me|us)\s+|(?=(?:an?|some)\s+(?:[a-z]+\s+){0,3}(?:app|application|tracker|system|tool|database|crm|log|list|planner|manager|spreadsheet|thing|place|way)\b))/,
        "",
      )
      .replace(/\s+(?:please|too|as well|thanks|thank you|i guess|i think|if possible|if you can|lol|haha)$/, "");
  } while (c !== before);
  return c.trim();
}
