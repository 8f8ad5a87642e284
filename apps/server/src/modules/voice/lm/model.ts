/**
 * The decoder's language model and dictionary for a vocabulary, built once and kept on disk under
 * a hash of what went in: a workspace whose apps gain new entity or field names gets a new model.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { buildArpa, words } from "./arpa.js";
import { dictionaryFor } from "./dictionary.js";
import { trainingSentences } from "./sentences.js";

/** Bump when the corpus, templates or the model's recipe change: old files are not reused. */
const RECIPE = "4";

export interface Vocabulary {
  entities: string[];
  fields: string[];
}

export interface SpeechModel {
  lm: string;
  dict: string;
  words: number;
  /** Words left out (nothing could pronounce them). */
  missing: string[];
  /** Words pronounced by the letter-to-sound fallback. */
  guessed: string[];
  built: boolean;
  buildMs: number;
}

const inflight = new Map<string, Promise<SpeechModel>>();

export function speechModel(dir: string, vocabulary: Vocabulary): Promise<SpeechModel> {
  const normalized = { entities: [...new Set(vocabulary.entities)].sort(), fields: [...new Set(vocabulary.fields)].sort() };
  const key = createHash("sha256").update(RECIPE).update(JSON.stringify(normalized)).digest("hex").slice(0, 16);
  let running = inflight.get(key);
  if (!running) {
    running = load(dir, key, normalized).finally(() => inflight.delete(key));
    inflight.set(key, running);
  }
  return running;
}

async function load(dir: string, key: string, vocabulary: Vocabulary): Promise<SpeechModel> {
  const lm = join(dir, `${key}.arpa`);
  const dict = join(dir, `${key}.dict`);
  const meta = join(dir, `${key}.json`);
  if (existsSync(lm) && existsSync(dict) && existsSync(meta)) {
    const saved = JSON.parse(await readFile(meta, "utf8")) as Pick<SpeechModel, "words" | "missing" | "guessed">;
    return { lm, dict, ...saved, built: false, buildMs: 0 };
  }
  const started = performance.now();
  const sentences = trainingSentences(vocabulary);
  const entries = dictionaryFor(new Set(sentences.flatMap(words)));
  const pronounceable = new Set(entries.text.split("\n").map((l) => l.split(" ")[0]!.replace(/\(\d+\)$/, "")).filter(Boolean));
  await mkdir(dir, { recursive: true });
  // Written under temporary names and renamed: a reader never sees half a model.
  const tmp = `.${process.pid}.${Date.now()}`;
  await writeFile(lm + tmp, buildArpa(sentences, pronounceable));
  await writeFile(dict + tmp, entries.text);
  const saved = { words: pronounceable.size, missing: entries.missing, guessed: entries.guessed };
  await writeFile(meta + tmp, JSON.stringify(saved));
  await rename(lm + tmp, lm);
  await rename(dict + tmp, dict);
  await rename(meta + tmp, meta);
  return { lm, dict, ...saved, built: true, buildMs: Math.round(performance.now() - started) };
}
