/**
 * Audio in, 16 kHz mono 16-bit WAV out (what the decoder wants), padded with silence at both ends
 * (a first word spoken at the very start is otherwise lost). WAV is read here, any rate or channel
 * count; webm, ogg, mp3 and m4a go through ffmpeg when it is installed.
 */
import { spawn, spawnSync } from "node:child_process";
import { open, readFile, stat, writeFile } from "node:fs/promises";
import { HttpError } from "../../platform/http/errors.js";

export type AudioKind = "wav" | "webm" | "ogg" | "mp3" | "m4a";

export const DECODER_RATE = 16_000;
export const PAD_S = 0.4;

/** The container, from the first bytes (not from the name or the client's content type). */
export function sniff(head: Buffer): AudioKind | null {
  if (head.length >= 12 && head.toString("ascii", 0, 4) === "RIFF" && head.toString("ascii", 8, 12) === "WAVE") return "wav";
  if (head.length >= 4 && head.readUInt32BE(0) === 0x1a45dfa3) return "webm";
  if (head.toString("ascii", 0, 4) === "OggS") return "ogg";
  if (head.toString("ascii", 0, 3) === "ID3" || (head.length >= 2 && head[0] === 0xff && (head[1]! & 0xe0) === 0xe0)) return "mp3";
  if (head.length >= 8 && head.toString("ascii", 4, 8) === "ftyp") return "m4a";
  return null;
}

interface Wav {
  rate: number;
  channels: number;
  bits: number;
  float: boolean;
  data: Buffer;
}

const badWav = (why: string) => new HttpError(400, "bad_audio", `This WAV file cannot be read: ${why}`);

function parseWav(buf: Buffer): Wav {
  let offset = 12;
  let fmt: Omit<Wav, "data"> | null = null;
  while (offset + 8 <= buf.length) {
    const id = buf.toString("ascii", offset, offset + 4);
    const size = buf.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === "fmt ") {
      if (size < 16 || body + 16 > buf.length) throw badWav("its format chunk is cut short");
      const format = buf.readUInt16LE(body);
      fmt = {
        channels: buf.readUInt16LE(body + 2),
        rate: buf.readUInt32LE(body + 4),
        bits: buf.readUInt16LE(body + 14),
        float: format === 3,
      };
      if (format !== 1 && format !== 3 && format !== 0xfffe)
        throw unsupported("This WAV file is compressed; send PCM WAV, or webm/ogg/mp3/m4a");
      if (fmt.channels < 1 || fmt.channels > 32) throw badWav(`it says it has ${fmt.channels} channels`);
      if (![8, 16, 24, 32].includes(fmt.bits) || (fmt.float && fmt.bits !== 32)) throw badWav(`${fmt.bits}-bit samples are not supported`);
      if (fmt.rate < 1000 || fmt.rate > 384_000) throw badWav(`a sample rate of ${fmt.rate} Hz is not audio`);
    } else if (id === "data") {
      if (!fmt) break;
      return { ...fmt, data: buf.subarray(body, Math.min(buf.length, body + size)) };
    }
    offset = body + size + (size % 2);
  }
  throw new HttpError(400, "bad_audio", "This WAV file has no audio data the server can read");
}

const unsupported = (message: string) => new HttpError(415, "unsupported_media_type", message);
const tooLong = (length: string, maxSeconds: number) =>
  new HttpError(413, "payload_too_large", `The recording is ${length} long; the limit is ${Math.round(maxSeconds / 60)} minutes`);

/** Mono samples in [-1, 1] out of PCM 8/16/24/32-bit or float WAV data. */
function samples(w: Wav): Float32Array {
  const bytes = w.bits / 8;
  const frame = bytes * w.channels;
  const frames = Math.floor(w.data.length / frame);
  const out = new Float32Array(frames);
  for (let i = 0; i < frames; i++) {
    let sum = 0;
    for (let c = 0; c < w.channels; c++) {
      const at = i * frame + c * bytes;
      if (w.float && bytes === 4) sum += w.data.readFloatLE(at);
      else if (bytes === 2) sum += w.data.readInt16LE(at) / 32768;
      else if (bytes === 1) sum += (w.data[at]! - 128) / 128;
      else if (bytes === 3) sum += w.data.readIntLE(at, 3) / 8388608;
      else if (bytes === 4) sum += w.data.readInt32LE(at) / 2147483648;
    }
    out[i] = sum / w.channels;
  }
  return out;
}

/** Linear-interpolation resampling: fine for speech going down to 16 kHz. */
function resample(input: Float32Array, from: number, to: number): Float32Array {
  if (from === to) return input;
  const out = new Float32Array(Math.floor((input.length * to) / from));
  const step = from / to;
  for (let i = 0; i < out.length; i++) {
    const x = i * step;
    const j = Math.floor(x);
    const a = input[j] ?? 0;
    const b = input[j + 1] ?? a;
    out[i] = a + (b - a) * (x - j);
  }
  return out;
}

/** Level of each 10 ms frame of 16 kHz samples, in dBFS (digital silence reads -120). */
export function frameLevels(pcm: Int16Array): Float32Array {
  const frame = DECODER_RATE / 100;
  const levels = new Float32Array(Math.floor(pcm.length / frame));
  for (let f = 0; f < levels.length; f++) {
    let sum = 0;
    for (let k = f * frame; k < (f + 1) * frame; k++) sum += pcm[k]! * pcm[k]!;
    levels[f] = 10 * Math.log10(sum / frame / 32768 ** 2 + 1e-12);
  }
  return levels;
}

/** The samples of a decoder WAV's bytes (as encodeWav writes it: a plain 44-byte header, 16-bit mono). */
export function decoderPcm(wav: Buffer): Int16Array {
  const bytes = wav.subarray(44, 44 + Math.floor((wav.length - 44) / 2) * 2);
  return new Int16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
}

/** 16-bit mono WAV of `mono` samples, with `padSeconds` of silence at both ends. */
export function encodeWav(mono: Float32Array, rate: number, padSeconds = PAD_S): Buffer {
  const pad = Math.round(padSeconds * rate);
  const n = mono.length + 2 * pad;
  const buf = Buffer.alloc(44 + n * 2);
  buf.write("RIFF", 0, "ascii");
  buf.writeUInt32LE(36 + n * 2, 4);
  buf.write("WAVEfmt ", 8, "ascii");
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20);
  buf.writeUInt16LE(1, 22);
  buf.writeUInt32LE(rate, 24);
  buf.writeUInt32LE(rate * 2, 28);
  buf.writeUInt16LE(2, 32);
  buf.writeUInt16LE(16, 34);
  buf.write("data", 36, "ascii");
  buf.writeUInt32LE(n * 2, 40);
  for (let i = 0; i < mono.length; i++)
    buf.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(mono[i]! * 32767))), 44 + (pad + i) * 2);
  return buf;
}

let ffmpegChecked: boolean | null = null;
export function hasFfmpeg(): boolean {
  ffmpegChecked ??= spawnSync("ffmpeg", ["-version"], { stdio: "ignore" }).error === undefined;
  return ffmpegChecked;
}

/** ffmpeg's demuxer for each sniffed container: forced, so an "mp3" can never be a playlist. */
const DEMUXER: Record<Exclude<AudioKind, "wav">, string> = { webm: "matroska", ogg: "ogg", mp3: "mp3", m4a: "mov" };

/** Bytes of decoder WAV for `seconds` of audio (16-bit mono at the decoder's rate) plus its header. */
const wavBytes = (seconds: number) => 44 + Math.ceil(seconds * DECODER_RATE) * 2;

/**
 * Decodes at most `maxSeconds` + 1 s (a longer recording is then refused by its length without
 * decoding the rest): local file only, the sniffed format forced, output size capped, killed on
 * abort or after `timeoutMs`. Messages never carry the server's paths.
 */
function ffmpegToWav(
  input: string,
  output: string,
  kind: Exclude<AudioKind, "wav">,
  maxSeconds: number,
  signal?: AbortSignal,
  timeoutMs = 60_000,
): Promise<void> {
  const args = [
    "-nostdin",
    "-y",
    "-loglevel",
    "error",
    "-protocol_whitelist",
    "file",
    "-f",
    DEMUXER[kind],
    "-i",
    input,
    "-vn",
    "-ac",
    "1",
    "-ar",
    String(DECODER_RATE),
    "-sample_fmt",
    "s16",
    "-t",
    String(maxSeconds + 1),
    "-fs",
    String(wavBytes(maxSeconds + 2)),
    output,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn("ffmpeg", args, { stdio: ["ignore", "ignore", "pipe"], signal, timeout: timeoutMs, killSignal: "SIGKILL" });
    let err = "";
    child.stderr.on("data", (d: Buffer) => (err = (err + d.toString()).slice(-2000)));
    child.on("error", (e) => reject(e.name === "AbortError" ? new HttpError(499, "aborted", "The upload was cancelled") : e));
    child.on("exit", (code, sig) => {
      if (code === 0) return resolve();
      if (sig) return reject(new HttpError(400, "bad_audio", "The audio took too long to decode; send a shorter recording"));
      const last =
        err.trim().split("\n").at(-1)?.split(input).join("the upload").split(output).join("the output") ?? `ffmpeg exited ${code}`;
      reject(new HttpError(400, "bad_audio", `The audio could not be decoded (${kind}): ${last.replace(/\/[^\s:]*\//g, "")}`));
    });
  });
}

/**
 * Writes the decoder's WAV for the uploaded file at `input` and returns its speech duration.
 * 415 for a format it cannot read here (with what to install), 413 beyond `maxSeconds`.
 */
export async function prepareAudio(
  input: string,
  output: string,
  maxSeconds: number,
  signal?: AbortSignal,
): Promise<{ kind: AudioKind; durationMs: number }> {
  const head = Buffer.alloc(16);
  const file = await open(input, "r");
  await file.read(head, 0, 16, 0).finally(() => file.close());
  const kind = sniff(head);
  if (!kind) throw unsupported("The file is not audio the server recognizes; send WAV, webm, ogg, mp3 or m4a");
  let wav: Wav;
  if (kind === "wav") wav = parseWav(await readFile(input));
  else {
    if (!hasFfmpeg()) throw unsupported(`Reading ${kind} needs ffmpeg on the server (apt-get install ffmpeg); WAV works without it`);
    await ffmpegToWav(input, output, kind, maxSeconds, signal);
    // Decoded to the cap: longer than allowed, known from the size alone.
    if ((await stat(output)).size > wavBytes(maxSeconds)) throw tooLong(`more than ${Math.round(maxSeconds / 60)} minutes`, maxSeconds);
    wav = parseWav(await readFile(output));
  }
  const durationMs = Math.round((wav.data.length / ((wav.bits / 8) * wav.channels) / wav.rate) * 1000);
  if (durationMs > maxSeconds * 1000) throw tooLong(`${Math.round(durationMs / 1000)} s`, maxSeconds);
  if (durationMs < 200) throw new HttpError(400, "bad_audio", "The recording is empty or shorter than a fifth of a second");
  await writeFile(output, encodeWav(resample(samples(wav), wav.rate, DECODER_RATE), DECODER_RATE));
  return { kind, durationMs };
}
