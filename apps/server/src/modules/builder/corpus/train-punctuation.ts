/**
 * Trains the punctuation model (builtin/punctuate.ts) on the typed descriptions and edits of the
 * dev split: each text is cut into the words a recognizer would give (lowercase, no punctuation)
 * and the mark a writer put after each word. Deterministic: the same corpus gives the same model,
 * which a test checks against the committed `punctuation-model.json`.
 *
 * `node --import tsx apps/server/src/modules/builder/corpus/train-punctuation.ts` rewrites the model.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { argmax, gapFeatures, MARKS, predictMarks, score, useModel, type Mark, type Weights } from "../builtin/punctuate.js";
import { loadCorpus, type CorpusFile } from "./natural.js";

export interface Example {
  words: string[];
  marks: Mark[];
}

/** A typed text → its words as a recognizer spells them, and the strongest mark in each gap. */
export function toExample(text: string): Example {
  const words: string[] = [];
  const marks: Mark[] = [];
  let pending: Mark = "";
  const strongest = (a: Mark, b: Mark) => (MARKS.indexOf(a) >= MARKS.indexOf(b) ? a : b);
  for (const token of text.toLowerCase().split(/(\s+)/)) {
    if (/^\s+$/.test(token)) {
      if (token.includes("\n")) pending = strongest(pending, ".");
      continue;
    }
    if (/^[-–—]+$/.test(token)) {
      pending = strongest(pending, ":");
      continue;
    }
    // "yes/no" and "t-shirt" are two words with no mark between them; "it's" is one.
    const parts = token.replace(/['’]/g, "").split(/([^a-z0-9]+)/);
    for (const part of parts) {
      if (!part) continue;
      if (/^[a-z0-9]/.test(part)) {
        if (words.length) marks.push(pending);
        words.push(part);
        pending = "";
      } else {
        const mark: Mark = /[.!?;]/.test(part) ? "." : /[:(]/.test(part) ? ":" : /[,)]/.test(part) ? "," : "";
        pending = strongest(pending, mark);
      }
    }
  }
  return { words, marks };
}

const textsOf = (files: CorpusFile[]) =>
  files.flatMap((f) => [...f.apps.map((a) => a.text), ...f.edits.flatMap((e) => e.steps.map((s) => s.text))]);

/** The texts the model learns from: every typed description and edit of the dev split. */
export const trainingTexts = (): string[] => textsOf(loadCorpus("dev"));

/** Runs `measure` with a model trained on `files` other than `held`, then puts the shipped model back. */
export function crossValidated<T>(files: CorpusFile[], held: CorpusFile, measure: () => T): T {
  useModel(train(textsOf(files.filter((f) => f.name !== held.name)).map(toExample)));
  try {
    return measure();
  } finally {
    useModel(undefined);
  }
}

/** Precision and recall per mark, each file's gaps predicted by a model trained on the other files. */
export function markAccuracy(files: CorpusFile[]): Record<Mark, { precision: number; recall: number }> {
  const [hit, guessed, gold] = [0, 1, 2].map(() => new Map<Mark, number>());
  const add = (m: Map<Mark, number>, k: Mark) => m.set(k, (m.get(k) ?? 0) + 1);
  for (const held of files) {
    const weights = train(textsOf(files.filter((f) => f !== held)).map(toExample));
    for (const { words, marks } of textsOf([held]).map(toExample)) {
      predictMarks(weights, words).forEach((p, i) => {
        add(guessed!, p);
        add(gold!, marks[i]!);
        if (p === marks[i]) add(hit!, p);
      });
    }
  }
  const ratio = (a = 0, b = 0) => (b ? a / b : 0);
  return Object.fromEntries(
    MARKS.map((m) => [m, { precision: ratio(hit!.get(m), guessed!.get(m)), recall: ratio(hit!.get(m), gold!.get(m)) }]),
  ) as Record<Mark, { precision: number; recall: number }>;
}

/** Averaged perceptron, a fixed number of passes in corpus order; weights rounded and pruned. */
export function train(examples: Example[], epochs = 12): Weights {
  const weights: Weights = {};
  const totals: Weights = {};
  const stamps: Record<string, number[]> = {};
  let step = 0;
  const update = (feature: string, k: number, delta: number) => {
    const w = (weights[feature] ??= MARKS.map(() => 0));
    const t = (totals[feature] ??= MARKS.map(() => 0));
    const s = (stamps[feature] ??= MARKS.map(() => 0));
    t[k]! += (step - s[k]!) * w[k]!;
    s[k] = step;
    w[k]! += delta;
  };
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (const { words, marks } of examples) {
      // As predictMarks reads a text: the last mark before this gap, and how many gaps since.
      let since = 0;
      let previous: Mark = ".";
      for (let i = 0; i < marks.length; i++) {
        step++;
        const features = gapFeatures(words, i, previous, since);
        const guess = argmax(score(weights, features));
        const truth = MARKS.indexOf(marks[i]!);
        if (guess !== truth) {
          for (const f of features) {
            update(f, truth, 1);
            update(f, guess, -1);
          }
        }
        since = marks[i] ? 0 : since + 1;
        if (marks[i]) previous = marks[i]!;
      }
    }
  }
  const averaged: Weights = {};
  for (const [feature, w] of Object.entries(weights)) {
    const t = totals[feature]!;
    const s = stamps[feature]!;
    const avg = w.map((x, k) => Math.round(((t[k]! + (step - s[k]!) * x) / step) * 1000) / 1000 || 0);
    if (avg.some((x) => x !== 0)) averaged[feature] = avg;
  }
  return averaged;
}

export const modelFile = new URL("../builtin/punctuation-model.json", import.meta.url);

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const model = train(trainingTexts().map(toExample));
  writeFileSync(modelFile, `${JSON.stringify(model)}\n`);
  console.log(`${Object.keys(model).length} features → ${fileURLToPath(modelFile)}`);
}
