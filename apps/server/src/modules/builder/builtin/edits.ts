/**
 * Requests that change what exists, in loose words: rename, remove, require, retype, options added
 * or dropped, views, properties and whole new lists, and "add back" what an earlier version had.
 * Words are matched to the app's own fields (resolve.ts), so "the waiver thing" finds the waiver.
 */
import type { FieldType, ViewType } from "@vta/contracts";
import { entityOf, introduce, knownEntity, type Context } from "./context.js";
import { addFields, pushViews } from "./describe.js";
import { optionLabel } from "./fields.js";
import { typeWord } from "./lexicon.js";
import { resolveEntity, resolveField, splitPhrase, stem } from "./resolve.js";
import { NOT_A_THING } from "./vocabulary.js";
import { extractViews } from "./views.js";
import { clean, isPlural, singular, spoken, splitList } from "./words.js";
import { lookup } from "../../../platform/lookup.js";

const VIEW =
  /^(?:the\s+)?(board|kanban(?: board)?|calendar|chart|graph|pie chart|bar chart|line chart|stats|statistics|totals?|summary(?: numbers)?|table)(?:\s+view)?$/;
const VIEW_KIND = lookup<ViewType>({
  kanban: "board",
  "kanban board": "board",
  graph: "chart",
  "pie chart": "chart",
  "bar chart": "chart",
  "line chart": "chart",
  statistics: "stats",
  totals: "stats",
  total: "stats",
  summary: "stats",
  "summary numbers": "stats",
});

/** A loose property phrase: "the waiver thing" → "waiver". */
const bare = (phrase: string) =>
  clean(phrase)
    .replace(
      /\s+(?:thing|part|bit|field|column|box|stuff|section|info|one|altogether|entirely|completely|anymore|any more|too|as well|instead|either|now)$/g,
      "",
    )
    .trim();

/** Requests that change what exists. True when the clause was one. */
export function parseEdit(clause: string, ctx: Context): boolean {
  const c = clause
    .replace(/\s*,\s*(?:the|that|those|it|they|we|i)\b[^,]*$/, (tail) =>
      /\b(?:enough|fine|plenty|handle|covers?|does|do|is|are)\b/.test(tail) ? "" : tail,
    )
    .trim();
  // A new description reads its own clauses; only its take-backs ("scratch the serial number") are edits.
  if (!ctx.editing) return remove(c, ctx);
  return (
    restore(c, ctx) ||
    rename(c, ctx) ||
    ownList(c, ctx) ||
    remove(c, ctx) ||
    require(c, ctx) ||
    retype(c, ctx) ||
    options(c, ctx) ||
    views(c, ctx) ||
    additions(c, ctx)
  );
}

// ---------------------------------------------------------------- add back

function restore(c: string, ctx: Context): boolean {
  const m =
    /^(?:add|put|bring|give (?:me|us))\s+(?:back\s+(?:the\s+)?(.+)|(?:the\s+)?(.+?)\s+back(?:\s+in)?)$|^(?:restore|undo (?:removing|deleting|dropping))\s+(?:the\s+)?(.+)$/.exec(
      c,
    );
  if (!m || !ctx.history.length) return false;
  const phrase = bare(m[1] ?? m[2] ?? m[3]!);
  const tokens = splitPhrase(phrase).tokens;
  const fieldOf = (t: (typeof ctx.history)[number]) => ("field" in t ? t.field : t.entity);
  const matches = ctx.history.filter((t) => {
    const name = spoken(fieldOf(t)).split(" ").map(stem);
    return tokens.length > 0 && tokens.every((w) => name.includes(w));
  });
  const field = matches.find((t) => t.kind === "field");
  if (field && field.kind === "field") {
    const opts = ctx.history
      .filter((t) => t.kind === "option" && t.entity === field.entity && t.field === field.field)
      .map((t) => (t.kind === "option" ? t.option : ""));
    ctx.ops.push({
      op: "field",
      entity: spoken(field.entity),
      field: {
        phrase: spoken(field.field),
        type: field.type,
        inferred: false,
        words: c,
        ...(field.type === "enum" ? { options: opts.length ? opts : ["Yes", "No"] } : {}),
      },
      words: c,
    });
    return true;
  }
  const entity = matches.find((t) => t.kind === "entity");
  if (entity) {
    introduce(spoken(entity.entity), ctx);
    for (const t of ctx.history.filter((x) => x.kind === "field" && x.entity === entity.entity)) {
      if (t.kind === "field")
        ctx.ops.push({
          op: "field",
          entity: spoken(entity.entity),
          field: { phrase: spoken(t.field), type: t.type, inferred: false, words: c },
          words: c,
        });
    }
    return true;
  }
  return false;
}

// ---------------------------------------------------------------- rename

function rename(c: string, ctx: Context): boolean {
  const app =
    /^(?:call|name|title)\s+(?:the\s+|this\s+|my\s+)?(?:app|it|this|application)\s+["']?(.+?)["']?$|^(?:the\s+)?app\s+should\s+be\s+(?:called|named)\s+["']?(.+?)["']?$/.exec(
      c,
    );
  if (app) {
    ctx.ops.push({ op: "appName", name: (app[1] ?? app[2])!.trim(), words: c });
    return true;
  }
  const m =
    /^(?:rename|relabel|change the name of|call)\s+(?:the\s+)?(.+?)\s+(?:to|as|into)\s+["']?(.+?)["']?$/.exec(c) ??
    /^(?:the\s+)?(.+?)\s+should (?:be|get) (?:called|named|renamed(?: to)?)\s+["']?(.+?)["']?$/.exec(c) ??
    /^call\s+(?:the\s+)?(.+?)\s+["']?([a-z][a-z ]*?)["']?\s+instead$/.exec(c) ??
    /^(?:change|switch)\s+(?:the\s+)?(.+?)\s+to\s+(?:be\s+)?(?:called|named)\s+["']?(.+?)["']?$/.exec(c);
  if (!m) return false;
  const from = bare(m[1]!.replace(/\b(?:field|column|entity|table|list)\b/g, ""));
  const to = clean(m[2]!.replace(/\b(?:field|column|entity|table|list)\b/g, "").replace(/\s+instead$/, ""));
  if (!from || !to || typeWord(to.replace(/^(?:an?|just|plain)\s+/, ""))) return false;
  if (/^(?:app|application|it|this)$/.test(from)) {
    ctx.ops.push({ op: "appName", name: m[2]!.trim(), words: c });
    return true;
  }
  const entity = knownEntity(from, ctx);
  if (entity && !ctx.known.has(singular(to)) && !(ctx.spec && resolveField(ctx.spec, from))) {
    ctx.known.delete(entity);
    ctx.known.add(singular(to));
    if (ctx.current === entity) ctx.current = singular(to);
    ctx.ops.push({ op: "rename", entity: null, from: entity, to: singular(to), words: c });
    return true;
  }
  ctx.ops.push({ op: "rename", entity: null, from, to, words: c });
  return true;
}

// ---------------------------------------------------------------- remove

const REMOVE = String.raw`(?:remove|delete|drop|get rid of|take out|take away|take off|hide|eliminate|lose|ditch|scrap|scratch|forget|skip|nix|cut|kill|leave out|no need for|no more|get rid of)`;

function remove(c: string, ctx: Context): boolean {
  const m =
    new RegExp(
      String.raw`^${REMOVE}\s+(?:the\s+|that\s+|those\s+|all\s+(?:the\s+)?)?(.+?)(?:\s+(?:from|on|off|of|in)\s+(?:the\s+|each\s+|every\s+|all\s+|my\s+)?([a-z ]+?))?$`,
    ).exec(c) ??
    /^(?:i|we)\s+(?:don'?t|do not|no longer|won'?t)\s+(?:need|want|use|care about|track|do|offer|sell|have|carry|keep)\s+(?:the\s+|a\s+|an\s+|any\s+)?(.+?)(?:\s+(?:on|for|in)\s+([a-z ]+?))?(?:\s+anymore|\s+any more|\s+any longer)?$/.exec(
      c,
    ) ??
    /^(?:the\s+)?(.+?)\s+(?:isn'?t|is not|aren'?t|are not)\s+(?:needed|necessary|used|a thing|offered|important)\b/.exec(c) ??
    /^(?:let'?s|lets|we can|we should|please)?\s*(?:not|stop|no longer|quit)\s+(?:track|tracking|record|recording|keep|keeping|store|storing|log|logging|ask(?:ing)? for)\s+(?:the\s+|their\s+)?(.+?)(?:\s+anymore)?$/.exec(
      c,
    );
  if (!m) return false;
  // "lose the chart, just keep the total": the removal ends at the comma.
  const what = bare(m[1]!.split(/\s*,\s*/)[0]!.replace(/\s+(?:anymore|any more|any longer|altogether|entirely|completely)$/, ""));
  const from = m[2];
  const view = VIEW.exec(what);
  if (view) {
    const kind = VIEW_KIND[view[1]!] ?? (view[1] as ViewType);
    const named = from ? knownEntity(from, ctx) : null;
    ctx.ops.push({ op: "removeView", entity: named, view: kind, words: c });
    return true;
  }
  // "we don't do tissue samples anymore": a choice someone no longer offers.
  const option = ctx.spec ? optionNamed(what, ctx) : null;
  if (option) {
    ctx.ops.push({ op: "removeOptions", entity: spoken(option.entity), field: spoken(option.field), options: option.options, words: c });
    return true;
  }
  const owner = from ? knownEntity(from, ctx) : null;
  if (from && !owner && !NOT_A_THING.has(clean(from)) && !(ctx.spec && resolveField(ctx.spec, from))) return false;
  for (const item of splitList(what)) {
    const phrase = bare(item);
    if (!phrase) continue;
    const field = ctx.spec ? resolveField(ctx.spec, phrase) : undefined;
    const asEntity = !owner && !field ? knownEntity(phrase, ctx) : null;
    if (asEntity) {
      ctx.known.delete(asEntity);
      ctx.ops.push({ op: "removeEntity", entity: asEntity, words: c });
      if (ctx.current === asEntity) ctx.current = [...ctx.known][0] ?? null;
    } else {
      ctx.ops.push({ op: "removeField", entity: owner ?? null, field: phrase, words: c });
    }
  }
  return true;
}

/** Options of the app's choices that the words name ("tissue samples" → sample.type = tissue). */
function optionNamed(what: string, ctx: Context): { entity: string; field: string; options: string[] } | null {
  const items = splitList(what).map((i) => bare(i));
  for (const e of ctx.spec!.entities) {
    for (const f of e.fields) {
      if (f.type !== "enum" || !f.options) continue;
      const found = items
        .map((i) =>
          f.options!.find((o) => {
            const ow = o.toLowerCase();
            return ow === i || (i.split(" ").map(stem).includes(stem(ow)) && ow.length > 2);
          }),
        )
        .filter((o): o is string => !!o);
      if (found.length === items.length && found.length > 0) return { entity: e.name, field: f.name, options: found };
    }
  }
  return null;
}

// ---------------------------------------------------------------- required

function require(c: string, ctx: Context): boolean {
  // "make the author optional and the title required"
  const both =
    /^make\s+(?:the\s+)?(.+?)\s+(required|optional|mandatory)\s*,?\s+and\s+(?:make\s+)?(?:the\s+)?(.+?)\s+(required|optional|mandatory)$/.exec(
      c,
    );
  if (both) {
    ctx.ops.push({ op: "require", entity: null, field: bare(both[1]!), required: both[2] !== "optional", words: c });
    ctx.ops.push({ op: "require", entity: null, field: bare(both[3]!), required: both[4] !== "optional", words: c });
    return true;
  }
  const m =
    /^make\s+(?:sure\s+)?(?:the\s+)?(.+?)\s+(?:is\s+|are\s+)?(required|mandatory|optional|not required|compulsory)(?:\s+(?:on|for|in)\s+(?:the\s+|each\s+|every\s+)?([a-z ]+))?$/.exec(
      c,
    ) ??
    /^(?:the\s+)?(.+?)\s+(?:should|must|has to|have to|needs to|need to|is|are|will|shall)\s+(?:always\s+)?(?:be\s+)?(required|mandatory|optional|compulsory|filled(?: in| out)?|entered|given|provided|not required)(?:\s+(?:every time|always|for every \w+|for each \w+|on every \w+|too))?$/.exec(
      c,
    ) ??
    /^(?:always\s+)?require\s+(?:a\s+|an\s+|the\s+)?(.+?)(?:\s+(?:on|for)\s+(?:each|every|all)\s+([a-z ]+))?$/.exec(c);
  if (!m) return false;
  const optional = /optional|not required/.test(m[2] ?? "");
  const entity = m[3] ? entityOf(m[3], ctx) : null;
  for (const field of splitList(m[1]!.replace(/\s+(?:field|column)s?$/, "")))
    ctx.ops.push({ op: "require", entity, field: bare(field), required: !optional, words: c });
  return true;
}

// ---------------------------------------------------------------- types

/** "just a plain number", "a big text box", "yes or no", "a dropdown" → the type. */
function typeIn(words: string): FieldType | undefined {
  const w = words
    .trim()
    .replace(
      /^(?:to\s+)?(?:be\s+)?(?:just\s+|only\s+|simply\s+)?(?:an?\s+|the\s+)?(?:plain\s+|simple\s+|regular\s+|normal\s+|big\s+|small\s+|long\s+(?=text)|free\s+|whole\s+)?/,
      "",
    )
    .replace(/\s+(?:instead|field|column|box|value|too|please|now)$/g, "")
    .trim();
  if (
    /^(?:text ?box|text area|paragraph|big text|long text|notes? box|multi-?line(?: text)?|essay)$/.test(w) ||
    /\bbig text box\b/.test(words)
  )
    return "longText";
  if (/^(?:amount|money|dollar amount|price|currency|dollar value|cost|\$)$/.test(w) || /^(?:to be |be )?how much\b/.test(words.trim()))
    return "currency";
  if (/^(?:date and time|date time|datetime|timestamp|date with (?:a |the )?time)$/.test(w)) return "dateTime";
  if (/^(?:yes ?\/ ?no|yes or no|check ?box|tick ?box|toggle|true\/false|boolean|flag|y\/n)$/.test(w)) return "boolean";
  if (/^(?:drop-?down|choice|choices|pick ?list|select|list of options|set of options|multiple choice)$/.test(w)) return "enum";
  return typeWord(w);
}

function retype(c: string, ctx: Context): boolean {
  let m: RegExpExecArray | null;
  // "the next service date should include the time too", "arrival and departure should have a time"
  if (
    (m =
      /^(?:the\s+)?(.+?)\s+(?:should|needs? to|must|has to|have to|could|can)\s+(?:also\s+)?(?:include|have|show|record|store|capture|get)\s+(?:the\s+|a\s+)?(?:time|hour)(?:\s+(?:too|as well|also|of day))?$/.exec(
        c,
      )) ??
    (m = /^(?:add|include|put)\s+(?:the\s+|a\s+)?time\s+(?:to|on|in)\s+(?:the\s+)?(.+?)(?:\s+too)?$/.exec(c))
  ) {
    for (const f of splitList(m[1]!)) ctx.ops.push({ op: "retype", entity: null, field: bare(f), type: "dateTime", words: c });
    return true;
  }
  if (
    (m =
      /^(?:the\s+)?(.+?)\s+(?:should|needs? to|must)\s+(?:just\s+)?be\s+(?:the\s+|a\s+)?date(?: only)?(?:,? no time| without (?:the )?time)?$/.exec(
        c,
      ))
  ) {
    ctx.ops.push({ op: "retype", entity: null, field: bare(m[1]!), type: "date", words: c });
    return true;
  }
  m =
    /^(?:make|change|turn|convert|set|switch)\s+(?:the\s+)?(.+?)\s+(?:field\s+)?(?:into|to be|to|as|so (?:it's|it is))\s+(.+)$/.exec(c) ??
    /^make\s+(?:the\s+)?(.+?)\s+((?:just\s+|only\s+)?(?:an?|the)\s+.+)$/.exec(c) ??
    /^(?:the\s+)?(.+?)\s+should\s+(?:just\s+|only\s+|really\s+)?be\s+(.+)$/.exec(c) ??
    /^(?:the\s+)?(.+?)\s+(?:is|are)\s+(?:really\s+|actually\s+)?(?:just\s+)?(?:an?\s+)(.+?)(?:,?\s+not\s+.+)?$/.exec(c);
  if (!m) return false;
  const target = m[2]!;
  // "make cuisine a dropdown with italian, mexican and other", "make it a choice of kitchen, bedroom or living room"
  const choice =
    /^(?:an?\s+)?(?:drop-?down|choice|select|list|pick ?list|selection|multiple choice|menu)\s*(?:of|with|between|from|:|-|like|listing)?\s+(.+)$/.exec(
      target,
    );
  if (choice && splitList(choice[1]!).length >= 2) {
    ctx.ops.push({ op: "options", entity: null, field: bare(m[1]!), options: splitList(choice[1]!).map(optionLabel), words: c });
    return true;
  }
  // "spicy should be a level instead: mild, medium, hot"
  const listed = /^(?:an?\s+)?([a-z]+(?: [a-z]+)?)(?:\s+instead)?\s*(?::|-|like|with)\s+(.+)$/.exec(target);
  if (listed && splitList(listed[2]!).length >= 2) {
    ctx.ops.push({ op: "options", entity: null, field: bare(m[1]!), options: splitList(listed[2]!).map(optionLabel), words: c });
    return true;
  }
  const type = typeIn(target);
  if (!type) return false;
  const fields = splitList(m[1]!.replace(/^(?:both\s+)/, ""));
  for (const f of fields) ctx.ops.push({ op: "retype", entity: null, field: bare(f), type, words: c });
  return true;
}

// ---------------------------------------------------------------- options

function options(c: string, ctx: Context): boolean {
  let m: RegExpExecArray | null;
  const push = (fieldPhrase: string, list: string) => {
    ctx.ops.push({
      op: "options",
      entity: null,
      field: bare(fieldPhrase),
      options: splitList(list).map(optionLabel).filter(Boolean),
      words: c,
    });
    return true;
  };
  // "add cancelled to the statuses", "add VRBO as a source", "add pet portraits to the kinds of sessions"
  if (
    (m =
      /^(?:add|include|put|allow)\s+["']?(.+?)["']?\s+(?:as\s+(?:an?\s+)?(?:new\s+|possible\s+|another\s+|extra\s+)?|to\s+(?:the\s+)?(?:list of\s+)?|under\s+(?:the\s+)?|in\s+(?:the\s+)?)(.+?)(?:\s+(?:options?|choices?|values?|list|dropdown))?$/.exec(
        c,
      ))
  ) {
    const field = choiceField(m[2]!, ctx);
    if (field) return push(field, m[1]!);
  }
  // "interest level needs a made offer option", "roast level needs a medium-dark option"
  if (
    (m =
      /^(?:the\s+)?(.+?)\s+(?:needs?|should have|gets?|could use|should get)\s+(?:an?\s+|another\s+|one more\s+)?(.+?)\s+(?:option|choice|value)s?(?:\s+too)?$/.exec(
        c,
      ))
  ) {
    if (choiceField(m[1]!, ctx) || !ctx.spec) return push(m[1]!, m[2]!);
  }
  // "add a student plan", "we added a red belt between brown and black": a value, then the choice it belongs to.
  if (
    ctx.spec &&
    (m =
      /^(?:(?:we|i)\s+(?:just\s+|also\s+|now\s+)?)?(?:add|added|got|opened|offer|started|introduced|include|have)\s+(?:a|an|the|another)?\s*(?:new\s+)?([a-z0-9][a-z0-9 -]*?)(?:\s+(?:between|after|before|above|below|next to)\s+.*)?(?:\s+(?:now|too|as well))?$/.exec(
        c,
      ))
  ) {
    const words = m[1]!.split(" ");
    const plain =
      !/\b(?:of|by|for|to|with|on|in|and|per|chart|graph|board|calendar|table|field|column|total|stats)\b/.test(m[1]!) && words.length <= 4;
    for (let k = Math.min(2, words.length - 1); plain && k >= 1; k--) {
      const field = choiceField(words.slice(-k).join(" "), ctx);
      if (field) return push(field, words.slice(0, -k).join(" "));
    }
  }
  // "status can also be on hold", "stage can be new, regular or vip", "the options for size are S, M and L"
  if (
    (m = /^(?:the\s+)?(.+?)\s+(?:can|could|may|should|might)\s+(?:also\s+)?be\s+(?:one of\s+|either\s+)?(.+)$/.exec(c)) &&
    (/\balso\b/.test(c) || splitList(m[2]!).length >= 2)
  )
    return push(m[1]!, m[2]!.replace(/^(?:an?|the)\s+/, ""));
  if ((m = /^(?:the\s+)?(?:options|choices|values)\s+(?:for|of)\s+(?:the\s+)?(.+?)\s+(?:are|should be|could be)\s+(.+)$/.exec(c)))
    return push(m[1]!, m[2]!);
  // "we opened room C", "we got a fourth gym now, the rec center": a new value of a choice.
  if (
    ctx.spec &&
    (m =
      /^(?:we|i)\s+(?:also\s+)?(?:now\s+)?(?:opened|added|got|have|started|offer|sell|carry|do)\s+(?:a\s+new\s+|an?\s+(?:new\s+|\w+th\s+)?|another\s+)?([a-z]+)(?:\s+now)?(?:,\s*(?:the\s+)?|\s+)([a-z0-9][a-z0-9 -]*?)(?:\s+now|\s+too)?$/.exec(
        c,
      ))
  ) {
    const field = choiceField(m[1]!, ctx);
    if (field) return push(field, /^[a-z0-9]$/.test(m[2]!) ? `${m[1]} ${m[2]}` : m[2]!);
  }
  return false;
}

/** The enum field a loose phrase names ("the statuses", "order types", "kinds of sessions"); null when none. */
function choiceField(phrase: string, ctx: Context): string | null {
  const p = bare(phrase).replace(/^(?:kinds?|types?|sorts?) of ([a-z]+)/, "$1 type");
  if (!ctx.spec)
    return /^(?:status|priority|category|type|stage|level|difficulty|severity|size|mood|frequency|kind|source)/.test(p) ? p : null;
  const found = resolveField(ctx.spec, p);
  return found && found.field.type === "enum" ? spoken(found.field.name) : null;
}

// ---------------------------------------------------------------- views

function views(c: string, ctx: Context): boolean {
  // "swap the chart for some summary numbers", "replace the board with a calendar"
  const swap =
    /^(?:swap|replace|switch|change|trade)\s+(?:out\s+)?(?:the\s+)?(board|kanban|calendar|chart|graph|table|stats|totals|summary numbers)\s+(?:for|with|to|into)\s+(.+)$/.exec(
      c,
    );
  if (swap) {
    const { views: found } = extractViews(swap[2]!);
    if (found.length) {
      ctx.ops.push({ op: "removeView", entity: null, view: VIEW_KIND[swap[1]!] ?? (swap[1] as ViewType), words: c });
      pushViews(found, ctx, () => ctx.current);
      return true;
    }
  }
  // "show me open tasks due this week", "a list of unpaid invoices": a saved, filtered list.
  const listed = extractViews(c);
  if (
    listed.views.some((v) => v.where) &&
    /^(?:(?:please |also |and |then )*(?:add|create|make|give me|i want|i need|i'd like|we need|new|save|keep)?)?$/.test(listed.rest)
  ) {
    pushViews(listed.views, ctx, () => ctx.current);
    return true;
  }
  if (!/\b(?:board|kanban|calendar|chart|graph|stats|statistics|totals?|summary|table|spreadsheet)\b/.test(c)) return false;
  if (
    !/^(?:could (?:i|we)|can (?:i|we)|i'd like|i want|we want|i need|we need|let me|show|display|view|see|put|organi[sz]e|arrange|lay out|visuali[sz]e|present|group|plot|chart|add|give me|create|include|make|also|and|just|plus|a |an |the |some )/.test(
      c,
    )
  )
    return false;
  const object =
    /^(?:(?:could|can) (?:i|we) (?:see|have|get)|show|display|view|see|put|organi[sz]e|arrange|lay out|visuali[sz]e|present|group|plot|let me see)\s+(?:all\s+)?(?:the\s+|my\s+|our\s+)?([a-z]+(?: [a-z]+)?)\s+(?:on|in|as|into|by|with|using)\b/.exec(
      c,
    )?.[1];
  const { rest, views: found } = extractViews(c);
  if (!found.length) return false;
  // Only a clause that is all views; anything else is read as a description, which takes its views out itself.
  if (
    rest &&
    !/^(?:(?:could|can) (?:i|we) (?:see|have|get)|show|display|view|see|put|add|give me|create|include|i want|i'd like|we need|i need|let me see|organi[sz]e|arrange|visuali[sz]e|present|group|plot|chart|make|and|also|just|plus)?(?:\s+(?:all\s+)?(?:the\s+|my\s+|our\s+)?(?:them|it|those|these|[a-z]+(?: [a-z]+)?))?(?:\s+(?:please|too|instead|as well|now))?$/.test(
      rest,
    )
  )
    return false;
  pushViews(found, ctx, () => entityOf(object, ctx));
  return true;
}

// ---------------------------------------------------------------- new lists

/**
 * "stores should be their own list with a name and website", "make bed its own list with …",
 * "guests should be their own list with name and email": a new entity; a property of that name
 * elsewhere becomes a link to it.
 */
function ownList(c: string, ctx: Context): boolean {
  const m =
    /^(?:make\s+)?(?:the\s+)?([a-z]+(?: [a-z]+)?)\s+(?:should be|need to be|needs to be|could be|can be|are|is|become)?\s*(?:their|its|a)\s+own\s+(?:list|table|thing|section|entity|page|records?|tab|category)(?:\s*,?\s*(?:with|having|that has|including|:|-)\s*(.+))?$/.exec(
      c,
    ) ??
    /^(?:make|turn)\s+(?:the\s+)?([a-z]+(?: [a-z]+)?)\s+(?:into\s+)?(?:a\s+)?(?:separate|new)\s+(?:list|table|entity)(?:\s*,?\s*(?:with|having|:)\s*(.+))?$/.exec(
      c,
    );
  if (!m) return false;
  const phrase = m[1]!;
  const existing = ctx.spec ? resolveField(ctx.spec, phrase) : undefined;
  const entity = introduce(phrase, ctx);
  if (!entity) return false;
  if (m[2]) addFields(entity, m[2], ctx);
  if (existing && existing.field.type !== "reference") {
    const owner = spoken(existing.entity.name);
    ctx.ops.push({ op: "removeField", entity: owner, field: spoken(existing.field.name), words: c });
    ctx.ops.push({ op: "relation", entity: owner, ref: entity, words: c });
  }
  ctx.current = existing ? spoken(existing.entity.name) : entity;
  return true;
}

// ---------------------------------------------------------------- additions

const ADD = String.raw`(?:add|include|put|attach|track|record|store|log|capture|also track|let (?:me|us|users|people) (?:add|record|store|set|enter|pick|choose|note))`;

function additions(c: string, ctx: Context): boolean {
  let m: RegExpExecArray | null;
  // "add guests for each wedding with their name, email and whether they're coming"
  if (
    (m = new RegExp(
      String.raw`^${ADD}\s+(?:a\s+list\s+of\s+|some\s+)?([a-z]+(?: [a-z]+)?)\s+(?:for|to|on)\s+(?:each|every)\s+([a-z]+(?: [a-z]+)?)\s*,?\s*(?:with|having|including|:|-)\s+(.+)$`,
    ).exec(c)) &&
    isPlural(clean(m[1]!)) &&
    knownEntity(m[2]!, ctx) &&
    !knownEntity(m[1]!, ctx)
  ) {
    const parent = knownEntity(m[2]!, ctx)!;
    const child = introduce(m[1]!, ctx);
    if (!child) return false;
    ctx.ops.push({ op: "relation", entity: child, ref: parent, words: c });
    addFields(child, m[3]!, ctx);
    return true;
  }
  // "add a status for walks, scheduled, done or cancelled": the thing named, then the property with its choices.
  if (
    (m = /^(add|include|put)\s+(.+?)\s+(?:for|to|on)\s+(?:the\s+|each\s+|every\s+|all\s+)?([a-z]+(?: [a-z]+)?)\s*,\s*(.+)$/.exec(c)) &&
    knownEntity(m[3]!, ctx)
  ) {
    addFields(knownEntity(m[3]!, ctx), `${m[2]}, ${m[4]}`, ctx);
    return true;
  }
  // "add a fuel log: every fill-up has the truck, the date, liters and the total cost"
  if (
    (m =
      /^(?:add|create|make|start|set up)\s+(?:a|an)\s+(?:new\s+)?([a-z]+(?: [a-z]+)?)\s*(?::|-|with)\s*(?:(?:each|every)\s+[a-z-]+(?: [a-z]+)?\s+(?:has|have|gets|needs|records)\s+)?(.+)$/.exec(
        c,
      )) &&
    !knownEntity(m[1]!, ctx) &&
    !(ctx.spec && resolveField(ctx.spec, m[1]!)) &&
    /,/.test(m[2]!)
  ) {
    const entity = introduce(m[1]!, ctx);
    if (entity) {
      addFields(entity, m[2]!, ctx);
      return true;
    }
  }
  // "add a website link for each vendor", "add the buyer's email", "add a field for the ref's phone number"
  if (
    (m = new RegExp(
      String.raw`^(?:${ADD}|(?:i|we)\s+(?:also\s+)?(?:need|want)|need|want)\s+(.+?)(?:\s+(?:to|for|on|in|into)\s+(?:each\s+|every\s+|the\s+|all\s+|my\s+|our\s+)?([a-z]+(?: [a-z]+)?))?$`,
    ).exec(c))
  ) {
    const list = m[1]!.replace(
      /^(?:an?\s+|another\s+)?(?:field|column|spot|place|box|section|space|slot|way)\s+(?:for|to (?:put|add|write|enter|track|record|store|say|show|note))\s+/,
      "",
    );
    const target = m[2] ? knownEntity(m[2], ctx) : null;
    if (m[2] && !target && !NOT_A_THING.has(clean(m[2])) && !/^(?:form|app|list|table|everything|this)$/.test(clean(m[2]))) return false;
    const newList =
      /^(?:an?\s+)?(?:new\s+)?(?:(?:entity|table|list|section|page|collection|kind of record)\s+(?:for|of|to track|called|named)\s+)?([a-z]+(?: [a-z]+)?)\s*(?:with|that have|having|including|:|-|\()\s*(.+?)\)?$/.exec(
        list,
      );
    if (!target && newList && isPlural(clean(newList[1]!)) && !knownEntity(newList[1]!, ctx)) {
      const entity = introduce(newList[1]!, ctx);
      addFields(entity, newList[2]!, ctx);
      return true;
    }
    return addOwned(list, target, ctx);
  }
  // "give the menu items a category - mains, sides, drinks, dessert"
  if (
    (m = /^give\s+(?:each\s+|every\s+|the\s+|all\s+|our\s+|my\s+)?([a-z]+(?: [a-z]+)?)\s+(?:an?\s+|the\s+|some\s+)?(.+)$/.exec(c)) &&
    knownEntity(m[1]!, ctx)
  ) {
    addFields(knownEntity(m[1]!, ctx), m[2]!, ctx);
    return true;
  }
  // "walks should also have a price", "can shoots have a yes/no for whether …", "time entries should say if they're billable"
  if (
    (m = /^(?:can|could)\s+(?:the\s+|each\s+|every\s+|all\s+)?([a-z]+(?: [a-z]+)?)\s+(?:have|get|include|show|track|record)\s+(.+)$/.exec(
      c,
    )) ??
    (m =
      /^(?:the\s+|each\s+|every\s+|all\s+)?([a-z]+(?: [a-z]+)?)\s+(?:should|need to|needs to|must|could|can|will)\s+(?:also\s+)?(?:have|get|include|show|track|record|say|store|list|capture|note)\s+(.+)$/.exec(
        c,
      )) ??
    (m =
      /^(?:the\s+|each\s+|every\s+|all\s+)?([a-z]+(?: [a-z]+)?)\s+(?:also\s+)?(?:need|needs|have|has|get|gets)\s+(?:an?\s+|the\s+|their\s+|its\s+|some\s+)?(.+)$/.exec(
        c,
      ))
  ) {
    const target = knownEntity(m[1]!, ctx);
    if (target) {
      addFields(
        target,
        m[2]!.replace(/^(?:an?\s+)?(?:field|column|spot|place|box|yes\/no|checkbox|flag)\s+(?:for|to say|saying)\s+/, (x) =>
          /yes\/no|checkbox|flag/.test(x) ? "whether " : "",
        ),
        ctx,
      );
      return true;
    }
  }
  // "and a tip on each appointment", "a notes field on walks"
  if (
    (m = /^(?:and\s+|also\s+|plus\s+)?(?:an?|the|some)\s+(.+?)\s+(?:on|for|to|in)\s+(?:each|every|all|the)\s+([a-z]+(?: [a-z]+)?)$/.exec(
      c,
    )) &&
    knownEntity(m[2]!, ctx)
  ) {
    addFields(knownEntity(m[2]!, ctx), m[1]!, ctx);
    return true;
  }
  return false;
}

/** "the buyer's email" with a buyer entity → email on buyers; otherwise the property as said, on the target. */
function addOwned(list: string, target: string | null, ctx: Context): boolean {
  const own = /^(?:the\s+|a\s+|an\s+)?([a-z]+)'s?\s+(.+)$/.exec(list);
  const owner = own && ctx.spec ? resolveEntity(ctx.spec, own[1]!) : undefined;
  if (own && owner) {
    addFields(spoken(owner.name), own[2]!, ctx);
    return true;
  }
  if (!list.trim()) return false;
  addFields(target ?? ctx.current, list, ctx);
  return true;
}
