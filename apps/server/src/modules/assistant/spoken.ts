/**
 * A command as a person says or types it, made plain before it is read: fillers and polite leads
 * out, numbers and money said in words made digits ("four fifty" → 4.50, "forty bucks" → $40),
 * corrections applied ("at 3, actually make that 4" → "at 4"). Case is kept: names are values.
 */
import { wordsToNumber } from "../builder/index.js";

const NUMBER_WORDS =
  "zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million";
const NUM = String.raw`(?:${NUMBER_WORDS})(?:[ -](?:and )?(?:${NUMBER_WORDS}))*`;
const SPOKEN_NUMBER = new RegExp(String.raw`\b(?:a (?=hundred|thousand))?${NUM}\b`, "gi");
const TENS =
  /^(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[ -](?:one|two|three|four|five|six|seven|eight|nine))?$/i;

const DIGITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];

const FILLERS = [
  /\b(?:u+h+|u+m+|e+r+m*|hmm+|mm+)\b[,.]?/gi,
  /\b(?:you know|i guess|i think|basically|literally|kind of|sort of)\b,?/gi,
  /(?:^|(?<=[.,!?]\s))(?:ok(?:ay)?|so|well|right|alright|hey|hi|yeah|yes|oh|and|now)\b[,.]?\s*/gi,
  /\bplease\b,?/gi,
  /\blike,?\s+(?=(?:an?|the|about|maybe|\d|one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty)\b)/gi,
];
/** What a person says before the command itself. */
const LEADS =
  /^(?:actually|oh|oops|(?:just )?out of curiosity|quick question|i was wondering|i wonder|i'm curious|(?:can|could|would|will) (?:you|we|i|u)(?: please)?|i(?:'d| would) like (?:you )?to|i (?:want|need|wanna|have) to|i want you to|let's|lets|let me|go ahead and|help me|quick(?:ly)?|just|also|then|and)\b,?\s*/i;

const ORDINALS: Record<string, number> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
  eighth: 8,
  ninth: 9,
  tenth: 10,
  eleventh: 11,
  twelfth: 12,
  thirteenth: 13,
  fourteenth: 14,
  fifteenth: 15,
  sixteenth: 16,
  seventeenth: 17,
  eighteenth: 18,
  nineteenth: 19,
  twentieth: 20,
  thirtieth: 30,
};
const SUFFIX = (n: number) => (n % 10 === 1 && n !== 11 ? "st" : n % 10 === 2 && n !== 12 ? "nd" : n % 10 === 3 && n !== 13 ? "rd" : "th");

/** "the twenty fifth" → "the 25th" (a day said in words). */
function spokenOrdinals(text: string): string {
  const ordinal = Object.keys(ORDINALS).join("|");
  return text.replace(
    new RegExp(String.raw`\b(?:(twenty|thirty)[ -])?(${ordinal})\b`, "gi"),
    (m, tens: string | undefined, word: string) => {
      const n = (tens ? (tens.toLowerCase() === "twenty" ? 20 : 30) : 0) + ORDINALS[word.toLowerCase()]!;
      return n > 31 ? m : `${n}${SUFFIX(n)}`;
    },
  );
}

/** "rosa at mail dot com" → "rosa@mail.com" (an email said aloud). */
const spokenEmails = (text: string) => text.replace(/\b([a-z][\w.-]*) at ([a-z][\w-]*) dot (com|org|net|co|io|edu)\b/gi, "$1@$2.$3");

/** "four fifty" (a price) → "4.50"; "two hundred and fifty" → "250"; "a dozen" → "12". */
function spokenNumbers(text: string): string {
  let t = text
    .replace(/\ba dozen\b/gi, "12")
    .replace(/\ba fiver\b/gi, "$$5")
    .replace(/\ba tenner\b/gi, "$$10")
    .replace(/\bhalf a dozen\b/gi, "6")
    .replace(/\ba couple(?: of)?\b/gi, "2")
    .replace(/\b(?:an|one) hour and a half\b/gi, "90 minutes")
    .replace(/\b(?:one and a half|an? hour and a half|1\.5) hours?\b/gi, "90 minutes")
    .replace(/\bhalf (?:an |a )?hour\b/gi, "30 minutes")
    // "ninety an hour" is a rate, "an hour" alone a length of time.
    .replace(new RegExp(String.raw`(\d|dollars?|bucks|quid|pounds?|\b(?:${NUMBER_WORDS}))\s+an hour\b`, "gi"), "$1 per hour")
    .replace(/\ban hour\b/gi, "60 minutes")
    // "half ten", "half three": half past, as the British say the time.
    .replace(/\bhalf (one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b/gi, "$1 thirty")
    .replace(/\b(one|two|three|four|five|six|seven|eight|nine|ten|\d+) and a half\b/gi, "$1 point 5")
    .replace(/\b(\d+|a|one|two|three|four|five|six|seven|eight|nine|ten) grand\b/gi, "$1 thousand dollars");
  // "four dollars (and) fifty (cents)", "four fifty": a price with its cents.
  t = t.replace(new RegExp(String.raw`\b(${NUM}) (?:dollars?|bucks) (?:and )?(${NUM})(?: cents?)?\b`, "gi"), (m, a: string, b: string) => {
    const whole = wordsToNumber(a.toLowerCase());
    const cents = wordsToNumber(b.toLowerCase());
    return whole !== null && cents !== null && cents < 100 ? `$${whole}.${String(cents).padStart(2, "0")}` : m;
  });
  t = t.replace(SPOKEN_NUMBER, (m, at: number, whole: string) => {
    const words = m
      .toLowerCase()
      .split(/[ -]+/)
      .filter((x) => x !== "and");
    const money = /^\s*(?:dollars?|bucks)\b/.test(whole.slice(at + m.length));
    if (words.length >= 3 && words.every((x) => DIGITS.includes(x))) return words.map((x) => DIGITS.indexOf(x)).join(" ");
    // "four fifty", "sixty two forty": a price said with its cents; "one twenty five" is 125. Before "dollars": two numbers.
    for (let cut = words.length - 1; cut >= 1; cut--) {
      const cents = words.slice(cut).join(" ");
      if (!TENS.test(cents) || words.slice(0, cut).some((x) => /hundred|thousand|million/.test(x))) continue;
      const a = wordsToNumber(words.slice(0, cut).join(" "));
      const b = wordsToNumber(cents);
      if (a === null || b === null || b < 10 || a >= 100) continue;
      if (
        TENS.test(words.slice(0, cut).join(" ")) &&
        cut === 1 &&
        words.length === 2 &&
        /^(?:one|two|three|four|five|six|seven|eight|nine)$/.test(words[1]!)
      )
        break;
      if (money) return `${a} ${b}`;
      // "at ten thirty" is a time; so is "to half three" when something is being moved.
      const before = whole.slice(0, at);
      const timed =
        /\b(?:at|by|from|until|till)\s*$/i.test(before) ||
        (/\bto\s*$/i.test(before) && /\b(?:shift|move|push|reschedule|bring)\b/i.test(before));
      if (timed && a <= 12 && b < 60) return `${a}:${String(b).padStart(2, "0")}`;
      if (a === 1 && cut === 1) return String(100 + b);
      return `${a}.${String(b).padStart(2, "0")}`;
    }
    const n = wordsToNumber(words.join(" ").replace(/^a /, "one "));
    return n === null ? m : String(n);
  });
  // Digits said one by one (a phone number): "five five five zero one nine nine" → "555-0199".
  t = t.replace(/\b(?:\d ?){6,}\d\b/g, (m) => {
    const d = m.replace(/ /g, "");
    return d.length === 7 ? `${d.slice(0, 3)}-${d.slice(3)}` : d;
  });
  // "$40", "40 dollars", "40 bucks" → "$40"; "4 50" (a recogniser's price) left as said.
  t = t.replace(/\b(\d+(?:\.\d+)?) ?(?:dollars?|bucks|usd|quid|pounds?|euros?)\b/gi, "$$$1");
  t = t.replace(/\$ (\d)/g, "$$$1");
  return t.replace(/\b(\d+) (?:point|dot) (\d+)\b/gi, "$1.$2").replace(/\b(\d+) percent\b/gi, "$1%");
}

/** "at 3, actually make that 4" → "at 4"; "colour, no wait, highlights" → "highlights". */
function applyCorrections(text: string): string {
  const marker =
    /,?\s*\b(?:actually(?=,|\s+(?:no|make|i mean|it's|it is|change)\b)|sorry|oops|no wait|wait|i mean|or rather|no,? actually|no(?=,))\b,?\s*(?:(?:no|make (?:that|it)|change (?:that|it) to|it's|it is|it was|that was|scratch that|i mean)\b,?\s*)*/i;
  let t = text;
  for (let i = 0; i < 3; i++) {
    const m = marker.exec(t);
    if (!m || m.index === 0) break;
    const before = t.slice(0, m.index);
    const after = t.slice(m.index + m[0].length);
    // "seventy actually, not sixty-five": what follows "not" is the mistake; what came before stands.
    if (/^not\b/i.test(after)) {
      t = `${before} ${after.replace(/^not\s+\S+/i, "")}`;
      continue;
    }
    const replacement = /^\s*(\S+(?:\s\S+)?)/.exec(after)?.[1] ?? "";
    const numberish = /^\$?\d/.test(replacement);
    // A number replaces the last number said; a word replaces the last phrase after a comma (or the last word).
    const last = numberish ? /(\$?\d+(?:[.:]\d+)?(?:\s?(?:am|pm|%))?)(?!.*\d)/i.exec(before) : null;
    if (last) t = before.slice(0, last.index) + after + before.slice(last.index + last[0].length).replace(/^\S*/, "");
    else if (/,/.test(before)) t = `${before.slice(0, before.lastIndexOf(","))}, ${after}`;
    else t = `${before.replace(/\s*\S+$/, "")} ${after}`;
  }
  return t;
}

/** The command in plain words, case kept. */
export function plainCommand(text: string): string {
  let t = ` ${text.normalize("NFKC")} `.replace(/[’‘`]/g, "'").replace(/[“”]/g, '"').replace(/[–—]/g, " - ").replace(/\s+/g, " ");
  for (const re of FILLERS) t = t.replace(re, " ").replace(/\s+/g, " ").trim();
  t = t
    .replace(/\s+([,.!?])/g, "$1")
    .replace(/([,.])(?:\s*[,.])+/g, "$1")
    // "on Friday at, uh, half ten": the pause a filler left after a word that cannot end a phrase.
    .replace(/\b(at|on|for|to|by|until|from|the|a|an)[,.]\s+/gi, "$1 ")
    .trim();
  for (let i = 0; i < 3; i++) t = t.replace(LEADS, "").trim();
  // A recogniser's "five, five, five, zero" (digits said one by one) and "to-morrow".
  t = t.replace(
    /\b(zero|oh|one|two|three|four|five|six|seven|eight|nine),\s(?=(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)\b)/gi,
    "$1 ",
  );
  t = t.replace(/\bto-(morrow|day|night)\b/gi, "to$1");
  t = t
    .replace(/\bgimme\b/gi, "give me")
    .replace(/\blemme\b/gi, "let me")
    .replace(/\bwanna\b/gi, "want to")
    .replace(/\bgonna\b/gi, "going to");
  t = spokenEmails(t);
  t = t.replace(
    /\b(?:the|on|for|by|until) (?:(?:twenty|thirty)[ -])?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth)\b(?!\s+(?:one|1|of them)\b)/gi,
    spokenOrdinals,
  );
  t = spokenNumbers(t);
  // "every three weeks" is every 21 days, as intervals are kept.
  t = t.replace(/\bevery (\d+) weeks?\b/gi, (_, n: string) => `every ${Number(n) * 7} days`).replace(/\bevery week\b/gi, "every 7 days");
  t = applyCorrections(t);
  return t
    .replace(/\s+/g, " ")
    .replace(/^[,.\s]+|[,.!\s]+$/g, "")
    .trim();
}
