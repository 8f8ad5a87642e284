/**
 * The recogniser's thread: loads the model once, then hears one recording at a time. Clean-up
 * (denoising, finding the speech, levelling) runs here too, so a long upload never blocks the
 * server's event loop.
 */
import { parentPort, workerData } from "node:worker_threads";
import { cleanForDecoding } from "../denoise.js";
import { MoonshineModel, type Hypothesis } from "./moonshine-model.js";
import { levelled, speechPieces } from "./speech-spans.js";

export interface HearJob {
  id: number;
  pcm: Int16Array;
  denoise: boolean;
  /** Readings kept per piece of speech (the beam's width). */
  readings: number;
}

/** Per piece of speech, in order: its readings, likeliest first. */
export type HearReply = { id: number; pieces: Hypothesis[][]; denoised: boolean } | { id: number; error: string };

const port = parentPort!;
const model = MoonshineModel.load((workerData as { threads: number }).threads);
// Start-up failures are reported with the first job, not thrown here.
model.catch(() => undefined);

port.on("message", (job: HearJob) => {
  void (async (): Promise<HearReply> => {
    try {
      const m = await model;
      const { pcm, denoised } = job.denoise ? cleanForDecoding(job.pcm) : { pcm: job.pcm, denoised: false };
      const pieces: Hypothesis[][] = [];
      for (const piece of speechPieces(pcm)) pieces.push(await m.hear(levelled(piece), job.readings));
      return { id: job.id, pieces, denoised };
    } catch (err) {
      return { id: job.id, error: err instanceof Error ? err.message : String(err) };
    }
  })().then((reply) => port.postMessage(reply));
});
