import type { Vocabulary } from "../lm/ngram.js";

export interface SttResult {
  text: string;
  /** Word times, and the engine's confidence in each word (0–1) where it gives one. */
  words?: { word: string; startMs?: number; endMs?: number; confidence?: number }[];
  /** How sure the engine is of the whole text (0–1), where it says. */
  confidence?: number;
}

export interface SttEngine {
  readonly name: "moonshine" | "openai";
  /** Whether it can run here, and if not, what to install or set. */
  availability(): { available: true } | { available: false; reason: string };
  /** `wav`: 16 kHz mono 16-bit, padded; `original`: the file as uploaded (for remote engines). */
  /** `workspaceId`: whose vocabulary (and model on disk) this is. */
  transcribe(input: {
    wav: string;
    original: string;
    workDir: string;
    workspaceId: string;
    vocabulary: Vocabulary;
    signal: AbortSignal;
  }): Promise<SttResult>;
  /**
   * Reads 16 kHz samples as they are (live speech); `quick`: a partial reading of the words so far
   * (one beam, no clean-up). Absent when the engine only reads whole files.
   */
  hearPcm?(pcm: Int16Array, options: { vocabulary: Vocabulary; signal: AbortSignal; quick: boolean }): Promise<SttResult>;
}
