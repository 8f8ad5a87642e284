import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPEAT_BELOW } from "@vta/contracts";
import { afterAll, describe, expect, it } from "vitest";
import { DECODER_RATE, decoderPcm, encodeWav, prepareAudio } from "../audio.js";
import { spokenWords, wordErrors } from "../../../../test/wer.js";
import { moonshineEngine } from "./moonshine.js";

const dir = mkdtempSync(join(tmpdir(), "vta-moonshine-"));
const engine = moonshineEngine();
afterAll(() => engine.close());

let serial = 0;
/** `text` spoken by a flite voice, in the decoder's format. */
async function spoken(text: string, voice = "slt"): Promise<string> {
  const raw = join(dir, `${++serial}.wav`);
  execFileSync("flite", ["-voice", voice, "-t", text, "-o", raw]);
  await prepareAudio(raw, `${raw}.16k.wav`, 120);
  return `${raw}.16k.wav`;
}

const hear = (wav: string, signal = AbortSignal.timeout(60_000)) =>
  engine.transcribe({ wav, original: wav, workDir: dir, workspaceId: "ws", vocabulary: { entities: [], fields: [] }, signal });

const errors = (sentence: string, text: string) => wordErrors(spokenWords(sentence), spokenWords(text));

describe("the offline recogniser", () => {
  it("hears everyday words no app template has, and is sure of them", async () => {
    const sentence = "we are planning a camping trip and need a packing list everyone can share";
    const heard = await hear(await spoken(sentence));
    // One slip allowed, and "every one" for "everyone" (how a word is split is not a mishearing).
    expect(errors(sentence, heard.text.replace(/every one/i, "everyone")), heard.text).toBeLessThanOrEqual(1);
    expect(heard.confidence).toBeGreaterThan(0.7);
    expect(heard.words!.map((w) => w.word).join(" ")).toBe(heard.text);
  }, 60_000);

  it("is unsure of noise (a recording to repeat, not to build from)", async () => {
    let s = 7;
    const noise = Float32Array.from({ length: DECODER_RATE * 3 }, () => ((s = (s * 16807) % 2147483647) / 2147483647 - 0.5) * 0.6);
    const wav = join(dir, "noise.wav");
    writeFileSync(wav, encodeWav(noise, DECODER_RATE));
    const heard = await hear(wav);
    expect(heard.text === "" || heard.confidence! < REPEAT_BELOW, JSON.stringify(heard)).toBe(true);
  }, 60_000);

  it("hears a long recording whole, cut at its pauses", async () => {
    const sentences = [
      "my sister runs a bakery downtown and sells bread and cakes every morning",
      "she wants to keep a list of her regular customers with their phone numbers",
      "every order has a pickup date a price and a note about allergies",
      "at the end of each week she would like to see how much she sold",
      "she also needs to know which cakes are the most popular ones",
    ];
    const parts = await Promise.all(sentences.map(async (s) => decoderPcm(await readFile(await spoken(s, "rms")))));
    const pause = new Int16Array(DECODER_RATE * 0.6);
    const joined = Int16Array.from(parts.flatMap((p) => [...p, ...pause]));
    expect(joined.length / DECODER_RATE).toBeGreaterThan(25);
    const wav = join(dir, "long.wav");
    writeFileSync(
      wav,
      encodeWav(
        Float32Array.from(joined, (v) => v / 32768),
        DECODER_RATE,
        0,
      ),
    );
    const heard = await hear(wav);
    const reference = sentences.join(" ");
    expect(errors(reference, heard.text) / spokenWords(reference).length, heard.text).toBeLessThan(0.1);
  }, 120_000);

  it("hears queued recordings one at a time, each its own", async () => {
    const sentences = ["add a field for the due date", "track my books with a title and an author", "remove the priority field"];
    const wavs = await Promise.all(sentences.map((s, i) => spoken(s, i % 2 ? "rms" : "awb")));
    const heard = await Promise.all(wavs.map((w) => hear(w)));
    // Each answer is its own recording's: nearer its own sentence than any other.
    heard.forEach((h, i) => {
      const distances = sentences.map((s) => errors(s, h.text) / spokenWords(s).length);
      expect(distances.indexOf(Math.min(...distances)), h.text).toBe(i);
    });
  }, 60_000);

  it("refuses an aborted request before hearing it", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(hear(await spoken("hello there"), controller.signal)).rejects.toThrow(/abort/i);
  }, 60_000);
});
