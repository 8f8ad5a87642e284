/**
 * The offline engine: Moonshine, a neural recogniser of English speech at large, on its own thread
 * (recognizer/). A noisy recording is denoised first and silence is left out. For each piece of
 * speech the recogniser's likeliest readings are weighed there with the workspace's language model
 * (lm/ngram.ts: how people ask the Studio for apps, with the workspace's own entity and field
 * names), so "add a field" wins a near tie with "had a field". Each word carries how sure the
 * recogniser was.
 */
import { readFile } from "node:fs/promises";
import { decoderPcm } from "../audio.js";
import { recognizerMissing } from "../recognizer/model-files.js";
import { Recognizer } from "../recognizer/recognizer.js";
import type { SttEngine } from "./engine.js";

/** Chosen on the dev splits (bench/speech-conditions.ts --split dev, bench/speech.ts --dev). */
export const RECOGNIZER_SETTINGS = {
  /** Readings weighed per piece of speech (the beam search's width). */
  readings: 4,
  /** Weight of the workspace's language model against the recogniser's own score. */
  domainWeight: 0.3,
  denoise: true,
};

export function moonshineEngine(settings = RECOGNIZER_SETTINGS, recognizer = new Recognizer()): SttEngine & { close(): Promise<void> } {
  return {
    name: "moonshine",
    availability() {
      const missing = recognizerMissing();
      return missing ? { available: false, reason: missing } : { available: true };
    },
    async transcribe({ wav, vocabulary, signal }) {
      return this.hearPcm!(decoderPcm(await readFile(wav)), { vocabulary, signal, quick: false });
    },
    async hearPcm(pcm, { vocabulary, signal, quick }) {
      const { readings, denoise, domainWeight } = settings;
      const { words } = await recognizer.hear(
        pcm,
        quick
          ? { signal, denoise: false, readings: 1, vocabulary, lmWeight: 0 }
          : { signal, denoise, readings, vocabulary, lmWeight: domainWeight },
      );
      const confidence = words.length ? words.reduce((s, w) => s + w.confidence, 0) / words.length : 0;
      return { text: words.map((w) => w.word).join(" "), words, confidence };
    },
    close: () => recognizer.close(),
  };
}
