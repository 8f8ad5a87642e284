/**
 * The recogniser's thread: loads the model once, then hears one recording at a time. Clean-up
 * (denoising, finding the speech, levelling) and the choice among the readings (the workspace's
 * language model, built here and kept per vocabulary) run here too, so neither a long upload nor a
 * new vocabulary blocks the server's event loop.
 */
import { parentPort, workerData } from "node:worker_threads";
import { cleanForDecoding } from "../denoise.js";
import { domainModel, type NgramModel, type Vocabulary } from "../lm/ngram.js";
import { MoonshineModel, type HeardWord, type Hypothesis } from "./moonshine-model.js";
import { levelled, speechPieces } from "./speech-spans.js";

export interface HearJob {
  id: number;
  pcm: Int16Array;
  denoise: boolean;
  /** Readings weighed per piece of speech (the beam's width). */
  readings: number;
  /** The workspace's names, for its language model, and that model's weight against the recogniser's score. */
  vocabulary: Vocabulary;
  lmWeight: number;
}

/** The words heard, each piece of speech read as the likeliest reading. */
export type HearReply = { id: number; words: HeardWord[]; denoised: boolean } | { id: number; error: string };

/** The reading with the best combined score: the recogniser's, plus the language model's at its weight. */
function bestReading(readings: Hypothesis[], model: NgramModel, weight: number): Hypothesis {
  const score = (h: Hypothesis) => h.logProb + weight * model.logProb(h.words.map((w) => w.word).join(" "));
  return readings.reduce((best, h) => (score(h) > score(best) ? h : best));
}

const port = parentPort!;
const model = MoonshineModel.load((workerData as { threads: number }).threads);
// Start-up failures are reported with the first job, not thrown here.
model.catch(() => undefined);

port.on("message", (job: HearJob) => {
  void (async (): Promise<HearReply> => {
    try {
      const m = await model;
      const { pcm, denoised } = job.denoise ? cleanForDecoding(job.pcm) : { pcm: job.pcm, denoised: false };
      const lm = domainModel(job.vocabulary);
      const words: HeardWord[] = [];
      for (const piece of speechPieces(pcm)) {
        const readings = await m.hear(levelled(piece), job.readings);
        if (readings.length) words.push(...bestReading(readings, lm, job.lmWeight).words);
      }
      return { id: job.id, words, denoised };
    } catch (err) {
      return { id: job.id, error: err instanceof Error ? err.message : String(err) };
    }
  })().then((reply) => port.postMessage(reply));
});
