/**
 * Offline speech recognition, measured: word error rate and real-time factor per flite voice over
 * sentences the language model never saw, the language model's build time, and the in-process
 * decoder's start-up time (acoustic model, dictionary, broad English model) and the memory it adds.
 *   node --import tsx bench/speech.ts [--domain-weight 0.2]
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pocketsphinxEngine } from "../apps/server/src/modules/voice/engines/pocketsphinx.js";
import { DECODER_SETTINGS, SphinxDecoder } from "../apps/server/src/modules/voice/engines/sphinx-decoder.js";
import { words } from "../apps/server/src/modules/voice/lm/arpa.js";
import { speechModel } from "../apps/server/src/modules/voice/lm/model.js";
import { trainingSentences } from "../apps/server/src/modules/voice/lm/sentences.js";
import { UNSEEN_SENTENCES } from "../apps/server/src/modules/voice/wer.js";
import { hear } from "./hear.js";

const SENTENCES = UNSEEN_SENTENCES;
const VOICES = ["slt", "rms", "awb", "kal"];
const dir = mkdtempSync(join(tmpdir(), "vta-bench-speech-"));
const vocabulary = { entities: [], fields: [] };
const speakTo = (file: string, voice: string, text: string) => (execFileSync("flite", ["-voice", voice, "-t", text, "-o", file]), file);

const corpus = new Set(trainingSentences().map((s) => words(s).join(" ")));
const seen = SENTENCES.filter((s) => corpus.has(s));
if (seen.length) throw new Error(`these sentences are in the language model's corpus, pick others: ${seen.join("; ")}`);

try {
  const cold = await speechModel(join(dir, "speech"), "bench", vocabulary);
  const warm = await speechModel(join(dir, "speech"), "bench", vocabulary);
  const weight = process.argv.indexOf("--domain-weight");
  const engine = pocketsphinxEngine(join(dir, "speech"), new SphinxDecoder(weight > 0 ? { ...DECODER_SETTINGS, domainWeight: Number(process.argv[weight + 1]) } : DECODER_SETTINGS));
  const rssBefore = process.memoryUsage().rss;
  const first = performance.now();
  await hear(engine, { raw: speakTo(join(dir, "first.wav"), "slt", SENTENCES[0]!), wav: join(dir, "first-u.wav"), dir }, SENTENCES[0]!);
  const startMs = performance.now() - first;
  const rssAdded = process.memoryUsage().rss - rssBefore;
  const rows: string[] = [];
  let allErrors = 0;
  let allWords = 0;
  for (const voice of VOICES) {
    let errors = 0;
    let total = 0;
    let audioMs = 0;
    let decodeMs = 0;
    for (const [i, sentence] of SENTENCES.entries()) {
      const raw = join(dir, `raw-${voice}-${i}.wav`);
      speakTo(raw, voice, sentence);
      const heard = await hear(engine, { raw, wav: join(dir, `u-${voice}-${i}.wav`), dir }, sentence);
      decodeMs += heard.decodeMs;
      audioMs += heard.audioMs;
      errors += heard.errors;
      if (heard.errors && process.env.SHOW) console.log(voice, JSON.stringify(sentence), "→", JSON.stringify(heard.text));
      total += heard.words;
    }
    allErrors += errors;
    allWords += total;
    rows.push(`| ${voice} | ${SENTENCES.length} | ${((errors / total) * 100).toFixed(1)}% (${errors}/${total}) | ${(decodeMs / audioMs).toFixed(3)} | ${(audioMs / 1000).toFixed(1)} s | ${(decodeMs / 1000).toFixed(2)} s |`);
  }
  console.log(`\nOffline speech (pocketsphinx ${cold.words} words; model built in ${cold.buildMs} ms, reused from disk in ${warm.buildMs} ms)\n`);
  console.log("| voice | sentences | WER | real-time factor | audio | decoding |\n|---|---|---|---|---|---|");
  console.log(rows.join("\n"));
  console.log(`\nall voices: WER ${((allErrors / allWords) * 100).toFixed(1)}% (${allErrors}/${allWords})`);
  console.log(`decoder start-up + first utterance: ${startMs.toFixed(0)} ms; resident memory it added: ${(rssAdded / 1048576).toFixed(0)} MB`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
