import { z } from "zod";

/** A stored transcription of one uploaded recording. */
export const Transcription = z.object({
  id: z.string(),
  text: z.string(),
  engine: z.string(),
  durationMs: z.number(),
  processingMs: z.number(),
  words: z.array(z.object({ word: z.string(), startMs: z.number(), endMs: z.number() })).optional(),
  /** Why the text is empty, when it is. */
  reason: z.string().optional(),
  createdAt: z.string(),
});
export type Transcription = z.infer<typeof Transcription>;
