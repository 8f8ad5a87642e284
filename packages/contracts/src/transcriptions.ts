import { z } from "zod";

/** A stored transcription of one uploaded recording. */
export const Transcription = z.object({
  id: z.string(),
  text: z.string(),
  engine: z.string(),
  durationMs: z.number(),
  processingMs: z.number(),
  /** The words heard, with their times and how sure the engine was of each (0–1), where it says. */
  words: z
    .array(z.object({ word: z.string(), startMs: z.number().optional(), endMs: z.number().optional(), confidence: z.number().optional() }))
    .optional(),
  /** How sure the engine was of the whole text (0–1), where it says: below REPEAT_BELOW, ask the person to repeat. */
  confidence: z.number().optional(),
  /** Why the text is empty, when it is. */
  reason: z.string().optional(),
  createdAt: z.string(),
});
export type Transcription = z.infer<typeof Transcription>;

/** A speech engine: whether it can run here, and if not, what to install or set. */
export const SpeechEngine = z.object({ name: z.enum(["moonshine", "openai"]), available: z.boolean(), reason: z.string().optional() });
export const SpeechEngines = z.object({ engines: z.array(SpeechEngine) });
export type SpeechEngines = z.infer<typeof SpeechEngines>;

/** A word heard with less confidence than this is marked for the person to check. */
export const CHECK_WORD_BELOW = 0.5;
/** A recording heard with less overall confidence than this is not built from: the person is asked to repeat it. */
export const REPEAT_BELOW = 0.3;
