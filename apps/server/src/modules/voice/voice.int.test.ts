/**
 * Speech in, text out, on this machine: flite speaks requests the language model never saw, in
 * several voices; the offline recogniser transcribes them through the real upload API; the word
 * error rate must stay under its bound (see the test). Also: limits, formats, temp-folder cleanup, the OpenAI-compatible
 * engine against a local server, and building an app from a transcription.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createWorkspace, request, startTestApp, type Actor, type TestApp } from "../../../test/harness.js";
import { parsed } from "../../../test/parsed.js";
import { words } from "./lm/ngram.js";
import { trainingSentences } from "./lm/sentences.js";
import { encodeWav } from "./audio.js";
import { TEMP_PREFIX } from "./transcriptions.service.js";
import { spokenWords, UNSEEN_SENTENCES, wordErrors } from "../../../test/wer.js";
import { Agent, Build, BuildAccepted, ErrorBody, Interaction, pageOf, REPEAT_BELOW, SpeechEngines, Transcription } from "@vta/contracts";
import { sql } from "drizzle-orm";
import { queryRows } from "../../platform/db/rows.js";

const SENTENCES = UNSEEN_SENTENCES.slice(0, 8);
const VOICES = ["slt", "rms", "awb"];

let app: TestApp;
let base: string;
let me: Actor;
let stt: Server;
const dataDir = mkdtempSync(join(tmpdir(), "vta-voice-data-"));
const audioDir = mkdtempSync(join(tmpdir(), "vta-voice-audio-"));

function speak(text: string, voice: string): string {
  const file = join(audioDir, `${voice}-${text.replace(/\W+/g, "-").slice(0, 40)}.wav`);
  execFileSync("flite", ["-voice", voice, "-t", text, "-o", file]);
  return file;
}

/** The answer to an upload, read through its contract: a transcription when one was made (201), an error body otherwise. */
async function upload(
  actor: Actor,
  bytes: Buffer | Uint8Array,
  name = "speech.wav",
  field = "file",
): Promise<{ status: number; body: Partial<Transcription & ErrorBody> }> {
  const form = new FormData();
  form.append(field, new Blob([bytes]), name);
  const res = await fetch(`${base}/api/v1/transcriptions`, { method: "POST", headers: actor.headers, body: form });
  const body: unknown = await res.json();
  return { status: res.status, body: res.status === 201 ? Transcription.parse(body) : ErrorBody.parse(body) };
}

/** A silent 16-bit mono WAV of `seconds` at `rate`. */
const wavOf = (seconds: number, rate: number) => encodeWav(new Float32Array(Math.round(seconds * rate)), rate, 0);

const leftovers = () => readdirSync(tmpdir()).filter((n) => n.startsWith(TEMP_PREFIX));

beforeAll(async () => {
  stt = createServer((req, res) => {
    let size = 0;
    req.on("data", (c: Buffer) => (size += c.length));
    req.on("end", () => {
      const ok =
        req.url === "/v1/audio/transcriptions" &&
        req.headers.authorization === "Bearer stt-key" &&
        /multipart\/form-data/.test(req.headers["content-type"] ?? "");
      res
        .writeHead(ok ? 200 : 400, { "content-type": "application/json" })
        .end(JSON.stringify(ok ? { text: `heard ${size > 1000 ? "audio" : "nothing"}` } : { error: { message: "bad" } }));
    });
  });
  await new Promise<void>((r) => stt.listen(0, "127.0.0.1", r));
  app = await startTestApp({
    databaseUrl: inject("databaseUrl"),
    env: {
      DATA_DIR: dataDir,
      INGEST_FLUSH_MS: "5",
      STT_BASE_URL: `http://127.0.0.1:${(stt.address() as AddressInfo).port}/v1`,
      STT_API_KEY: "stt-key",
    },
  });
  base = await app.fastify.listen({ port: 0, host: "127.0.0.1" });
  me = await createWorkspace(app, "Speaker");
});

afterAll(async () => {
  await app.close();
  await new Promise((r) => stt.close(r));
});

describe("voice", () => {
  it("says the offline recogniser is available, and what the openai engine lacks when it does", async () => {
    const res = parsed(await request(app, me, { method: "GET", url: "/api/v1/transcriptions/engines" }), SpeechEngines);
    expect(res.engines).toContainEqual({ name: "moonshine", available: true });
    expect(res.engines).toContainEqual({ name: "openai", available: true });
  });

  // The bound is the neural recogniser's on these short requests (bench/speech.ts: 16–22% per flite
  // voice), with room for run-to-run variation; Debian's pocketsphinx, tuned on this phrasing, made
  // 10% here but 62% on everyday sentences in real rooms, and was replaced (docs/ARCHITECTURE.md, Voice).
  it("transcribes unseen requests in three flite voices with a word error rate of at most 25%", async () => {
    const corpus = new Set(trainingSentences().map((s) => words(s).join(" ")));
    for (const s of SENTENCES) expect(corpus.has(s), `"${s}" is in the language model's corpus`).toBe(false);
    let errors = 0;
    let total = 0;
    const lines: string[] = [];
    for (const voice of VOICES) {
      for (const sentence of SENTENCES) {
        const res = await upload(me, readFileSync(speak(sentence, voice)));
        expect(res.status, JSON.stringify(res.body)).toBe(201);
        expect(res.body.engine).toBe("moonshine");
        const ref = spokenWords(sentence);
        const hyp = spokenWords(res.body.text!);
        const e = wordErrors(ref, hyp);
        errors += e;
        total += ref.length;
        if (e) lines.push(`${voice}: "${sentence}" → "${res.body.text}"`);
      }
    }
    const wer = errors / total;
    console.log(
      `offline WER over ${SENTENCES.length} sentences × ${VOICES.length} voices: ${(wer * 100).toFixed(1)}% (${errors}/${total} words)${lines.length ? `\n  ${lines.join("\n  ")}` : ""}`,
    );
    expect(wer).toBeLessThanOrEqual(0.25);
    expect(leftovers()).toEqual([]);
  });

  it("builds an app from a transcription", async () => {
    const said = await upload(me, readFileSync(speak("an app to track my books with a title and an author", "slt")));
    expect(said.status).toBe(201);
    const started = await request(app, me, { method: "POST", url: "/api/v1/apps", payload: { transcriptionId: said.body.id } });
    const { buildId } = parsed(started, BuildAccepted, 202);
    let status = "queued";
    for (let i = 0; i < 200 && (status === "queued" || status === "running"); i++) {
      status = parsed(await request(app, me, { method: "GET", url: `/api/v1/builds/${buildId}` }), Build).status;
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(status).toBe("succeeded");
  });

  it("says how sure it is, and will not build from a recording it could barely hear", async () => {
    const said = await upload(me, readFileSync(speak("track my books with a title and an author", "slt")));
    const sure = said.body;
    expect(sure.confidence).toBeGreaterThan(REPEAT_BELOW);
    for (const w of sure.words ?? []) expect(w.confidence).toBeGreaterThanOrEqual(0);
    // What a noisy room gives: words, barely heard (stored as the engine would store them).
    const [unclear] = await queryRows<{ id: string }>(
      app.database.db,
      sql`
      insert into transcriptions (workspace_id, engine, text, duration_ms, processing_ms, confidence)
      values (${me.workspaceId}, 'moonshine', 'the and a track the', 3000, 400, 0.12) returning id`,
    );
    const refused = await request(app, me, { method: "POST", url: "/api/v1/apps", payload: { transcriptionId: unclear!.id } });
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.body).toMatch(/hard to hear \(about 12% sure/);
    // And nothing heard at all: 422 too, never a 500.
    const [empty] = await queryRows<{ id: string }>(
      app.database.db,
      sql`
      insert into transcriptions (workspace_id, engine, text, duration_ms, processing_ms) values (${me.workspaceId}, 'moonshine', '', 3000, 400) returning id`,
    );
    const nothing = await request(app, me, { method: "POST", url: "/api/v1/apps", payload: { transcriptionId: empty!.id } });
    expect(nothing.statusCode, nothing.body).toBe(422);
  });

  it("refuses junk with a clear 4xx or an empty transcript with a reason, never a 5xx, and leaves no temp files behind", async () => {
    const random = await upload(me, Buffer.from(Array.from({ length: 50_000 }, (_, i) => (i * 7919) % 251)), "noise.wav");
    expect(random.status).toBe(415);
    expect(random.body.error!.message).toMatch(/WAV, webm, ogg, mp3 or m4a/);

    expect((await upload(me, wavOf(0, 16_000))).status).toBe(400); // a WAV header with no data

    const silence = await upload(me, wavOf(3, 16_000));
    expect(silence.status).toBe(201);
    expect(silence.body).toMatchObject({ text: "", reason: expect.stringMatching(/No speech was recognized/) as unknown });

    // 11 minutes at 8 kHz: 10.6 MB, under the size limit, over the 10-minute one.
    const long = await upload(me, wavOf(11 * 60, 8000));
    expect(long.status).toBe(413);
    expect(long.body.error!.message).toMatch(/660 s long; the limit is 10 minutes/);

    const huge = await upload(me, Buffer.concat([wavOf(1, 16_000), Buffer.alloc(26 * 1_048_576)]));
    expect(huge.status).toBe(413);

    const wrongField = await upload(me, readFileSync(speak("hello", "slt")), "a.wav", "audio");
    expect(wrongField.status).toBe(400);

    const notMultipart = await request(app, me, { method: "POST", url: "/api/v1/transcriptions", payload: { file: "x" } });
    expect(notMultipart.statusCode).toBe(415);

    // A client that goes away mid-upload: the folder is removed all the same.
    const controller = new AbortController();
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(
          new TextEncoder().encode(
            `--b\r\ncontent-disposition: form-data; name="file"; filename="a.wav"\r\ncontent-type: audio/wav\r\n\r\nRIFF`,
          ),
        );
        setTimeout(() => controller.abort(), 200);
      },
    });
    await fetch(`${base}/api/v1/transcriptions`, {
      method: "POST",
      headers: { ...me.headers, "content-type": "multipart/form-data; boundary=b" },
      body,
      signal: controller.signal,
      duplex: "half",
    }).catch(() => undefined);
    for (let i = 0; i < 50 && leftovers().length; i++) await new Promise((r) => setTimeout(r, 50));
    expect(leftovers()).toEqual([]);
  });

  it("refuses a decompression bomb (10 hours of silence, 2 MB of m4a) with 413, decoding at most the limit", async () => {
    const bomb = join(audioDir, "bomb.m4a");
    execFileSync("ffmpeg", [
      "-nostdin",
      "-y",
      "-loglevel",
      "error",
      "-f",
      "lavfi",
      "-i",
      "anullsrc=r=8000:cl=mono",
      "-t",
      "36000",
      "-c:a",
      "aac",
      "-b:a",
      "8k",
      bomb,
    ]);
    const bytes = readFileSync(bomb);
    let written = 0;
    const watch = setInterval(() => {
      for (const dir of leftovers()) {
        const size = readdirSync(join(tmpdir(), dir)).reduce((sum, f) => sum + statSync(join(tmpdir(), dir, f)).size, 0);
        written = Math.max(written, size);
      }
    }, 10);
    const rss = process.memoryUsage().rss;
    const started = performance.now();
    const res = await upload(me, bytes, "bomb.m4a");
    const ms = performance.now() - started;
    clearInterval(watch);
    expect(res.status).toBe(413);
    expect(res.body.error!.message).toMatch(/more than 10 minutes/);
    // The time is the machine's; what bounds it is that at most the limit is decoded (measured: docs/BENCHMARKS.md).
    console.log(`decompression bomb: 413 after ${Math.round(ms)} ms, at most ${(written / 1_048_576).toFixed(1)} MB written`);
    expect(written).toBeLessThan(50 * 1_048_576);
    expect(process.memoryUsage().rss - rss).toBeLessThan(100 * 1_048_576);
    expect(leftovers()).toEqual([]);
  }, 60_000);

  it("never lets ffmpeg follow a playlist, never shows a server path, and answers broken WAVs with 400", async () => {
    // Frame-sync bytes sniff as mp3; the rest is an HLS playlist pointing at a local file.
    const playlist = Buffer.concat([
      Buffer.from([0xff, 0xfb, 0x90, 0x00]),
      Buffer.from("\n#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1,\nfile:///etc/hostname\n#EXT-X-ENDLIST\n"),
    ]);
    const hls = await upload(me, playlist, "song.mp3");
    expect(hls.status).toBe(400);
    expect(hls.body.error!.message).not.toMatch(/\/tmp|vta-stt|\/etc/);

    const header = wavOf(1, 16_000);
    const truncatedFmt = Buffer.concat([header.subarray(0, 12), Buffer.from("fmt "), Buffer.from([16, 0, 0, 0, 1, 0])]);
    const noChannels = Buffer.from(header);
    noChannels.writeUInt16LE(0, 22);
    const noBits = Buffer.from(header);
    noBits.writeUInt16LE(0, 34);
    for (const broken of [truncatedFmt, noChannels, noBits]) {
      const res = await upload(me, broken, "broken.wav");
      expect(res.status).toBe(400);
      expect(res.body.error!.message).toMatch(/WAV/);
    }
  });

  it("never answers 5xx to mutated WAV files or mutated multipart bodies", async () => {
    const wav = wavOf(0.5, 16_000);
    const statuses = new Map<number, number>();
    const count = (s: number) => statuses.set(s, (statuses.get(s) ?? 0) + 1);
    const failures: string[] = [];
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(63), fc.nat(255)), { minLength: 1, maxLength: 6 }),
        fc.option(fc.nat(wav.length), { nil: undefined }),
        async (flips, cut) => {
          const bytes = Buffer.from(wav.subarray(0, cut ?? wav.length));
          for (const [at, value] of flips) if (at < bytes.length) bytes[at] = value;
          const res = await upload(me, bytes, "mutated.wav");
          count(res.status);
          if (res.status >= 500) failures.push(`wav ${bytes.subarray(0, 48).toString("hex")} → ${res.status} ${JSON.stringify(res.body)}`);
        },
      ),
      { numRuns: 40, seed: 7 },
    );
    const valid = `--b\r\ncontent-disposition: form-data; name="file"; filename="a.wav"\r\ncontent-type: audio/wav\r\n\r\n${wav.subarray(0, 200).toString("latin1")}\r\n--b--\r\n`;
    await fc.assert(
      fc.asyncProperty(
        fc.nat(valid.length),
        fc.array(fc.tuple(fc.nat(valid.length - 1), fc.constantFrom("-", "\r", "\n", ":", ";", '"', "x", "\u0000")), { maxLength: 4 }),
        async (cut, edits) => {
          const chars = [...valid.slice(0, cut)];
          for (const [at, ch] of edits) if (at < chars.length) chars[at] = ch;
          const res = await fetch(`${base}/api/v1/transcriptions`, {
            method: "POST",
            headers: { ...me.headers, "content-type": "multipart/form-data; boundary=b" },
            body: Buffer.from(chars.join(""), "latin1"),
          });
          count(res.status);
          if (res.status >= 500) failures.push(`multipart cut at ${cut} with ${JSON.stringify(edits)} → ${res.status} ${await res.text()}`);
        },
      ),
      { numRuns: 40, seed: 11 },
    );
    console.log(
      `mutated uploads: ${[...statuses]
        .sort((a, b) => a[0] - b[0])
        .map(([st, n]) => `${st}×${n}`)
        .join(" ")}`,
    );
    expect(failures).toEqual([]);
    for (let i = 0; i < 50 && leftovers().length; i++) await new Promise((r) => setTimeout(r, 50));
    expect(leftovers()).toEqual([]);
  }, 120_000);

  it("uses the Transcriber agent's engine: an OpenAI-compatible service when its provider is openai", async () => {
    const other = await createWorkspace(app, "Cloud");
    await upload(other, readFileSync(speak("hello there", "slt"))); // creates the workspace's Transcriber
    const agents = parsed(await request(app, other, { method: "GET", url: "/api/v1/agents" }), pageOf(Agent));
    const transcriber = agents.items.find((a) => a.role === "transcriber")!;
    await request(app, other, {
      method: "PATCH",
      url: `/api/v1/agents/${transcriber.id}`,
      payload: { config: { provider: "openai", model: "whisper-1" } },
    });
    const res = await upload(other, readFileSync(speak("add a notes field", "slt")));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ engine: "openai", text: "heard audio" });
    const logged = parsed(
      await request(app, other, { method: "GET", url: `/api/v1/interactions?agentId=${transcriber.id}` }),
      pageOf(Interaction),
    );
    expect(logged.items.length).toBe(2);
  });
});
