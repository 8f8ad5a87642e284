import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPEAT_BELOW } from "@vta/contracts";
import { describe, expect, it } from "vitest";
import { DECODER_RATE, decoderPcm, encodeWav, prepareAudio } from "../audio.js";
import { words } from "../lm/arpa.js";
import { speechModel } from "../lm/model.js";
import { wordErrors } from "../wer.js";
import { SphinxDecoder } from "./sphinx-decoder.js";

const dir = mkdtempSync(join(tmpdir(), "vta-decoder-"));
const decoder = new SphinxDecoder();

const pcm = async (wav: string) => decoderPcm(await readFile(wav));

async function spoken(text: string, voice = "slt"): Promise<Int16Array> {
  const raw = join(dir, `${voice}-${words(text).join("-")}.wav`);
  execFileSync("flite", ["-voice", voice, "-t", text, "-o", raw]);
  await prepareAudio(raw, `${raw}.16k.wav`, 60);
  return pcm(`${raw}.16k.wav`);
}

const model = (entities: string[], owner = "ws") => speechModel(join(dir, "models"), owner, { entities, fields: ["name"] });

describe("the in-process decoder", () => {
  it("hears everyday words outside the app templates, and is sure of them", async () => {
    const sentence = "we are planning a camping trip and need a packing list everyone can share";
    const heard = await decoder.decode(await spoken(sentence), await model([]));
    expect(wordErrors(words(sentence), words(heard.text))).toBeLessThanOrEqual(1);
    expect(heard.confidence).toBeGreaterThan(0.6);
    expect(heard.words.map((w) => w.word).join(" ")).toBe(heard.text);
    for (const w of heard.words) expect(w.endMs).toBeGreaterThan(w.startMs);
  }, 60_000);

  it("is unsure of noise (a recording to repeat, not to build from)", async () => {
    let s = 7;
    const noise = Float32Array.from({ length: DECODER_RATE * 3 }, () => ((s = (s * 16807) % 2147483647) / 2147483647 - 0.5) * 0.6);
    const wav = join(dir, "noise.wav");
    await import("node:fs/promises").then((fs) => fs.writeFile(wav, encodeWav(noise, DECODER_RATE)));
    const heard = await decoder.decode(await pcm(wav), await model([]));
    expect(heard.text === "" || heard.confidence < REPEAT_BELOW, JSON.stringify(heard)).toBe(true);
  }, 60_000);

  it("decodes queued utterances one at a time, each with its own workspace model, and keeps only a few searches", async () => {
    const a = await spoken("add a field for the due date", "rms");
    const b = await spoken("track my books with a title and an author", "slt");
    const models = await Promise.all([["book"], ["task"], ["member"], ["loan"], ["shelf"]].map((entities, i) => model(entities, `ws${i}`)));
    const heard = await Promise.all(models.map((m, i) => decoder.decode(i % 2 ? a : b, m)));
    heard.forEach((h, i) => expect(wordErrors(words(i % 2 ? "add a field for the due date" : "track my books with a title and an author"), words(h.text))).toBeLessThanOrEqual(2));
    expect(decoder.searchCount).toBeLessThanOrEqual(4);
  }, 120_000);

  it("refuses an aborted request before decoding it", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(decoder.decode(await spoken("hello there"), await model([]), controller.signal)).rejects.toThrow(/abort/i);
  }, 60_000);
});
