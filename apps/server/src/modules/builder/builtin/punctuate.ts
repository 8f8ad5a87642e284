/**
 * A recognizer's text has no punctuation; the reader cuts clauses and lists by it. This puts it
 * back: for each gap between two words, an averaged perceptron (weights in
 * `punctuation-model.json`, trained on the typed descriptions of the corpus by
 * `corpus/train-punctuation.ts`) picks nothing, a comma, a colon or a full stop, left to right.
 * The words themselves are never changed.
 */
import { readFileSync } from "node:fs";
import { CHOICE_HEADS, HEAD_WORDS, STANDALONE_WORDS } from "./vocabulary.js";

export const MARKS = ["", ",", ":", "."] as const;
export type Mark = (typeof MARKS)[number];

/** Feature → one weight per mark. */
export type Weights = Record<string, number[]>;

const DETERMINERS = new Set("the|a|an|their|his|her|its|our|my|your|some|any|each|every|this|that|these|those".split("|"));
const PRONOUNS = new Set("i|we|you|they|he|she|it|im|ive|id|were|weve|theyre|its|thats".split("|"));
const WH = new Set("what|which|who|whose|when|where|whether|how|if|why".split("|"));
const CONJUNCTIONS = new Set("and|or|but|so|then|also|plus|because".split("|"));
const FILLERS = new Set("um|uh|umm|uhh|er|erm|like|oh|okay|ok|yeah|well|actually|wait|hmm".split("|"));

/** A coarse class of a word, so what the corpus taught about "phone" carries to "email". */
function wordClass(w: string | undefined): string {
  if (w === undefined) return "EDGE";
  if (/^\d/.test(w)) return "NUM";
  if (DETERMINERS.has(w)) return "DET";
  if (PRONOUNS.has(w)) return "PRO";
  if (WH.has(w)) return "WH";
  if (CONJUNCTIONS.has(w)) return "CONJ";
  if (FILLERS.has(w)) return "FILL";
  if (CHOICE_HEADS.has(w)) return "CHOICE";
  if (STANDALONE_WORDS.has(w)) return "PROP";
  if (HEAD_WORDS.has(w)) return "HEAD";
  return w.length > 3 && w.endsWith("s") ? "PLURAL" : "W";
}

/** What is known about the gap after word `i`: the words around it, their classes, what came before. */
export function gapFeatures(words: readonly string[], i: number, previous: Mark, sinceMark: number): string[] {
  const [p1, p0, n0, n1] = [words[i - 1], words[i], words[i + 1], words[i + 2]];
  const [cp1, cp0, cn0, cn1] = [p1, p0, n0, n1].map(wordClass);
  const ahead = words.slice(i + 1, i + 5);
  return [
    "bias",
    `p0=${p0}`,
    `n0=${n0}`,
    `p1=${p1}`,
    `n1=${n1}`,
    `p1p0=${p1} ${p0}`,
    `p0n0=${p0} ${n0}`,
    `n0n1=${n0} ${n1}`,
    `cp0=${cp0}`,
    `cn0=${cn0}`,
    `cp0cn0=${cp0} ${cn0}`,
    `cp1cp0cn0=${cp1} ${cp0} ${cn0}`,
    `cp0cn0cn1=${cp0} ${cn0} ${cn1}`,
    `p0cn0=${p0} ${cn0}`,
    `cp0n0=${cp0} ${n0}`,
    `suffix=${p0?.slice(-2)}`,
    `prev=${previous}`,
    `prev cn0=${previous} ${cn0}`,
    `since=${Math.min(sinceMark, 8)}`,
    `since cn0=${Math.min(sinceMark, 8)} ${cn0}`,
    `or ahead=${ahead.includes("or")}`,
    `or ahead cp0=${ahead.includes("or")} ${cp0}`,
    // A wider window: the word after next, and the classes three ahead.
    `n2=${words[i + 3]}`,
    `p2=${words[i - 2]}`,
    `cn0cn1cn2=${cn0} ${cn1} ${wordClass(words[i + 3])}`,
    `cp2cp1cp0=${wordClass(words[i - 2])} ${cp1} ${cp0}`,
    `n0n1n2=${n0} ${n1} ${words[i + 3]}`,
    `p1p0n0=${p1} ${p0} ${n0}`,
  ];
}

export function score(weights: Weights, features: string[]): number[] {
  const totals = MARKS.map(() => 0);
  for (const f of features) {
    const w = weights[f];
    if (w) for (let k = 0; k < totals.length; k++) totals[k]! += w[k] ?? 0;
  }
  return totals;
}

export const argmax = (xs: number[]) => xs.reduce((best, x, k) => (x > xs[best]! ? k : best), 0);

/** The marks, gap by gap, left to right (each decision sees the one before). */
export function predictMarks(weights: Weights, words: readonly string[]): Mark[] {
  const marks: Mark[] = [];
  let previous: Mark = ".";
  let since = 0;
  for (let i = 0; i < words.length - 1; i++) {
    const mark: Mark = MARKS[argmax(score(weights, gapFeatures(words, i, previous, since)))]!;
    marks.push(mark);
    since = mark ? 0 : since + 1;
    if (mark) previous = mark;
  }
  return marks;
}

let model: Weights | undefined;
const loadModel = () => (model ??= JSON.parse(readFileSync(new URL("./punctuation-model.json", import.meta.url), "utf8")) as Weights);

/** For cross-validation: read with weights trained on part of the corpus (undefined: the shipped model). */
export function useModel(weights: Weights | undefined) {
  model = weights;
}

/** The same words, with the commas, colons and full stops a writer would have put. */
export function punctuate(text: string): string {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const key = words.map((w) => w.toLowerCase().replace(/'/g, ""));
  const marks = predictMarks(loadModel(), key);
  return words.map((w, i) => `${w}${marks[i] ?? ""}`).join(" ");
}
