/**
 * Offline speech recognition of requests to the Studio, measured: word error rate and real-time
 * factor per flite voice over requests the language model never saw, the workspace model's build
 * time, and the recogniser's start-up time and the memory it adds.
 *   node --import tsx bench/speech.ts [--dev] [--readings N] [--lm-weight W]
 * `--dev` measures other requests (the ones settings are chosen on) instead of the held-out ones.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { moonshineEngine, RECOGNIZER_SETTINGS } from "../apps/server/src/modules/voice/engines/moonshine.js";
import { domainModel, words } from "../apps/server/src/modules/voice/lm/ngram.js";
import { trainingSentences } from "../apps/server/src/modules/voice/lm/sentences.js";
import { IN_DOMAIN_DEV, UNSEEN_SENTENCES } from "../apps/server/test/wer.js";
import { hear } from "./hear.js";

const arg = (name: string, fallback: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1]! : fallback;
};
const SENTENCES = process.argv.includes("--dev") ? IN_DOMAIN_DEV : UNSEEN_SENTENCES;
const VOICES = ["slt", "rms", "awb", "kal"];
const dir = mkdtempSync(join(tmpdir(), "vta-bench-speech-"));
const speakTo = (file: string, voice: string, text: string) => (execFileSync("flite", ["-voice", voice, "-t", text, "-o", file]), file);
const settings = {
  ...RECOGNIZER_SETTINGS,
  readings: Number(arg("readings", String(RECOGNIZER_SETTINGS.readings))),
  domainWeight: Number(arg("lm-weight", String(RECOGNIZER_SETTINGS.domainWeight))),
};

const corpus = new Set(trainingSentences().map((s) => words(s).join(" ")));
const seen = SENTENCES.filter((s) => corpus.has(s));
if (seen.length) throw new Error(`these sentences are in the language model's corpus, pick others: ${seen.join("; ")}`);
const engine = moonshineEngine(settings);

try {
  const building = performance.now();
  domainModel({ entities: ["plant"], fields: ["watering date"] });
  const buildMs = performance.now() - building;
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
    rows.push(
      `| ${voice} | ${SENTENCES.length} | ${((errors / total) * 100).toFixed(1)}% (${errors}/${total}) | ${(decodeMs / audioMs).toFixed(3)} | ${(audioMs / 1000).toFixed(1)} s | ${(decodeMs / 1000).toFixed(2)} s |`,
    );
  }
  console.log(
    `\nOffline speech (${SENTENCES === IN_DOMAIN_DEV ? "dev" : "held-out"} requests; ${settings.readings} readings, language model weight ${settings.domainWeight}; a workspace's language model built in ${buildMs.toFixed(0)} ms)\n`,
  );
  console.log("| voice | sentences | WER | real-time factor | audio | decoding |\n|---|---|---|---|---|---|");
  console.log(rows.join("\n"));
  console.log(`\nall voices: WER ${((allErrors / allWords) * 100).toFixed(1)}% (${allErrors}/${allWords})`);
  console.log(
    `recogniser start-up + first utterance: ${startMs.toFixed(0)} ms; resident memory it added: ${(rssAdded / 1048576).toFixed(0)} MB`,
  );
} finally {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
}
