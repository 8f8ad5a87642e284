/**
 * The offline engine: Moonshine, a neural recogniser of English speech at large, on its own thread
 * (recognizer/). A noisy recording is denoised first and silence is left out. For each piece of
 * speech the recogniser's likeliest readings are weighed with the workspace's language model
 * (lm/ngram.ts: how people ask the Studio for apps, with the workspace's own entity and field
 * names), so "add a field" wins a near tie with "had a field". Each word carries how sure the
 * recogniser was.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { decoderPcm } from "../audio.js";
import { domainModel, type NgramModel } from "../lm/ngram.js";
import { moonshineModelDir } from "../recognizer/model-files.js";
import type { Hypothesis } from "../recognizer/moonshine-model.js";
import { Recognizer } from "../recognizer/recognizer.js";
import type { SttEngine } from "./engine.js";

const require = createRequire(import.meta.url);

/** Chosen on the dev splits (bench/speech-conditions.ts --split dev, bench/speech.ts --dev). */
export const RECOGNIZER_SETTINGS = {
  /** Readings weighed per piece of speech (the beam search's width). */
  readings: 4,
  /** Weight of the workspace's language model against the recogniser's own score. */
  domainWeight: 0.3,
  denoise: true,
};

function runtimeInstalled(): boolean {
  try {
    require.resolve("onnxruntime-node");
    return true;
  } catch {
    return false;
  }
}

/** The reading with the best combined score: the recogniser's, plus the language model's at its weight. */
export function bestReading(readings: Hypothesis[], model: NgramModel, weight: number): Hypothesis {
  const score = (h: Hypothesis) => h.logProb + weight * model.logProb(h.words.map((w) => w.word).join(" "));
  return readings.reduce((best, h) => (score(h) > score(best) ? h : best));
}

export function moonshineEngine(settings = RECOGNIZER_SETTINGS, recognizer = new Recognizer()): SttEngine & { close(): Promise<void> } {
  return {
    name: "moonshine",
    availability() {
      if (!moonshineModelDir() || !runtimeInstalled()) return { available: false, reason: "the speech model is not installed (run npm ci)" };
      return { available: true };
    },
    async transcribe({ wav, vocabulary, signal }) {
      const heard = await recognizer.hear(decoderPcm(await readFile(wav)), { signal, denoise: settings.denoise, readings: settings.readings });
      const model = domainModel(vocabulary);
      const words = heard.pieces.flatMap((readings) => (readings.length ? bestReading(readings, model, settings.domainWeight).words : []));
      const confidence = words.length ? words.reduce((s, w) => s + w.confidence, 0) / words.length : 0;
      return { text: words.map((w) => w.word).join(" "), words, confidence };
    },
    close: () => recognizer.close(),
  };
}
