/**
 * Offline speech recognition, measured: word error rate and real-time factor per flite voice over
 * sentences the language model never saw, the language model's build time, and the decoder's
 * start-up time and peak memory (pocketsphinx_batch, one process per utterance, as the server runs it).
 *   node --import tsx bench/speech.ts
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pocketsphinxEngine } from "../apps/server/src/modules/voice/engines/pocketsphinx.js";
import { words } from "../apps/server/src/modules/voice/lm/arpa.js";
import { speechModel } from "../apps/server/src/modules/voice/lm/model.js";
import { trainingSentences } from "../apps/server/src/modules/voice/lm/sentences.js";
import { UNSEEN_SENTENCES } from "../apps/server/src/modules/voice/wer.js";
import { hear } from "./hear.js";

const SENTENCES = UNSEEN_SENTENCES;
const VOICES = ["slt", "rms", "awb", "kal"];
const dir = mkdtempSync(join(tmpdir(), "vta-bench-speech-"));
const vocabulary = { entities: [], fields: [] };

/** Peak resident memory of a decoder run (KB), read from /proc while it runs. */
async function decoderPeakKb(wav: string, lm: string, dict: string): Promise<{ kb: number; ms: number }> {
  const ctl = join(dir, "peak.ctl");
  execFileSync("sh", ["-c", `echo ${wav.replace(/\.wav$/, "").split("/").pop()} > ${ctl}`]);
  const started = performance.now();
  const child = spawn("/usr/bin/pocketsphinx_batch", ["-adcin", "yes", "-cepdir", dir, "-cepext", ".wav", "-ctl", ctl, "-hyp", join(dir, "peak.hyp"), "-hmm", "/usr/share/pocketsphinx/model/en-us/en-us", "-lm", lm, "-dict", dict, "-logfn", "/dev/null"]);
  let peak = 0;
  const timer = setInterval(() => {
    try {
      const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"));
      if (m) peak = Math.max(peak, Number(m[1]));
    } catch {
      // exited
    }
  }, 5);
  await new Promise((r) => child.on("exit", r));
  clearInterval(timer);
  return { kb: peak, ms: performance.now() - started };
}

const corpus = new Set(trainingSentences().map((s) => words(s).join(" ")));
const seen = SENTENCES.filter((s) => corpus.has(s));
if (seen.length) throw new Error(`these sentences are in the language model's corpus, pick others: ${seen.join("; ")}`);

try {
  const cold = await speechModel(join(dir, "speech"), "bench", vocabulary);
  const warm = await speechModel(join(dir, "speech"), "bench", vocabulary);
  const engine = pocketsphinxEngine(join(dir, "speech"));
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
      execFileSync("flite", ["-voice", voice, "-t", sentence, "-o", raw]);
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
  const peak = await decoderPeakKb(join(dir, "u-slt-1.wav"), cold.lm, cold.dict);
  console.log(`\nOffline speech (pocketsphinx ${cold.words} words; model built in ${cold.buildMs} ms, reused from disk in ${warm.buildMs} ms)\n`);
  console.log("| voice | sentences | WER | real-time factor | audio | decoding (incl. start-up) |\n|---|---|---|---|---|---|");
  console.log(rows.join("\n"));
  console.log(`\nall voices: WER ${((allErrors / allWords) * 100).toFixed(1)}% (${allErrors}/${allWords})`);
  console.log(`decoder start-up + one utterance: ${peak.ms.toFixed(0)} ms, peak memory ${(peak.kb / 1024).toFixed(1)} MB`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
