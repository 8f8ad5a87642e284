import { describe, expect, it } from "vitest";
import { DECODER_RATE, frameLevels } from "../audio.js";
import { MAX_PIECE_SECONDS, levelled, speechPieces, speechSpans } from "./speech-spans.js";

/** A deterministic recording: `parts` of [seconds, amplitude] (a 220 Hz voice-like tone over faint noise). */
function recording(parts: [number, number][], noise = 30): Int16Array {
  let s = 11;
  const out: number[] = [];
  for (const [seconds, amplitude] of parts) {
    for (let i = 0; i < seconds * DECODER_RATE; i++) {
      s = (s * 16807) % 2147483647;
      out.push(
        amplitude * Math.sin((2 * Math.PI * 220 * i) / DECODER_RATE) * (1 + 0.3 * Math.sin((2 * Math.PI * 4 * i) / DECODER_RATE)) +
          (s / 2147483647 - 0.5) * noise,
      );
    }
  }
  return Int16Array.from(out, (v) => Math.round(v));
}

const seconds = (samples: number) => samples / DECODER_RATE;

describe("finding the speech in a recording", () => {
  it("finds none in silence, and keeps all of a recording whose level never changes for the recogniser to judge", () => {
    expect(speechSpans(new Int16Array(DECODER_RATE * 2))).toEqual([]);
    expect(speechSpans(recording([[2, 0]], 20))).toEqual([]);
    const steady = recording([[3, 0]], 3000);
    expect(speechSpans(steady)).toEqual([[0, steady.length]]);
  });

  it("leaves out the silence around and between sentences, but keeps short pauses inside one", () => {
    const pcm = recording([
      [1.5, 0],
      [1, 8000],
      [0.2, 0],
      [1, 8000],
      [2, 0],
      [1.2, 6000],
      [1, 0],
    ]);
    const spans = speechSpans(pcm).map(([s, e]) => [seconds(s), seconds(e)]);
    expect(spans).toHaveLength(2);
    // Each span starts and ends within the padding (0.2 s) of its speech.
    expect(spans[0]![0]).toBeCloseTo(1.3, 1);
    expect(spans[0]![1]).toBeCloseTo(3.9, 1);
    expect(spans[1]![0]).toBeCloseTo(5.5, 1);
    expect(spans[1]![1]).toBeCloseTo(7.1, 1);
  });

  it("cuts long speech into pieces the recogniser takes, at pauses, losing none of it", () => {
    const parts: [number, number][] = [];
    for (let i = 0; i < 12; i++) parts.push([4, 8000], [0.3, 0]);
    const pcm = recording(parts);
    const pieces = speechPieces(pcm);
    expect(pieces.length).toBeGreaterThanOrEqual(3);
    for (const p of pieces) expect(seconds(p.length)).toBeLessThanOrEqual(MAX_PIECE_SECONDS);
    // Together they hold all of the speech (only the 0.3 s pauses may fall between them).
    const total = pieces.reduce((n, p) => n + p.length, 0);
    expect(seconds(total)).toBeGreaterThan(12 * 4);
    // Cuts fall in pauses: every piece ends quietly.
    for (const p of pieces.slice(0, -1)) expect(frameLevels(p).at(-1)!).toBeLessThan(-50);
  });

  it("brings quiet speech up to one level, and never gains noise without bound", () => {
    const quiet = levelled(recording([[1, 300]]));
    const loud = levelled(recording([[1, 12000]]));
    const rms = (x: Float32Array) => 20 * Math.log10(Math.sqrt(x.reduce((s, v) => s + v * v, 0) / x.length));
    expect(Math.abs(rms(quiet) - rms(loud))).toBeLessThan(3);
    const whisper = levelled(recording([[1, 10]], 0));
    expect(rms(whisper)).toBeLessThan(rms(loud) - 20);
  });
});
