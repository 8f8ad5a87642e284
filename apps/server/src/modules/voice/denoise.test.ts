import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decoderPcm, prepareAudio } from "./audio.js";
import { cleanForDecoding, DENOISE_BELOW_SNR_DB, estimateSnrDb } from "./denoise.js";

const dir = mkdtempSync(join(tmpdir(), "vta-denoise-"));

async function speech(): Promise<Int16Array> {
  execFileSync("flite", ["-voice", "slt", "-t", "please add a column for the deposit", "-o", join(dir, "raw.wav")]);
  await prepareAudio(join(dir, "raw.wav"), join(dir, "s.wav"), 60);
  return decoderPcm(readFileSync(join(dir, "s.wav")));
}

/** `pcm` with white noise at `snrDb` under its level (a fixed seed: the same noise every run). */
function noisy(pcm: Int16Array, snrDb: number): Int16Array {
  const level = Math.sqrt(pcm.reduce((s, v) => s + v * v, 0) / pcm.length);
  const amplitude = (level / 10 ** (snrDb / 20)) * Math.sqrt(3);
  let seed = 11;
  return pcm.map((v) =>
    Math.max(-32768, Math.min(32767, Math.round(v + (((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1) * amplitude))),
  );
}

const rms = (x: Int16Array) => Math.sqrt(x.reduce((s, v) => s + v * v, 0) / x.length);

describe("noise suppression before decoding", () => {
  it("leaves a recording with a quiet floor alone", async () => {
    const clean = await speech();
    const out = cleanForDecoding(clean);
    expect(out.snrDb).toBeGreaterThan(DENOISE_BELOW_SNR_DB);
    expect(out.denoised).toBe(false);
    expect(out.pcm).toBe(clean);
  });

  it("finds the noise floor under noisy speech and removes most of it, keeping the speech's level", async () => {
    const clean = await speech();
    const mixed = noisy(clean, 10);
    expect(estimateSnrDb(mixed)).toBeLessThan(DENOISE_BELOW_SNR_DB);
    const out = cleanForDecoding(mixed);
    expect(out.denoised).toBe(true);
    expect(out.pcm.length).toBe(mixed.length);
    expect(estimateSnrDb(out.pcm)).toBeGreaterThan(out.snrDb + 20);
    // The speech stays: within a factor of two of the clean level.
    expect(rms(out.pcm) / rms(clean)).toBeGreaterThan(0.5);
    expect(rms(out.pcm) / rms(clean)).toBeLessThan(2);
  });
});
