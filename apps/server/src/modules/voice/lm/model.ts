/**
 * The decoder's language model and dictionary for a vocabulary, built once and kept on disk under
 * a hash of what went in: a workspace whose apps gain new entity or field names gets a new model.
 * Each workspace keeps its own models in a folder of its own, and only its newest two (the one in
 * use and the one before, which a decode that started a moment ago may still be reading).
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
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

/** Models of one workspace kept on disk: the newest and the one before it. */
const KEEP_PER_OWNER = 2;

/** The model of `owner` (a workspace id) for `vocabulary`, under `root/<owner>/`. */
export function speechModel(root: string, owner: string, vocabulary: Vocabulary): Promise<SpeechModel> {
  if (!/^[\w-]{1,64}$/.test(owner)) throw new Error(`not a model owner: ${owner}`);
  const normalized = { entities: [...new Set(vocabulary.entities)].sort(), fields: [...new Set(vocabulary.fields)].sort() };
  const key = createHash("sha256").update(RECIPE).update(JSON.stringify(normalized)).digest("hex").slice(0, 16);
  const dir = join(root, owner);
  let running = inflight.get(`${owner}/${key}`);
  if (!running) {
    running = load(dir, key, normalized)
      .then(async (model) => {
        if (model.built) await prune(dir, key);
        return model;
      })
      .finally(() => inflight.delete(`${owner}/${key}`));
    inflight.set(`${owner}/${key}`, running);
  }
  return running;
}

/** Removes the owner's older models, keeping `current` and the newest other one. */
async function prune(dir: string, current: string): Promise<void> {
  const metas = (await readdir(dir)).filter((f) => /^[0-9a-f]{16}\.json$/.test(f) && !f.startsWith(current));
  const dated = await Promise.all(metas.map(async (f) => ({ key: f.slice(0, 16), at: (await stat(join(dir, f))).mtimeMs })));
  const old = dated.sort((a, b) => b.at - a.at).slice(KEEP_PER_OWNER - 1);
  await Promise.all(old.flatMap(({ key }) => ["json", "arpa", "dict"].map((ext) => rm(join(dir, `${key}.${ext}`), { force: true }))));
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
