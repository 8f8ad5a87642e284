/**
 * A list of properties as people say them → field drafts: "the patient's name, their phone, which
 * doctor they're seeing, priority high medium or low, whether it's done". Options are found before
 * the list is split (in parentheses, after a colon, "like", "either", slashes, or run in with "or");
 * each item is then named the way an engineer would ("how much I'm charging" → price).
 */
import type { FieldType } from "@vta/contracts";
import { defaultOptions, typeOf } from "./lexicon.js";
import type { FieldDraft } from "./ops.js";
import {
  AGENT_NOUNS,
  CHOICE_HEADS,
  FIELD_PHRASES,
  HEAD_WORDS,
  IRREGULAR_PAST,
  NOT_A_THING,
  PERSON_ROLES,
  STANDALONE_WORDS,
} from "./vocabulary.js";
import { isPlural, singular } from "./words.js";

const DETERMINERS =
  /^(?:the|a|an|their|its|his|her|my|our|your|any|some|each|every|also|just|maybe|probably|optional(?:ly)?|possibly|then|plus|and|or|as well as|with|including|of course|definitely|obviously|even|too|of|another|other|one|both|this|that|those|these)\s+/;

const OPTION_CONNECTOR = String.raw`(?::|-|like|with|such as|e\.?g\.?|either|which (?:is|are|can be|could be)|that (?:is|are|can be|could be)|can be|could be|is either|is one of|one of|of|being|options|choices|values)`;

export interface ListContext {
  /** The entity the list belongs to (its spoken name), so "the order's date" on orders is just "date". */
  entity: string | null;
  /** Entities the text names, so "which doctor" becomes a link when doctors are tracked. */
  entities: Set<string>;
}

export function propertyList(list: string, ctx: ListContext): FieldDraft[] {
  const { text, options } = protectOptions(list);
  const drafts: FieldDraft[] = [];
  const loose = !/[,;]/.test(list);
  for (const raw of splitItems(distributePossessive(text))) {
    let item = raw;
    let opts: string[] | undefined;
    for (const [key, values] of options) {
      if (item.includes(key)) {
        opts = values;
        item = item.replace(key, " ").replace(/\s+/g, " ").trim();
      }
    }
    // "which doctor - it's either dr patel or dr osei -": the choices of the property before.
    const either = /^(?:it'?s |it is |they'?re |they are |can be |could be |usually |always )?(?:either|one of)\s+(.+?\s+or\s+.+)$/.exec(
      item,
    );
    const previous = drafts.at(-1);
    if (either && previous) {
      const found = choices(either[1]!);
      if (found) {
        Object.assign(previous, { type: "enum", options: found, inferred: false });
        delete previous.askOptions;
        continue;
      }
    }
    // "the setlist, just a big text box", "the pay, just a number": the type of the property before.
    const typeOnly =
      /^(?:just |only |simply )?(?:an? |the )?(?:big |small |long |plain |simple |free )?(text ?box|text area|paragraph|long text|number|whole number|date|date and time|yes\/no|yesno|checkbox|dropdown|link|url|email|phone number|dollar amount|amount of money)(?: field| box)?$/.exec(
        item,
      );
    if (
      typeOnly &&
      drafts.length &&
      (/^(?:just|only|simply) /.test(item) || /text ?box|text area|paragraph|checkbox|dropdown|big text/.test(item))
    ) {
      const word = typeOnly[1]!;
      const type: FieldType = /text ?box|text area|paragraph|long text/.test(word)
        ? "longText"
        : /number/.test(word) && !/phone/.test(word)
          ? "number"
          : word === "date"
            ? "date"
            : word === "date and time"
              ? "dateTime"
              : /yes|check/.test(word)
                ? "boolean"
                : word === "dropdown"
                  ? "enum"
                  : /link|url/.test(word)
                    ? "url"
                    : word === "email"
                      ? "email"
                      : /phone/.test(word)
                        ? "phone"
                        : "currency";
      Object.assign(drafts.at(-1)!, { type, inferred: false });
      continue;
    }
    // Asides: "that kind of stuff", "some of them hate that", "we'll figure out overdue ourselves".
    if (
      /\b(?:kind of stuff|stuff like that|and so on|or whatever|or something|that kind of thing|things like that|i don't care|doesn't matter|not sure|no idea|figure (?:it |that )?out|i guess|is better|are better|'s better)\b/.test(
        item,
      )
    )
      continue;
    if (
      /^(?!whether|if|how|which|who|when|where|what|did|do|does|is|are|was|were|has|have|can|could|will|should)\b[a-z' ]*\b(?:i|we|you|they|he|she)(?:'ll|'re|'ve|'d|'m)?\s+(?!(?:in|at|on|for|with|to)\b)[a-z]+/.test(
        item,
      ) &&
      !/^(?:the |a |an |their |its )?[a-z]+(?: [a-z]+)? (?:that|which|who|when|where|once|if) /.test(item)
    )
      continue;
    // Words run together (no commas, or a recognizer's restored ones): "name phone number", "make model year".
    const heads = item.split(" ").filter((w) => HEAD_WORDS.has(w) || STANDALONE_WORDS.has(w)).length;
    for (const piece of loose || heads >= 2 ? runTogether(item) : [item]) {
      const draft = nameProperty(piece, ctx);
      if (!draft) continue;
      if (opts && !(draft.type === "boolean" && opts.every((o) => /^(?:yes|no|y|n)$/.test(o)))) {
        draft.type = "enum";
        draft.options = opts;
        draft.inferred = false;
        delete draft.askOptions;
      }
      drafts.push(draft);
    }
  }
  return drafts;
}

// ---------------------------------------------------------------- options

/** A choice as said: "the", "or", trailing "options"/"too" and punctuation off. */
export const optionLabel = (o: string) =>
  o
    .trim()
    .replace(/^(?:an?|the|or|and)\s+/, "")
    .replace(/\s+(?:options?|choices?|too|as well|now)$/, "")
    .replace(/[?!.]+$/, "")
    .trim();

/** A list of choices: 2+ short items. */
function choices(text: string): string[] | null {
  // "high medium or low": a run without commas is one word a choice; "dr patel or dr osei" is two.
  if (!/[,/|]/.test(text) && /\s(?:or|and)\s/.test(text)) {
    const ors = text.split(/\s+or\s+/);
    if (ors.length > 2 || (ors.length === 2 && ors[0]!.split(" ").length > 1 && ors[1]!.split(" ").length > 1)) text = ors.join(", ");
    else {
      const [head, last] = text.split(/\s+(?:or|and)\s+(?=[^ ]+(?: [^ ]+)?$)/);
      if (head && last && head.split(" ").length <= 6 && head.split(" ").length > 1) text = `${head.split(" ").join(", ")}, ${last}`;
    }
  }
  const items = text
    .replace(/^(?:either|one of|like|such as|(?:we|i)(?:'ve)? (?:got|have))\s+/, "")
    .split(/\s*,\s*(?:and |or )?|\s+or\s+|\s*\/\s*|\s+and\s+(?=\S+$)|\s*\|\s*/)
    .map(optionLabel)
    .filter(Boolean);
  if (items.length < 2 || items.some((i) => i.split(" ").length > 4)) return null;
  return [...new Set(items)];
}

const YES_NO = /^(?:y\/n|yes\/no|yes or no|y or n|true\/false|yes|no)$/;

/** Finds option lists before the list is split on commas; each becomes a placeholder. */
export function protectOptions(raw: string): { text: string; options: Map<string, string[]> } {
  const list = raw
    .replace(/\bdate\s*\/\s*time\b/g, "date and time")
    // "(y/n)", "yes/no", "yes or no": a yes-or-no property, never two choices.
    .replace(/\s*\(?\b(?:y\/n|yes\s*\/\s*no|yes or no)\b\)?/g, " yesno")
    .replace(/\bhow often\b/g, "frequency")
    .replace(/\b(?:what|which) (?:kind|type|sort) of ([a-z]+)/g, "$1 type")
    // "what condition it's in, like good or poor": the property is the noun.
    .replace(/\b(?:what|which) ([a-z]+) (?:it|they|he|she)(?:'s|'re| is| are)?(?: [a-z]+)?(?=\s*,?\s*(?:like|such as|either|:|-)\s)/g, "$1")
    // "what shift they want morning afternoon or evening": the property, then its choices.
    .replace(
      /\b(?:what|which) ([a-z]+) (?:they|you|we|he|she)(?:'d|'re)? (?:want|need|prefer|like|pick|choose|get|have|are in|work|do)\b/g,
      "$1",
    )
    // "a name, like fv1, fv2": examples of a free-text property, not choices.
    .replace(
      /\b(name|title|description|notes|id|number|code|address|email|phone)\s*,?\s*(?:like|such as|e\.?g\.?|for example)\s+[a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*(?=\s*(?:,|$))/g,
      "$1",
    );
  const options = new Map<string, string[]>();
  let n = 0;
  const keep = (items: string[]) => {
    const key = ` optlist${n++}x `;
    options.set(key.trim(), items);
    return key;
  };
  // "(worship, kids, hospitality or tech)", "(y/n)"
  let out = list.replace(/\(([^()]*)\)/g, (whole, inner: string) => {
    const i = inner.trim().replace(/^(?:e\.?g\.?|like|such as|either|one of|options?:?|choices?:?)\s*/, "");
    if (YES_NO.test(i)) return " yesno ";
    const items = choices(i);
    if (items && !items.every((x) => HEAD_WORDS.has(x.split(" ").at(-1)!) && items.length > 2 && /, /.test(i) && !/\bor\b/.test(i)))
      return keep(items);
    // "(in minutes)", "(name)", "(required)" still say something; "(mostly dogs and cats, but we get the odd goat)" is an aside.
    return inner.trim().split(/\s+/).length <= 3 && !/\b(?:i|we|you|they|mostly|usually|but|like)\b/.test(inner) ? ` ${inner} ` : " ";
  });
  // "status: new, preparing, ready or delivered", "a category like starter, main, dessert, drink",
  // "priority high medium or low", "status open/scheduled/fixed". The items are looked at ahead of
  // the head word, so a rejected candidate does not hide the next one.
  const ITEM = String.raw`(?!optlist\d+x|yesno\b)[a-z0-9][a-z0-9'$.-]*(?: (?!optlist\d+x|yesno\b)[a-z0-9][a-z0-9'$.-]*){0,3}`;
  const re = new RegExp(
    String.raw`\b([a-z]+)((?:\s+(?:is|are|will be|should be))?\s*,?\s*(?:${OPTION_CONNECTOR})?\s*:?\s+)(?=(${ITEM}(?:\s*(?:,|\/|\bor\b|,\s*or\b|,\s*and\b|\band\b)\s*${ITEM})+))`,
    "g",
  );
  let m: RegExpExecArray | null;
  while ((m = re.exec(out))) {
    const [, head, connector, items] = m as unknown as [string, string, string, string];
    const from = m.index;
    const to = from + head.length + connector.length + items.length;
    const replace = (text: string) => {
      out = out.slice(0, from) + text + out.slice(to);
      re.lastIndex = from + text.indexOf("x ") + 1;
    };
    re.lastIndex = from + head.length;
    const strong =
      /:|\blike\b|such as|either|one of|can be|could be|which|that|options|choices|values|\bis\b|\bare\b|-/.test(connector) ||
      (/\bwith\b/.test(connector) && CHOICE_HEADS.has(head));
    const slashed = /\//.test(items);
    const hasOr = /\bor\b/.test(items);
    if (YES_NO.test(items.trim())) {
      out = out.slice(0, from) + `${head} yesno` + out.slice(to);
      continue;
    }
    const weak = !strong && !slashed;
    // "the trade, plumber, electrician, drywall, tile": after a choice word, three or more plain values are its choices.
    const listed = weak && CHOICE_HEADS.has(head) && /^\s*,/.test(connector) && items.split(/\s*,\s*/).length >= 3;
    if (weak && !hasOr && !listed) continue;
    if (weak && !CHOICE_HEADS.has(head)) continue;
    // Where the choices end: at "or X" (the last one), or before an item that reads as a property.
    const cut = endOfChoices(items, strong || slashed || hasOr || listed);
    if (!cut) continue;
    const found = choices(cut.choices);
    if (!found || found.length < 2) continue;
    if (found.every((f) => HEAD_WORDS.has(f) || STANDALONE_WORDS.has(f)) && !slashed) continue;
    if (
      weak &&
      found.some((f) => HEAD_WORDS.has(f) || STANDALONE_WORDS.has(f) || /^(?:the|a|an|their|its|whether|how|which|who)\b/.test(f))
    )
      continue;
    replace(`${head}${keep(found)}${cut.rest}`);
  }
  return { text: out, options };
}

/** The choices at the start of `items`, and what follows them (more properties). */
function endOfChoices(items: string, marked: boolean): { choices: string; rest: string } | null {
  const parts = items.split(/(\s*,\s*|\s*\/\s*|\s+or\s+|\s+and\s+)/);
  let taken = "";
  // "S/M/L/XL, add-on": choices written with slashes end at the first comma.
  const slashList = /^\s*\//.test(parts[1] ?? "");
  for (let i = 0; i < parts.length; i += 2) {
    const item = parts[i]!;
    const sep = parts[i - 1] ?? "";
    const rest = parts.slice(i).join("");
    // An item with a determiner, or a property word, starts the properties again.
    const first = item.split(" ")[0]!;
    const propertyLike = (HEAD_WORDS.has(first) || CHOICE_HEADS.has(first)) && (item.includes(" ") || (i >= 4 && !/or/.test(sep)));
    if (
      i > 0 &&
      (/^(?:the|a|an|their|its|his|her|my|our|whether|how|which|who|when|what|if|and|plus|any|some)\b/.test(item) ||
        propertyLike ||
        (slashList && /,/.test(sep)))
    ) {
      return taken ? { choices: taken, rest: `, ${rest.replace(/^\s*(?:,|and|or)\s*/, "")}` } : null;
    }
    if (i > 0 && item.split(" ").length > 3) return taken ? { choices: taken, rest: `, ${rest.replace(/^\s*(?:,|and|or)\s*/, "")}` } : null;
    taken += sep + item;
    if ((/\bor\b/.test(sep) || /^or\s/.test(item)) && marked) {
      const after = parts.slice(i + 1).join("");
      return { choices: taken, rest: after ? `, ${after.replace(/^\s*(?:,|and|or)\s*/, "")}` : "" };
    }
  }
  return taken ? { choices: taken, rest: "" } : null;
}

// ---------------------------------------------------------------- splitting

/** "the buyer's name and email" → "the buyer's name, the buyer's email"; "emergency contact name + phone" likewise. */
function distributePossessive(text: string): string {
  return text
    .replace(/\b([a-z]+'s?) ([a-z]+) (?:and|&|\+) ([a-z]+)\b(?!'| [a-z]+'s)/g, (whole, owner: string, a: string, b: string) =>
      HEAD_WORDS.has(a) && HEAD_WORDS.has(b) ? `${owner} ${a}, ${owner} ${b}` : whole,
    )
    .replace(
      /\b((?:[a-z]+ )?(?:contact|emergency contact|parent|owner|client|customer|guardian)) (name|phone|email|number) ?(?:and|&|\+|\/) ?(name|phone|email|number)\b/g,
      "$1 $2, $1 $3",
    );
}

function splitItems(text: string): string[] {
  return text
    .replace(/\bdate\s*(?:and|&|\/|\+)\s*time\b/g, "date_and_time")
    .replace(/\b(dates?|times?)\s+and\s+(times?|dates?)\b/g, "date_and_time")
    .split(
      /\s*[,;]\s*(?:and\s+|or\s+|plus\s+|also\s+)?|\s+and\s+(?:also\s+)?|\s+plus\s+|\s+as well as\s+|\s+along with\s+|\s*\+\s*|\s+\/\s+|\s*&\s*|\s+-\s+/,
    )
    .map((s) => s.replace(/date_and_time/g, "date and time").trim())
    .filter(Boolean);
}

/**
 * Words run together without commas (a recognizer's text: "plate number make model year"): split
 * at known phrases and head words; a phrase is modifiers then a head.
 */
function runTogether(item: string): string[] {
  const words = item.split(" ");
  if (
    words.length <= 2 ||
    /\b(?:the|a|an|of|to|for|in|on|at|with|whether|how|which|who|when|where|what|if|i|we|they|it|is|are|was|were|has|have|had|did|do|does|from|by|per|out|yes\/no|optlist\d+x)\b|'/.test(
      item,
    )
  )
    return [item];
  // "parents phone number": a known name at the end, qualified by a word or two, is one property.
  const tail = FIELD_PHRASES.find((p) => item.endsWith(` ${p}`) || item === p);
  if (
    tail &&
    item.split(" ").length - tail.split(" ").length <= 2 &&
    !item
      .slice(0, -tail.length)
      .split(" ")
      .some((w) => HEAD_WORDS.has(w) || STANDALONE_WORDS.has(w))
  )
    return [item];
  const phrases: string[] = [];
  let i = 0;
  while (i < words.length) {
    const known = FIELD_PHRASES.filter((p) => words.slice(i, i + p.split(" ").length).join(" ") === p).sort(
      (a, b) => b.length - a.length,
    )[0];
    if (known) {
      phrases.push(known);
      i += known.split(" ").length;
      continue;
    }
    let j = i;
    // Modifiers up to a head; a standalone word is a property on its own.
    while (j < words.length - 1 && j - i < 3 && !STANDALONE_WORDS.has(words[j]!) && !HEAD_WORDS.has(words[j]!)) j++;
    if (!HEAD_WORDS.has(words[j]!) && !STANDALONE_WORDS.has(words[j]!)) j = i;
    phrases.push(words.slice(i, j + 1).join(" "));
    i = j + 1;
  }
  return phrases;
}

// ---------------------------------------------------------------- naming

/** Past tense / participle of a verb: "exercise" → "exercised". */
function pastOf(verb: string): string {
  if (IRREGULAR_PAST[verb]) return IRREGULAR_PAST[verb];
  if (Object.values(IRREGULAR_PAST).includes(verb) || PAST_FORMS.has(verb)) return verb;
  if (/ed$/.test(verb)) return verb;
  if (/e$/.test(verb)) return `${verb}d`;
  if (/[^aeiou]y$/.test(verb)) return `${verb.slice(0, -1)}ied`;
  return `${verb}ed`;
}

/** Past forms that do not end in -ed. */
const PAST_FORMS = new Set([
  "made",
  "sent",
  "paid",
  "got",
  "bought",
  "sold",
  "left",
  "took",
  "gave",
  "found",
  "met",
  "came",
  "went",
  "held",
  "ran",
  "began",
  "spent",
  "lent",
  "built",
  "told",
  "kept",
  "brought",
  "caught",
  "taught",
  "won",
  "lost",
  "read",
  "put",
  "set",
  "cut",
  "hit",
  "shut",
  "fed",
  "grew",
  "drew",
  "flew",
  "wrote",
  "rode",
  "drove",
  "ate",
  "saw",
  "did",
]);

const SUBORDINATE =
  /\s+(?:once|when|whenever|if|after|before|because|since|so that|so|which|that|who|where|while|until|in case|for when|we|i|they|you|it|it's|he|she|there)\b.*$/;
const TAIL =
  /\s+(?:right now|now|currently|at the moment|these days|at the door|at the time|so far|yet|or not|each time|every time|per (?:visit|session|week|day|month)|on it|for it|for them|with it|with them|from them|to them|in there|there|here|too|as well|please|i guess|if any|if needed|if applicable|at all|thing|stuff|info|information|details|field|column|bit|part|box|spot|section|area)$/;

interface Named {
  phrase: string;
  type?: FieldType;
  /** The phrase names a thing the record points at ("which doctor"). */
  pointer?: boolean;
}

/** How people ask for a property, as a name: questions and clauses become nouns. */
function nameClause(item: string, ctx: ListContext): Named | null {
  let m: RegExpExecArray | null;
  // "a flag for whether it has to be refrigerated", "a checkbox for paid"
  item = item.replace(
    /^(?:a |an )?(?:flag|checkbox|check box|tick box|toggle|yes\/no|y\/n|box|field|spot|column)\s+(?:for|if|whether|on|saying|to (?:say|show|mark|tick|check)(?: if| whether)?)(?:\s+whether|\s+if)?\s+/,
    "whether ",
  );
  // "is assigned to one gardener", "belongs to a client": a link, not a yes/no.
  if (
    (m =
      /^(?:is |are |gets? |will be |should be |has been )?(?:assigned to|linked to|belongs? to|tied to|attached to|owned by|done by|run by|led by|taught by|handled by|made by|booked by|booked with|done at|held at|located at|for) (?:an?|one|the|some|a specific|a particular|which) ([a-z]+(?: [a-z]+)?)$/.exec(
        item,
      ))
  ) {
    return { phrase: m[1]!, pointer: true };
  }
  if ((m = /^who (?:it|they|this|that|he|she)(?:'s|'re| is| are| was| were| gets| get)? ([a-z]+)(?: (?:to|by|for|with))?$/.exec(item))) {
    const verb = m[1]!;
    return { phrase: verb === "assigned" ? "assignee" : (AGENT_NOUNS[verb] ?? `${verb.replace(/ed$/, "")}er`), pointer: true };
  }
  if (
    (m =
      /^what (?:it|they|this|that|each one|each)(?:'s|'re| is| are)? (costs?|charges?|pays?|weighs?|sells? for|goes for|rents? for)\b/.exec(
        item,
      ))
  ) {
    const verb = m[1]!;
    return /^weigh/.test(verb)
      ? { phrase: "weight", type: "number" }
      : /^(?:pay)/.test(verb)
        ? { phrase: "pay", type: "currency" }
        : /^(?:sell|go|rent)/.test(verb)
          ? { phrase: "price", type: "currency" }
          : { phrase: "cost", type: "currency" };
  }
  if ((m = /^(?:whether|if|is|are|was|were|did|does|do|has|have|had|can|could|will|should)\s+(?:or not\s+)?(.+)$/.exec(item))) {
    return { phrase: booleanName(m[1]!), type: "boolean" };
  }
  if (
    (m =
      /^how much (?:(?:do|did|does|will|would|are|is|am)\s+)?(?:i|we|they|he|she|it|you|the [a-z]+)?\s*(?:'m|'re|'s|am|are|is)?\s*([a-z]+)?/.exec(
        item,
      ))
  ) {
    const verb = m[1] ?? "";
    if (/\bper hour\b|\ban hour\b|\bhourly\b/.test(item)) return { phrase: "hourly rate", type: "currency" };
    if (/\b(?:getting paid|get paid|gets paid|paid for|earning|making|make|earn)\b/.test(item)) return { phrase: "pay", type: "currency" };
    const noun = /^(?:charg|quot|bill|ask)/.test(verb)
      ? "price"
      : /^(?:cost)/.test(verb)
        ? "cost"
        : /^(?:owe)/.test(verb)
          ? "balance"
          : /^(?:pa(?:id|y))/.test(verb)
            ? "amount paid"
            : /^(?:spen[dt])/.test(verb)
              ? "amount spent"
              : /^(?:earn|made|make)/.test(verb)
                ? "earnings"
                : /^(?:weigh)/.test(verb)
                  ? "weight"
                  : "amount";
    return { phrase: noun, type: noun === "weight" ? "number" : "currency" };
  }
  if ((m = /^how (?:many|much) ([a-z]+(?: [a-z]+)?)?/.exec(item))) {
    const what = m[1] ?? "";
    if (!what || /^(?:are|is|were|was|we|i|they|there|of|do|did|does|have|has|left)\b/.test(what)) {
      const where = /\b(?:in stock|on hand|left|available)\b/.exec(item);
      return { phrase: where ? `quantity ${where[0]}` : "quantity", type: "number" };
    }
    const noun = what.split(" ")[0]!;
    // "how many tickets" on ticket sales is the quantity; "how many guests" is a count of its own.
    if (ctx.entity?.split(" ").some((w) => singular(noun) === w)) return { phrase: "quantity", type: "number" };
    return { phrase: noun === "people" ? "people count" : noun, type: "number" };
  }
  if (/^how (?:i|we|they|he|she|you|it|the \w+) (?:felt|feel|feels|was feeling|were feeling|did|went|go|goes|looked)\b/.test(item))
    return { phrase: "feeling", type: "text" };
  if ((m = /^how (long|often|far|old|big|heavy|tall)\b/.exec(item))) {
    const map: Record<string, [string, FieldType]> = {
      long: ["duration", "duration"],
      often: ["frequency", "text"],
      far: ["distance", "number"],
      old: ["age", "number"],
      big: ["size", "text"],
      heavy: ["weight", "number"],
      tall: ["height", "number"],
    };
    const [phrase, type] = map[m[1]!]!;
    return { phrase, type };
  }
  // "when their next cleaning's due" → next cleaning (a date)
  if (
    (m =
      /^when (?:their|the|its|his|her|my|our|your) ([a-z]+(?: [a-z]+)?)(?:'s| is| are| was)? (?:due|scheduled|coming up|happening|next|planned)\b/.exec(
        item,
      ))
  )
    return { phrase: m[1]!, type: "date" };
  if (
    (m =
      /^when (?:(?:it|they|he|she|the [a-z]+|i|we|you)\s*(?:'s|'re|is|are|was|were|will be|should be)?\s*)?(?:(?:be|get|got)\s+)?([a-z]+)(?: ([a-z]+))?/.exec(
        item,
      ))
  ) {
    const verb = m[1]!;
    if (verb === "due") return { phrase: "due date", type: "date" };
    if (/^(?:start|begin)/.test(verb)) return { phrase: "start date", type: "date" };
    // "when i made the batch" → batch date; "when i last ordered them" → ordered date.
    const object = new RegExp(String.raw`^when (?:[a-z']+\s+){0,3}?${verb}\s+(?:the|a|an|this|that|their|its|my|our)\s+([a-z]+)\b`).exec(
      item,
    )?.[1];
    if (object && !/^(?:it|them|one|thing)$/.test(object)) return { phrase: `${object} date`, type: "date" };
    if (/^(?:end|finish)/.test(verb)) return { phrase: "end date", type: "date" };
    return {
      phrase: `${pastOf(verb.replace(/(?:ed|s)$/, "") === verb ? verb : verb)} date`.replace(/^(\w+?)(?:eded|ed) date$/, "$1ed date"),
      type: "date",
    };
  }
  if (/^what (?:happened|went wrong|was done|they did|we did|it was for|it's for|it is for|it was)\b/.test(item))
    return { phrase: "description", type: "longText" };
  if ((m = /^how (serious|bad|severe|urgent|important|big a deal)\b/.exec(item)))
    return { phrase: m[1] === "important" ? "importance" : m[1] === "urgent" ? "urgency" : "severity", type: "text" };
  if ((m = /^(?:which|what) (?:the |their |his |her |its |my |our |your )?([a-z]+(?: [a-z]+)?)/.exec(item))) {
    const noun = m[1]!.replace(/\s+(?:they|it|he|she|we|i|you|is|are|was|were|the|their|its|his|her)(?:\s.*)?$/, "").replace(/'\w+$/, "");
    return {
      phrase: /^(?:day|sunday|monday|tuesday|wednesday|thursday|friday|saturday|weekend|week)$/.test(noun) ? "date" : noun,
      pointer: true,
    };
  }
  if ((m = /^who(?:'s| is| was)?\s+(?:the\s+)?([a-z]+)(?:\s+(to|by|for))?/.exec(item))) {
    const word = m[1]!;
    if (/^(?:assigned|responsible|in charge)$/.test(word))
      return { phrase: word === "assigned" ? "assignee" : "responsible", pointer: true };
    if (AGENT_NOUNS[word]) return { phrase: AGENT_NOUNS[word], pointer: true };
    if (/ed$/.test(word)) return { phrase: `${word.replace(/ed$/, "")}er`, pointer: true };
    if (/ing$/.test(word)) return { phrase: `${word.replace(/ing$/, "")}er`.replace(/(\w)\1er$/, "$1er"), pointer: true };
    return { phrase: word, pointer: true };
  }
  if ((m = /^where (?:i |we |they |you |it |he |she )?(?:'s |'re |is |are |was |were )?([a-z]+)/.exec(item))) {
    const verb = m[1]!;
    if (/^(?:found|heard|came|come|saw|learned|got)$/.test(verb)) return { phrase: "source", type: "text" };
    return { phrase: "location", type: "text" };
  }
  if ((m = /^what (?:it's|its|it is|they're|theyre|it was) (?:for|about)$/.exec(item))) return { phrase: "description", type: "text" };
  if (/^what (?:happened|went wrong|was done|they did|we did)/.test(item)) return { phrase: "description", type: "longText" };
  return null;
}

/** "they've checked in at the door" → "checked in"; "it has to be refrigerated" → "refrigerated". */
function booleanName(rest: string): string {
  let r = ` ${rest} `
    .replace(/\s(?:or not|yet|already|at all|still|ever|now|so far|actually|really|even|just|currently|gonna|going to|totally)\s/g, " ")
    .replace(/^\s*(?:i|we|they|he|she|it|its|theyre|theyve|you|there|theres)(?:'ve|'re|'s|'d|'ll)?\s/, " ")
    .replace(
      /^\s*(?:the|their|his|her|its|my|our) ([a-z]+(?: [a-z]+)?)(?:'s)?\s+(?=(?:is|are|was|were|has|have|had|got|gets|been)\s+[a-z]+(?:ed|en)\b)/,
      (m, noun: string) => ` ${PERSON_ROLES.has(noun) ? "" : noun} `,
    )
    .replace(/^\s*(?:the|their|his|her|its|my|our) [a-z]+(?: [a-z]+)??(?:'s)?\s/, " ")
    .replace(/^\s*(?:need to|needs to|has to|have to|had to|got to|is going to|are going to|will|would|should|can|could|might|must)\s/, " ")
    .replace(/^\s*(?:have|has|had|is|are|was|were|be|been|did|do|does|got|get|gets|am)\s/, " ")
    .replace(/^\s*(?:have|has|had|be|been|being|got|get)\s/, " ")
    .replace(/^\s*(?:a|an|the)\s/, " ")
    .trim();
  r = r.replace(SUBORDINATE, "").replace(TAIL, "").trim();
  const words = r.split(" ");
  const first = words[0] ?? "";
  // "whether they need a free pass", "whether it has insurance": the thing they need or have.
  const needs =
    /^(?:need|needs|have|has|got|want|wants|require|requires|bring|brings)\s+(?:a |an |the |their |its |any |some )?([a-z]+(?: [a-z]+)?)$/.exec(
      r,
    );
  if (needs && !/^to\b/.test(needs[1]!)) return needs[1]!;
  const needsTo = /^(?:need|needs|have|has|got) to ([a-z]+)/.exec(r);
  if (needsTo) return needsTo[1]!;
  // "did I exercise" → exercised; "whether they rsvp'd" → rsvped
  if (IRREGULAR_PAST[first]) words[0] = IRREGULAR_PAST[first];
  else if (/'d$/.test(first)) words[0] = `${first.replace(/'d$/, "")}ed`;
  else if (!/(?:ed|en|ing)$/.test(first) && words.length <= 3 && isVerbLike(first)) words[0] = pastOf(first);
  // "signed the consent form" → "consent signed"? keep the verb and its particle: "checked in", "showed up".
  const particle = /^(?:in|out|up|off|on|back|over|down)$/.test(words[1] ?? "") ? ` ${words[1]}` : "";
  // "signed the consent form" → "signed": the participle says it; the object often names the record itself.
  return `${words[0]}${particle}`.trim() || rest;
}

const ADJECTIVE_ENDINGS = /(?:able|ible|ful|less|ous|ive|ic|al|ary|ent|ant|y|ed|en)$/;
const VERBS =
  /^(?:exercise|meditate|pay|sign|ship|return|attend|show|confirm|approve|finish|complete|deliver|pick|vaccinate|neuter|spay|book|call|email|text|visit|read|watch|eat|drink|sleep|walk|run|train|practice|study|clean|fix|repair|check|submit|send|receive|post|publish|review|test|inspect|water|feed|prune|harvest|plant|invoice|bill|refund|deposit|enroll|register|rsvp|reply|respond|cancel|book|buy|order|win|lose|pass|fail|stretch|journal|floss|cook|bake)$/;
const isVerbLike = (w: string) => VERBS.test(w) && !ADJECTIVE_ENDINGS.test(w.replace(/e$/, ""));

/** One item of a property list → a draft, or null for words that name nothing. */
function nameProperty(item: string, ctx: ListContext): FieldDraft | null {
  let text = item
    .toLowerCase()
    .replace(/[?!.:]+$/, "")
    .replace(/["“”]/g, "")
    .replace(/\s+/g, " ")
    .trim();
  let forced: FieldType | undefined;
  const required = /\b(?:required|mandatory|must have)\b/.test(text) || undefined;
  text = text.replace(/\s*\b(?:required|mandatory|optional)\b\s*/g, " ").trim();
  if (
    /\byes\/no$|\byesno$|\s(?:y\/n|yes or no|or not|\?|checkbox|check box|tick ?box|toggle|flag)$/.test(text) ||
    /\?$/.test(item.trim())
  ) {
    forced = "boolean";
    text = text.replace(/(?:\s*(?:yes\/no|yesno|y\/n|yes or no|or not|checkbox|check box|tick ?box|toggle|flag))+$/, "").trim();
  }
  if (/\$$|\(\$\)|\bin (?:dollars|euros|pounds|usd|eur|gbp)\b|\$\d/.test(text)) forced ??= "currency";
  if (/%|\bpercent(?:age)?\b/.test(text)) {
    forced ??= "percent";
    text = text.replace(/\s*%\s*/g, " ").trim();
  }
  text = text
    .replace(/\s*\$\d[\d.,]*\s*/g, " ")
    .replace(/\s*\$\s*/g, " ")
    .trim();
  let strip = text;
  let guard = 0;
  while (DETERMINERS.test(`${strip} `) && guard++ < 6) strip = `${strip} `.replace(DETERMINERS, "").trim();
  text = strip;
  if (!text) return null;
  const clause = nameClause(text, ctx);
  if (/^(?:number|count|quantity) of\b/.test(text)) forced ??= "number";
  let phrase: string;
  let pointer = false;
  if (clause) {
    phrase = clause.phrase;
    forced ??= clause.type;
    pointer = !!clause.pointer;
  } else {
    phrase = nounPhrase(text, ctx);
  }
  phrase = phrase.replace(/\s+/g, " ").trim();
  if (!phrase || NOT_A_THING.has(phrase) || phrase.split(" ").length > 5 || /^\d/.test(phrase)) return null;
  const typed = typeOf(
    `${phrase} ${/\b(?:from \d+ to \d+|out of \d+|in (?:minutes|hours|days|kg|lbs?|km|miles|years|months|weeks|ml|oz|grams|g|liters|litres|gallons|inches|cm|feet)|(?:in )?(?:dollars|euros|pounds))\b/.exec(text)?.[0] ?? ""}`.trim(),
  );
  let type = forced ?? (/^day of week$|^(?:week)?day$/.test(phrase) ? "text" : typed.type);
  const inferred = !forced && typed.inferred;
  const draft: FieldDraft = { phrase, type, inferred: inferred || pointer, words: item.trim() };
  // A guess: read from a clause, or most of the words were dropped, or the name still carries a verb or pronoun.
  const said = text.split(" ").length;
  // Also a guess: plain text by default for a name none of whose words is a known property word ("workOil", "sparring").
  const unknownText =
    typed.inferred &&
    !forced &&
    !phrase.split(" ").some((w) => HEAD_WORDS.has(w) || STANDALONE_WORDS.has(w) || HEAD_WORDS.has(singular(w)));
  if (
    (clause && !/^(?:whether|if|is|did|does|do|has|have|how (?:many|much))\b/.test(text)) ||
    said - phrase.split(" ").length >= 3 ||
    /\b(?:it|its|they|them|we|i|you|is|are|was|were|be|been|do|does|did|got|get|gets|make|makes|made)\b/.test(phrase) ||
    unknownText
  )
    draft.unsure = true;
  if (type === "enum") {
    const opts = defaultOptions(phrase);
    if (opts) draft.options = opts;
    else type = draft.type = "text";
  }
  if ((type === "enum" || (type === "text" && inferred)) && CHOICE_HEADS.has(phrase.split(" ").at(-1)!) && !/^(?:name|title)$/.test(phrase))
    draft.askOptions = true;
  if (required) draft.required = true;
  return draft;
}

/** A noun phrase as a name: units, ranges and trailing clauses off, "X of the Y" turned round. */
function nounPhrase(text: string, ctx: ListContext): string {
  let p = text
    .replace(
      /\s+(?:in|as) (?:minutes|mins|hours|hrs|days|weeks|months|years|kg|kgs|lbs?|pounds|km|miles|ml|oz|ounces|grams|g|liters|litres|gallons|inches|cm|feet|ft|dollars|euros|usd|percent|%)\b.*$/,
      "",
    )
    .replace(/\s+(?:from \d+ to \d+|out of \d+|of \d+ to \d+|\d+ to \d+|\d+-\d+)\b.*$/, "")
    .replace(/\s+(?:on a scale|scale of).*$/, "");
  p = p.replace(SUBORDINATE, "").replace(TAIL, "").trim();
  // "one volunteer running it", "notes on where the valve is": the name ends before a participle or a dangling preposition.
  p = p.replace(
    /^(\S+(?: \S+)?) (?!during|morning|evening|evening|spring|ring|string|king|building|ceiling|thing|wedding|bedding|clothing|pudding|parking|housing|shipping|billing|training|meeting|painting|drawing|booking|setting|reading|listing|rating|ending|opening|warning|landing|earning|feeding|timing|pricing|cooking|seating|heating|plumbing|roofing|lighting|flooring|staffing|funding|mileage)([a-z]{2,}ing)(?: (?:it|them|this|that|the \w+|on|at|in|for|with|by)\b.*)$/,
    "$1",
  );
  if (
    !/\b(?:check|sign|drop|pick|move|log|follow|show|turn|hand|set|clock|dropped|picked|checked|signed|moved|logged|clocked|handed|write|wrote|written|add) (?:in|out|up|off|on|over|back)$/.test(
      p,
    )
  )
    p = p.replace(/\s+(?:on|at|in|for|with|to|of|from|by|about|per)$/, "").trim();
  p = p
    .replace(/\bdate\s*(?:and|&|\/|\+)?\s*time\b/g, "date time")
    .replace(/\b(?:the|a|an) (?=[a-z])/g, "")
    .replace(
      /^(date|time|day) (?:that |when )?(?:[a-z']+ ){1,3}?(?:was |were |got |is |are |has been |have been )?([a-z]+ed|made|sent|paid|bought|sold|left|took|gave|found|came|went|held|began|spent|lent|built|kept|brought|won|lost|wrote|drove|ate|saw|did)\b.*$/,
      (m, head: string, verb: string) => `${verb} ${head === "day" ? "date" : head}`,
    );
  p = p
    .replace(/^number of ([a-z]+(?: [a-z]+)?)$/, "$1")
    .replace(/^(?:total |the )?(?:count|amount) of ([a-z]+)$/, (m, x: string) =>
      /^(?:money|cash)$/.test(x) ? "amount" : m.startsWith("amount") ? `${x} amount` : `${x} count`,
    );
  // "type of workout" → "workout type"; "name of the dish" → "dish name"; "description of the problem" → "description".
  const of =
    /^([a-z]+(?: [a-z]+)?) (?:of|for|on) (?:the |a |an |their |its |each |every |those |these |our |my )?([a-z]+(?: [a-z]+)?)$/.exec(p);
  if (/^day of (?:the )?week$/.test(p)) return "day of week";
  if (/^date due(?: back)?$|^due back(?: date)?$/.test(p)) return "due date";
  if (of && !/^(?:day of (?:the )?week|date of birth|hours of sleep|place of birth|length of stay|proof of \w+|cost of \w+)$/.test(p)) {
    const [, head, tail] = of;
    const lastHead = head!.split(" ").at(-1)!;
    if (/^(?:description|notes?|summary|details|comments?|explanation)$/.test(lastHead)) p = head!;
    else if (/^(?:it|them|this|that|original|thing)$/.test(tail!)) p = head!;
    else if (HEAD_WORDS.has(lastHead) || /^(?:link|photo|picture|copy|proof)$/.test(lastHead)) p = `${tail} ${head}`;
  }
  p = p.replace(/^(?:link|url) to (?:the |their |a )?([a-z]+)$/, "$1 link");
  // "phone number" is a phone, "email address" an email.
  p = p
    .replace(/\b(?:phone|telephone|mobile|cell|cell phone|contact) numbers?$/, "phone")
    .replace(/\be-?mail(?: address(?:es)?)?$/, "email")
    .replace(/\b(?:website|web site|web) (?:address|url|link)$/, "website");
  // "the patient's name": a role's property keeps the role; the entity's own name does not.
  p = p.replace(/^([a-z]+(?: [a-z]+)?)'s? ([a-z].*)$/, (m, owner: string, rest: string) => {
    const o = singular(owner);
    if (ctx.entity && (o === ctx.entity || ctx.entity.endsWith(` ${o}`))) return rest;
    return PERSON_ROLES.has(o) || o.split(" ").length === 1 ? `${o} ${rest}` : rest;
  });
  p = p.replace(/'s\b/g, "").replace(/'/g, "");
  // "pickup dates", "phone numbers": a property holds one.
  p = p.replace(
    /\b(dates|times|days|numbers|names|prices|costs|amounts|addresses|emails|phones|titles|types|sizes|colors|colours|links|photos|locations|statuses|levels|ratings|scores|fees|totals)$/,
    (w) => singular(w),
  );
  // A recognizer drops the apostrophe: "customers name" is the customer's name.
  p = p.replace(/^([a-z]+s) ([a-z]+)$/, (m, owner: string, head: string) =>
    (HEAD_WORDS.has(head) || HEAD_WORDS.has(singular(head))) && isPlural(owner) && !/ss$/.test(owner) ? `${singular(owner)} ${head}` : m,
  );
  // The entity's own name in front of a property adds nothing ("slip returned" on slips), unless it qualifies a head ("order date").
  if (ctx.entity) {
    const e = ctx.entity.split(" ").at(-1)!;
    const rest = p.replace(new RegExp(`^${e}s? `), "");
    if (rest !== p && !HEAD_WORDS.has(rest.split(" ").at(-1)!)) p = rest;
  }
  return p.replace(/\s+/g, " ").trim();
}
