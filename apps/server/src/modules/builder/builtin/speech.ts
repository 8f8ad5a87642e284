/**
 * How people talk, made plain before it is read: fillers and false starts out, corrections
 * applied ("actually no, make that …", "scratch that"), numbers and money said in words made
 * digits. Works the same on typed text and on a recognizer's lowercase run without punctuation.
 */
import { lookup } from "../../../platform/lookup.js";

const ONES = lookup<number>({
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
});
const TENS = lookup<number>({ twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 });
const SCALES = lookup<number>({ hundred: 100, thousand: 1000, million: 1_000_000 });
const NUMBER_WORD = new RegExp(
  String.raw`\b(?:${[...Object.keys(ONES), ...Object.keys(TENS), ...Object.keys(SCALES)].join("|")}|a hundred|a thousand)(?:[ -](?:(?<=(?:hundred|thousand|million) )and )?(?:${[...Object.keys(ONES), ...Object.keys(TENS), ...Object.keys(SCALES)].join("|")}))*\b`,
  "g",
);

/** "two hundred and fifty" → 250; null when the words are not one number. */
export function wordsToNumber(words: string): number | null {
  let total = 0;
  let current = 0;
  let seen = false;
  for (const w of words.replace(/^a /, "one ").split(/[ -]+/)) {
    if (w === "and") continue;
    if (w in ONES) current += ONES[w]!;
    else if (w in TENS) current += TENS[w]!;
    else if (w in SCALES) {
      const scale = SCALES[w]!;
      if (scale === 100) current = (current || 1) * 100;
      else {
        total += (current || 1) * scale;
        current = 0;
      }
    } else return null;
    seen = true;
  }
  return seen ? total + current : null;
}

/** Numbers and money in words → digits ("fifty dollars" → "$50", "one to five" → "1 to 5"). */
function spokenNumbers(text: string): string {
  // "one" alone is a pronoun as often as a number ("each one", "which one"): keep it unless a range or unit follows.
  return text
    .replace(NUMBER_WORD, (words, offset: number, whole: string) => {
      const after = whole.slice(offset + words.length);
      const before = whole.slice(0, offset);
      if (
        /^(?:one|a hundred|a thousand)$/.test(words) &&
        !/^ (?:to|through|out of|dollars?|bucks|euros?|pounds?|hundred|thousand|or two)\b/.test(after) &&
        !/\bbetween\s*$/.test(before)
      )
        return words;
      const n = wordsToNumber(words);
      return n === null ? words : String(n);
    })
    .replace(
      /\b(\d+(?:\.\d+)?) (?:dollars?|bucks|usd)(?: and (\d+) cents?)?\b/g,
      (_, d: string, c?: string) => `$${d}${c ? `.${c.padStart(2, "0")}` : ""}`,
    )
    .replace(/\b(\d+) (?:euros?|eur)\b/g, "€$1")
    .replace(/\b(\d+) (?:pounds? sterling|quid)\b/g, "£$1");
}

/** Sounds and hedges that carry nothing (the "like" of "like an app", not of "like red or blue"). */
const FILLERS = [
  /\b(?:u+h+m*|u+m+|e+r+m*|hmm+|mm+|ah+)\b,?/g,
  /\b(?:you know|i guess|i suppose|i think|i mean|sort of|kind of|kinda|basically|honestly|literally|obviously|anyway|anyways|like i said|let me think|let's see|okay so|ok so|yeah so|so yeah|yeah|yep|alright|all right|right so)\b,?/g,
  /(?:^|(?<=[.;!?] ))(?:(?:so|okay|ok|well|hi|hey|hello|oh|right|and so|wait(?!,? no\b)|oh wait(?!,? no\b)|also wait|also(?=,))\b,?\s*)+/g,
  /(?<=, )(?:(?:so|okay|ok|oh|and so|oh wait(?!,? no\b))\b,?\s*)+/g,
];

/** A spoken correction: what follows replaces the phrase just before it. */
const CORRECTION =
  /(?:,?\s*|\b)(?:(?<=, )no,\s+(?=(?:the|what|which|their|a|an|just|make)\b)|(?:actually,? )?make (?:that|it)(?: just)?|actually,? no(?!,? (?:not|scratch|skip|never|forget))|no,? actually|no wait|wait,? no(?!,? (?:not|scratch|skip|never|forget))|sorry,? (?:i mean|no)|or rather|no no|i mean,? no|change that to|instead of that)\b,?\s*/;

/** "a rating from 1 to 5 actually make that 1 to 10" → "a rating from 1 to 10". */
function applyCorrections(text: string): string {
  let out = text;
  for (let guard = 0; guard < 10; guard++) {
    const m = CORRECTION.exec(out);
    if (!m) break;
    const before = out.slice(0, m.index);
    // "two-eighty - no wait, it's three hundred now": what it is now, without "it's".
    const after = out.slice(m.index + m[0].length).replace(/^(?:it's|it is|that's|that is|it was|make it)\s+/, "");
    const replacement = after.split(/(?<=[.;!?])\s|,\s|\s-\s/)[0]!.trim();
    // "a deposit amount. actually no deposit, we stopped doing them": the thing said again after "no" is taken back.
    const again = /\bno\W*$/.test(m[0]) && replacement.split(" ").length <= 2 && new RegExp(`\\b${replacement}\\b`).test(before);
    if (again) {
      const at = before.lastIndexOf(replacement);
      const start = Math.max(...[",", ".", ":", ";", "("].map((c) => before.lastIndexOf(c, at)));
      const end = at + Math.max(0, before.slice(at).search(/[,.;)]|$/));
      out = `${before.slice(0, start + 1)}${before.slice(end)}${after.replace(/^[^.;]*[.;]?/, "")}`;
      continue;
    }
    out = `${replacePhrase(before, replacement)}${after}`;
  }
  // "scratch that" / "never mind that" / "forget that": the last list item or clause is gone.
  return out
    .replace(/,?\s*(?:scratch that|never ?mind(?: that)?|forget that|strike that|ignore that|cancel that)\b[.,]?/g, (m, offset: number) => {
      return m.startsWith(",") || offset === 0 ? "" : "\u00a4";
    })
    .replace(/(?:^|[,.;]\s*)[^,.;\u00a4]*\u00a4/g, "");
}

/** The words of `before` that `replacement` stands for: the same head word, else the last few words. */
function replacePhrase(before: string, replacement: string): string {
  const head = replacement.split(" ")[0] ?? "";
  const idx = head ? before.lastIndexOf(` ${head}`) : -1;
  if (idx >= 0 && before.length - idx < 60) return `${before.slice(0, idx)} `;
  // "from 1 to 5 … 1 to 10": the same shape (digits) replaces the last numbers.
  if (/^\$?\d/.test(replacement)) {
    const num = /\$?\d[\d.,]*(?:\s+(?:to|through|-)\s+\$?\d[\d.,]*)?\s*$/.exec(before);
    if (num) return before.slice(0, num.index);
  }
  const words = before.trimEnd().split(" ");
  // A long replacement is a new clause, not the words it stands for: a few words go, never the sentence.
  const n = Math.min(words.length, 3, Math.max(1, replacement.split(" ").length));
  return `${words.slice(0, words.length - n).join(" ")} `;
}

/**
 * "what it cost, actually no, scratch the cost, I don't care about that": the named property is
 * taken out of what came before, and the retraction with it.
 */
function applyRetractions(text: string): string {
  let out = text;
  // "never mind that part": the last thing said goes.
  out = out.replace(
    /(?:^|[.;])([^.;]*)[.;]\s*(?:(?:wait|actually|oh|no|hmm)[,\s]+)*[^.;]*?\b(?:never ?mind|forget|scratch|skip|ignore)\s+(?:that|it|this|those)(?: part| one| bit| thing| last (?:bit|part|one))?\b[^.;]*(?=[.;]|$)/,
    (m, prev: string) => (m.startsWith(".") || m.startsWith(";") ? "." : "") + (prev.trim() ? "" : ""),
  );
  const re =
    /(?:^|[,.;]\s*|\s)(?:(?:actually|wait|oh|no|sorry|hmm)[,\s]+)*(?:scratch|never ?mind|forget(?! to)|skip|drop|nix|leave out|lose|not|no need for|don't need|we don't need|i don't need|don't bother with|don't worry about|get rid of)\s+(?:the |that |my |our |a |an |their )?([a-z][a-z'-]*(?: [a-z][a-z'-]*)?)(?:\s+(?:part|thing|bit|field|one|either|too))?(?=\s*(?:[,.;]|$))[^.;]*?(?=[.;]|$)/;
  for (let guard = 0; guard < 6; guard++) {
    const m = re.exec(out);
    if (!m) break;
    const what = m[1]!.replace(/^(?:the|a|an)\s+/, "");
    const before = out.slice(0, m.index);
    const head = what.split(" ").at(-1)!;
    const at = before.lastIndexOf(head);
    if (at < 0) break;
    // The item holding it: from the separator before it to the one after.
    const start = Math.max(
      before.lastIndexOf(",", at),
      before.lastIndexOf(".", at),
      before.lastIndexOf(":", at),
      before.lastIndexOf(";", at),
      before.lastIndexOf("(", at),
    );
    const endRel = before.slice(at).search(/[,.;)]/);
    const end = endRel < 0 ? before.length : at + endRel;
    out = `${before.slice(0, start + 1)}${before.slice(end)}${out.slice(m.index + m[0].length)}`;
  }
  return out
    .replace(/,\s*,/g, ",")
    .replace(/\(\s*,\s*/g, "(")
    .replace(/,\s*\)/g, ")");
}

/** "the the", "a a", "i need i need an app": a stutter or false start said twice. */
function dropRepeats(text: string): string {
  // "whether they've, whether they said yes": a false start said again.
  let out = text.replace(/\b(whether|if|i|we|so|which|what|how)\s+[^,.;\s]+(?:\s[^,.;\s]+)?,\s+\1\s+/g, "$1 ");
  out = out.replace(/\b(\w+(?:'\w+)?)(?:,?\s+\1\b)+/g, "$1");
  out = out.replace(/\b(\w+ \w+(?: \w+)?)\s+\1\b/g, "$1");
  return out;
}

/** Shorthand of notes-style lists, spelled out. */
const SHORTHAND: [RegExp, string][] = [
  [/\b(?:qty|qnty)\b\.?/g, "quantity"],
  [/\best\.(?=\s)/g, "estimated"],
  [/\b(?:amt)\b\.?/g, "amount"],
  [/\b(?:pls|plz)\b/g, "please"],
  [/\b(?:mins?)\b\.?(?=\s*[),;|/]|$)/g, "minutes"],
  [/\b(?:hrs?)\b\.?(?=\s*[),;|/]|$)/g, "hours"],
  [/\bno\.(?=\s*\d)/g, "number"],
  [/\bw\/(?=\s)/g, "with"],
  [/\bw\/o\b/g, "without"],
  [/\bdesc\b\.?/g, "description"],
  [/\baddr\b\.?/g, "address"],
  [/\btel\b\.?/g, "phone"],
  [/\bappts?\b\.?/g, "appointment"],
  [/\byrs?\b\.?(?=\s*[),;|/]|$)/g, "years"],
  [/\bapprox\b\.?/g, "approximate"],
  [/\binfo\b/g, "information"],
  [/\bvs\.?\b/g, "versus"],
  [/\s*#(?=\s*[),;|/:]|\s|$)/g, " number"],
  [/\[([^\]]*)\]/g, "($1)"],
];

/** Applies `fn` to the text outside parentheses only ("(6 inch / 8 inch)" keeps its slashes). */
function outsideParens(line: string, fn: (part: string) => string): string {
  return line
    .split(/(\([^()]*\))/)
    .map((part, i) => (i % 2 ? part : fn(part)))
    .join("");
}

/** Notes-style separators: " | " and " / " between items read as ";", "--" after a short heading as ":". */
function listMarks(text: string): string {
  return text
    .replace(/\b(dr|mr|mrs|ms|st|jr|sr|mt|ft|ave|prof|approx|dept|est|inc|co|ltd)\.(?=\s)/gi, "$1")
    .split("\n")
    .map((line) =>
      // A line cut by ";" or "|" before its first " / ": the slash separates choices ("price; status: new / sold").
      outsideParens(line, (part) =>
        part
          .replace(/\s+[|]\s+|\s*\|\s*/g, "; ")
          .replace(/(?:(?<=\S)|^)\s+\/\s+(?=\S)/g, (m) => (/[;|]/.test(line.split(" / ")[0]!) ? m : "; ")),
      )
        .replace(/^([^:.;,]{1,40}?)\s+-{2,}\s+/, "$1: ")
        .replace(/\s+-{2,}\s+/g, ". ")
        // "supervisor signoff?", "paid?": a question mark after a property in a list is yes/no
        // (not at the end of a question: "could I see the vendors on a board?").
        .replace(/\b([a-z][a-z-]*)\?(?=\s*(?:[,;|/(]|\(?y\/n|\(?yes\/no|-\s|$))/gi, (m, word: string, offset: number, all: string) =>
          /^\s*(?:could|can|would|will|do|does|did|is|are|should|what|how|why|where|when|who|may|might|shall)\b/i.test(
            all.slice(Math.max(0, all.lastIndexOf(".", offset) + 1), offset),
          ) ||
          (!/[:;|,]/.test(all) && offset + m.length >= all.trimEnd().length)
            ? `${word}.`
            : `${word} yes/no`,
        ),
    )
    .join("\n");
}

/** "the time. actually no, not just the time, the date and time": the first phrase becomes the second. */
function notJust(text: string): string {
  return text.replace(
    /[,.;]?\s*(?:(?:actually|wait|oh|sorry)[,\s]+)*no,?\s+not\s+(?:just\s+|only\s+)?(?:the\s+|a\s+|an\s+)?([a-z][a-z ]{0,30}?),\s*(?:but\s+|rather\s+)?((?:the\s+|a\s+|an\s+)?[a-z][a-z ]{0,40}?)(?=[.;,]|$)/g,
    (whole, was: string, now: string, offset: number, all: string) => {
      const before = all.slice(0, offset);
      const at = before.lastIndexOf(was);
      return at < 0 ? `, ${now}` : "\u00a7" + JSON.stringify([at, was.length, now]);
    },
  );
}

/** Applies the replacements `notJust` marked. */
function applyMarks(text: string): string {
  let out = text;
  for (let guard = 0; guard < 5; guard++) {
    const m = /\u00a7(\[[^\]]*\])/.exec(out);
    if (!m) break;
    const [at, len, now] = JSON.parse(m[1]!) as [number, number, string];
    out = out.slice(0, m.index) + out.slice(m.index + m[0].length);
    out = out.slice(0, at) + now + out.slice(at + len);
  }
  return out;
}

/** ", ." → "." : of marks left side by side, the one that cuts most. */
const strongestMark = (marks: string) => [".", ";", ":", ","].find((m) => marks.includes(m))!;

export function normalizeSpeech(text: string): string {
  let t = ` ${listMarks(text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")).replace(/\b([A-Za-z])\s*&\s*([A-Za-z])\b/g, "$1n$2")} `
    .replace(/[’‘`]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/[–—]/g, " - ")
    .replace(/\u2026/g, "...")
    .replace(/\s*\.{2,}\s*/g, ", ")
    .replace(/\s*\n\s*(?:[-*\u2022]\s*)?/g, ". ")
    .toLowerCase()
    .replace(/\s+/g, " ");
  t = t.replace(/\b(?:e\.g\.|i\.e\.|etc\.?)/g, "");
  for (const [re, word] of SHORTHAND) t = t.replace(re, word);
  for (const re of FILLERS) t = t.replace(re, " ").replace(/\s+/g, " ").trim();
  t = t
    // "the status - like scheduled, checked in or done": the choices themselves, after a colon.
    .replace(/(\s-\s|:\s|\()like,?\s+/g, "$1")
    .replace(/(\w)\s-\s(?=[a-z][^.;:()-]*,[^.;:()-]*\bor\b[^.;:()]*(?:[.;]|$))/g, "$1: ")
    .replace(/([.;!?:]\s*)like,\s*/g, "$1")
    .replace(/('s),?\s+like,\s*/g, "$1 ")
    .replace(/(?:,\s*)?\blike,\s*/g, ", ")
    .replace(
      /,\s*like\s+(?=(?:what|which|whether|how|if|we|i|they|it|just|really|maybe|super|perfect|nice|great|each|every|for)\b)/g,
      ", ",
    );
  t = t.replace(
    /\blike\b(?=\s+(?:an?|the|some|my|our|\d+)\s)(?<!\b(?:looks?|would|i'd|we'd|things|stuff|something|categories|options|choices|types|kinds|values|statuses|such)\s+like)/g,
    " ",
  );
  // A filler taken out of "so for, uh, the bags" leaves a comma after a word that cannot end a phrase.
  // ("checked in, done": "in" can end one.)
  t = t.replace(/\b(for|the|a|an|of|to|with|my|our|their|his|her|its|and|or|but|so)\s*,\s*(?=[a-z])/g, "$1 ");
  t = t
    .replace(/\s+/g, " ")
    .replace(/\s+([,.;:!?)])/g, "$1")
    .replace(/([(])\s+/g, "$1")
    .replace(/[,.;:](?:\s*[,.;:])+/g, strongestMark)
    .trim();
  t = spokenNumbers(t);
  t = applyMarks(notJust(t));
  t = applyCorrections(t);
  t = applyRetractions(t);
  t = dropRepeats(t);
  return t
    .replace(/\s+/g, " ")
    .replace(/^[,.;\s]+/, "")
    .replace(/\s+([,.;:!?])/g, "$1")
    .replace(/[,.;:](?:\s*[,.;:])+/g, strongestMark)
    .trim();
}
