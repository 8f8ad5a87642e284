/** Word error rate, and requests the language model never saw (the speech test and benchmark share them). */
import numberToWords from "number-to-words";
import { words } from "../src/modules/voice/lm/ngram.js";

export const UNSEEN_SENTENCES = [
  "each patient has a name a birthday and a phone number",
  "add a due date to each assignment",
  "remove the photo from the products",
  "show the tickets on a board by priority",
  "make the assignee optional",
  "rename notes to comments",
  "an app to track my workouts with a date a duration and calories",
  "add a chart of orders by status",
  "every employee has a department and a salary",
  "show the bookings in a calendar",
];

/** Other requests of the same kind, for choosing the recogniser's settings (never the ones above). */
export const IN_DOMAIN_DEV = [
  "add a phone number to each customer",
  "remove the due date field",
  "show the orders on a board by status",
  "make the email required",
  "rename title to name",
  "an app to track my plants with a name and a watering date",
  "add a chart of expenses by category",
  "every book has an author and a rating",
  "show the appointments in a calendar",
  "add a priority with low medium and high",
  "track my recipes with ingredients and instructions",
  "delete the notes field",
];

/** Word-level edit distance (substitutions, insertions, deletions) of `hyp` against `ref`. */
export function wordErrors(ref: string[], hyp: string[]): number {
  const d = Array.from({ length: ref.length + 1 }, (_, i) => [i, ...Array<number>(hyp.length).fill(0)]);
  for (let j = 1; j <= hyp.length; j++) d[0]![j] = j;
  for (let i = 1; i <= ref.length; i++) {
    for (let j = 1; j <= hyp.length; j++)
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (ref[i - 1] === hyp[j - 1] ? 0 : 1));
  }
  return d[ref.length]![hyp.length]!;
}

const { toWords, toWordsOrdinal } = numberToWords;
const spell = (n: string) => toWords(Number(n)).replace(/[,-]/g, " ");

/**
 * The words of a transcript as they were spoken, for scoring: a recogniser may write "$50",
 * "10:30 a.m.", "2nd" or "30-minute" where the reference spells the words out.
 */
export function spokenWords(text: string): string[] {
  const spelled = text
    .replace(/\$(\d+)(?:\.(\d\d))?/g, (_, d: string, c?: string) => `${d} dollars${c && c !== "00" ? ` ${c}` : ""}`)
    .replace(/(\d+)\s*%/g, "$1 percent")
    .replace(/\b(\d{1,2}):(\d\d)\b/g, (_, h: string, m: string) => (m === "00" ? h : `${h} ${m.startsWith("0") ? `oh ${m[1]}` : m}`))
    .replace(/\b([ap])\.?m\b\.?/gi, "$1m")
    .replace(/\b(\d+)(st|nd|rd|th)\b/g, (_, n: string) => toWordsOrdinal(Number(n)).replace(/[,-]/g, " "))
    .replace(/\d+/g, spell);
  return words(spelled.replace(/-/g, " "));
}
