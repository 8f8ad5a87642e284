import { describe, expect, it } from "vitest";
import { Downsampler, levelOf, toPcm16le } from "./downsample";

const sine = (hz: number, rate: number, seconds: number, amplitude = 0.5) =>
  Float32Array.from({ length: Math.round(rate * seconds) }, (_, i) => amplitude * Math.sin((2 * Math.PI * hz * i) / rate));

/** Fed as the worklet feeds it: 128 samples at a time. */
function inBlocks(d: Downsampler, input: Float32Array): Float32Array {
  const parts: number[] = [];
  for (let i = 0; i < input.length; i += 128) parts.push(...d.push(input.subarray(i, i + 128)));
  return Float32Array.from(parts);
}

const rms = (x: Float32Array) => Math.sqrt(x.reduce((s, v) => s + v * v, 0) / x.length);

describe("Downsampler", () => {
  it.each([48_000, 44_100])("keeps a 1 kHz tone at %i Hz: 16,000 samples a second, each where the tone is at that moment", (rate) => {
    const out = inBlocks(new Downsampler(rate), sine(1000, rate, 1));
    // The filter holds back half its length (about 1 ms) until more input comes.
    expect(out.length).toBeGreaterThan(15_950);
    expect(out.length).toBeLessThanOrEqual(16_000);
    const wanted = sine(1000, 16_000, 1);
    const worst = Math.max(...Array.from(out.subarray(100), (v, i) => Math.abs(v - wanted[i + 100]!)));
    expect(worst).toBeLessThan(0.002);
    expect(rms(out.subarray(100))).toBeCloseTo(0.5 / Math.SQRT2, 2);
  });

  it("removes a 12 kHz tone instead of folding it down to 4 kHz", () => {
    const out = inBlocks(new Downsampler(48_000), sine(12_000, 48_000, 0.5));
    expect(rms(out.subarray(100))).toBeLessThan(0.005);
  });

  it("gives the same samples whatever the size of the blocks", () => {
    const input = sine(440, 44_100, 0.3);
    const whole = new Downsampler(44_100).push(input);
    const blocks = inBlocks(new Downsampler(44_100), input);
    expect(blocks.length).toBe(whole.length);
    expect(Array.from(blocks)).toEqual(Array.from(whole));
  });

  it("passes 16 kHz through untouched", () => {
    const input = Float32Array.of(0.1, -0.2, 0.3);
    expect(Array.from(new Downsampler(16_000).push(input))).toEqual(Array.from(input));
  });
});

describe("toPcm16le", () => {
  it("writes little-endian 16-bit samples, clipped to the range", () => {
    const bytes = new Uint8Array(toPcm16le(Float32Array.of(0, 1, -1, 2, 0.5)));
    expect(Array.from(bytes)).toEqual([0x00, 0x00, 0xff, 0x7f, 0x00, 0x80, 0xff, 0x7f, 0x00, 0x40]);
  });

  it("measures a level: silence is 0, a loud tone reaches the top", () => {
    expect(levelOf(toPcm16le(new Float32Array(640)))).toBe(0);
    expect(levelOf(toPcm16le(sine(1000, 16_000, 0.04, 0.5)))).toBe(1);
    expect(levelOf(toPcm16le(sine(1000, 16_000, 0.04, 0.05)))).toBeCloseTo(0.14, 1);
  });
});
