/** One spoken sentence through the server's audio path and an engine: its errors and its times. */
import { prepareAudio } from "../apps/server/src/modules/voice/audio.js";
import type { SttEngine } from "../apps/server/src/modules/voice/engines/engine.js";
import { spokenWords, wordErrors } from "../apps/server/test/wer.js";

export async function hear(engine: Pick<SttEngine, "transcribe">, audio: { raw: string; wav: string; dir: string }, sentence: string) {
  const { durationMs } = await prepareAudio(audio.raw, audio.wav, 600);
  const started = performance.now();
  const vocabulary = { entities: [], fields: [] };
  const { text } = await engine.transcribe({
    wav: audio.wav,
    original: audio.raw,
    workDir: audio.dir,
    workspaceId: "bench",
    vocabulary,
    signal: AbortSignal.timeout(60_000),
  });
  const ref = spokenWords(sentence);
  return {
    text,
    errors: wordErrors(ref, spokenWords(text)),
    words: ref.length,
    audioMs: durationMs,
    decodeMs: performance.now() - started,
  };
}
