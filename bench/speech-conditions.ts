/**
 * Offline speech recognition per condition, not per voice (issue 15): held-out everyday sentences
 * (`voice/corpus/everyday-held.json`, written by a helper who never saw the recogniser, never tuned
 * on) spoken by three flite and three espeak-ng voices, then clean, with white or babble noise at
 * 20 and 10 dB SNR, with room reverb, 15% faster or slower, and through an 8 kHz telephone band
 * (speech-audio.ts). Each condition's word error rate and the real-time factor, through the
 * server's own audio path (prepareAudio) and engine.
 *   node --import tsx bench/speech-conditions.ts [--split dev|held] [--sentences N] [--denoise off] [--readings N] [--lm-weight W]
 * `--denoise off` hears every recording as it is; `--readings` and `--lm-weight` set the beam's
 * width and the language model's weight (chosen on the dev split, never on held).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { prepareAudio } from "../apps/server/src/modules/voice/audio.js";
import { moonshineEngine, RECOGNIZER_SETTINGS } from "../apps/server/src/modules/voice/engines/moonshine.js";
import { hear } from "./hear.js";
import { conditions, VOICES } from "./speech-audio.js";

const arg = (name: string, fallback: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1]! : fallback;
};
const split = arg("split", "held");
const limit = Number(arg("sentences", "40"));
const sentences = (
  JSON.parse(readFileSync(new URL(`../apps/server/src/modules/voice/corpus/everyday-${split}.json`, import.meta.url), "utf8")) as string[]
).slice(0, limit);

const dir = mkdtempSync(join(tmpdir(), "vta-bench-conditions-"));
const recognizer = {
  denoise: arg("denoise", "on") !== "off",
  readings: Number(arg("readings", String(RECOGNIZER_SETTINGS.readings))),
  domainWeight: Number(arg("lm-weight", String(RECOGNIZER_SETTINGS.domainWeight))),
};
const engine = moonshineEngine(recognizer);

try {
  const CONDITIONS = conditions(dir);
  const totals = new Map<string, { errors: number; words: number }>();
  const byVoice = new Map<string, { errors: number; words: number }>();
  const cleanByVoice = new Map<string, { errors: number; words: number }>();
  let audioMs = 0;
  let decodeMs = 0;
  const add = (m: Map<string, { errors: number; words: number }>, key: string, errors: number, n: number) => {
    const t = m.get(key) ?? { errors: 0, words: 0 };
    m.set(key, { errors: t.errors + errors, words: t.words + n });
  };
  // The engine's start-up (≈ 1.5 s, once per process) is not part of any utterance.
  await hear(engine, { raw: join(dir, "babble-0.wav"), wav: join(dir, "warm.wav"), dir }, "");
  for (const [v, voice] of VOICES.entries()) {
    for (const [i, sentence] of sentences.entries()) {
      const raw = join(dir, `raw-${v}-${i}.wav`);
      voice.say(sentence, raw);
      // The server's own path to the decoder's format: any rate, mono, 16-bit, padded.
      const clean = join(dir, `clean-${v}-${i}.wav`);
      await prepareAudio(raw, clean, 600);
      for (const condition of CONDITIONS) {
        const conditioned = join(dir, `c-${v}-${i}.wav`);
        condition.make(clean, conditioned);
        const heard = await hear(engine, { raw: conditioned, wav: join(dir, `u-${v}-${i}.wav`), dir }, sentence);
        decodeMs += heard.decodeMs;
        audioMs += heard.audioMs;
        add(totals, condition.name, heard.errors, heard.words);
        add(byVoice, voice.name, heard.errors, heard.words);
        if (condition.name === "clean") add(cleanByVoice, voice.name, heard.errors, heard.words);
      }
    }
  }
  const pct = (t: { errors: number; words: number }) => `${((t.errors / t.words) * 100).toFixed(1)}%`;
  const all = [...totals.values()].reduce((a, t) => ({ errors: a.errors + t.errors, words: a.words + t.words }), { errors: 0, words: 0 });
  console.log(
    `${split} split: ${sentences.length} sentences × ${VOICES.length} voices × ${CONDITIONS.length} conditions; readings ${recognizer.readings}, language model weight ${recognizer.domainWeight}, denoise ${arg("denoise", "on")}`,
  );
  console.log("| condition | word error rate |\n|---|---|");
  for (const [name, t] of totals) console.log(`| ${name} | ${pct(t)} |`);
  console.log(`| **all conditions** | **${pct(all)}** |`);
  console.log("\n| voice (all conditions) | word error rate |\n|---|---|");
  for (const [name, t] of byVoice) console.log(`| ${name} | ${pct(t)} |`);
  console.log(`\nclean, by voice: ${[...cleanByVoice].map(([name, t]) => `${name} ${pct(t)}`).join(", ")}`);
  console.log(`\nreal-time factor ${(decodeMs / audioMs).toFixed(3)} (decode time / audio time)`);
} finally {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
}
