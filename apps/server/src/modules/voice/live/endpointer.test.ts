import { describe, expect, it } from "vitest";
import { Endpointer } from "./endpointer.js";

const RATE = 16_000;
/** `ms` of a 200 Hz tone at `amplitude` (0–1), or of silence with a little noise. */
const tone = (ms: number, amplitude: number) =>
  Int16Array.from({ length: (RATE * ms) / 1000 }, (_, i) => Math.round(amplitude * 32767 * Math.sin((2 * Math.PI * 200 * i) / RATE)));
const hush = (ms: number) => Int16Array.from({ length: (RATE * ms) / 1000 }, (_, i) => ((i * 7919) % 61) - 30);

describe("the live endpointer", () => {
  it("finds speech, says when the quiet begins, and ends after the quiet lasts", () => {
    const e = new Endpointer({ endSilenceMs: 500, quietMs: 200 });
    expect(e.push(hush(400))).toEqual([]);
    const start = e.push(tone(800, 0.3));
    expect(start[0]).toMatchObject({ type: "speech" });
    expect(Math.abs(start[0]!.atSample - 0.4 * RATE)).toBeLessThan(0.05 * RATE);
    const quiet = e.push(hush(300));
    expect(quiet).toEqual([{ type: "quiet", atSample: 1.2 * RATE }]);
    expect(e.push(hush(300))).toEqual([{ type: "end", atSample: 1.2 * RATE }]);
    expect(e.ended).toBe(true);
  });

  it("takes a click for nothing and keeps listening", () => {
    const e = new Endpointer({ endSilenceMs: 500, quietMs: 200 });
    e.push(hush(300));
    e.push(tone(60, 0.5));
    expect(e.push(hush(700)).map((x) => x.type)).toEqual(["quiet"]);
    expect(e.speechStart).toBeNull();
    expect(e.push(tone(400, 0.3)).map((x) => x.type)).toEqual(["speech"]);
  });

  it("says speech has resumed when the speaker goes on after a pause", () => {
    const e = new Endpointer({ endSilenceMs: 500, quietMs: 200 });
    e.push(hush(200));
    e.push(tone(500, 0.3));
    expect(e.push(hush(250)).map((x) => x.type)).toEqual(["quiet"]);
    expect(e.push(tone(300, 0.3)).map((x) => x.type)).toEqual(["speech"]);
    expect(e.quietStart).toBeNull();
  });
});
