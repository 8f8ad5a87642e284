/**
 * A live-transcription client for tests and benches: streams 16 kHz samples to
 * /api/v1/transcriptions/live at a chosen pace (real time by default), then silence, and records
 * every message with the moment it arrived, measured from when the speech's last sample was sent.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import WebSocket from "ws";

export interface Heard {
  type: string;
  text?: string;
  transcriptionId?: string;
  message?: string;
  /** A partial's: how much of the stream (ms from its first sample) its words cover. */
  heardMs?: number;
  /** When it arrived, in ms from the start of sending. */
  at: number;
  /** Seconds of audio sent when it arrived. */
  sentSeconds: number;
}

const dir = mkdtempSync(join(tmpdir(), "vta-live-audio-"));

/** `text` spoken by flite's `voice`, as 16 kHz mono samples, with the sample where the speech ends. */
export function spokenPcm(text: string, voice = "slt"): { pcm: Int16Array; speechEnd: number } {
  const raw = join(dir, `${voice}-${Math.random().toString(36).slice(2)}.wav`);
  const out = `${raw}.16k.raw`;
  execFileSync("flite", ["-voice", voice, "-t", text, "-o", raw]);
  execFileSync("ffmpeg", ["-y", "-loglevel", "error", "-i", raw, "-ar", "16000", "-ac", "1", "-f", "s16le", out]);
  const bytes = readFileSync(out);
  const pcm = new Int16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
  let end = pcm.length;
  while (end > 0 && Math.abs(pcm[end - 1]!) < 300) end--;
  return { pcm, speechEnd: end };
}

export async function speakLive(
  url: string,
  headers: Record<string, string>,
  pcm: Int16Array,
  opts: { pace?: number; chunkMs?: number; silenceAfterMs?: number; leadSilenceMs?: number } = {},
): Promise<Heard[]> {
  const { pace = 1, chunkMs = 40, silenceAfterMs = 3000, leadSilenceMs = 300 } = opts;
  const chunk = Math.round((16_000 * chunkMs) / 1000);
  const audio = new Int16Array(Math.round(16 * leadSilenceMs) + pcm.length + Math.round(16 * silenceAfterMs));
  audio.set(pcm, Math.round(16 * leadSilenceMs));
  const socket = new WebSocket(url, { headers });
  const heard: Heard[] = [];
  let sent = 0;
  const started = performance.now();
  const closed = new Promise<void>((resolve) => socket.on("close", () => resolve()));
  socket.on("message", (data: Buffer) => {
    const m = JSON.parse(data.toString("utf8")) as Omit<Heard, "at" | "sentSeconds">;
    heard.push({ ...m, at: performance.now() - started, sentSeconds: sent / 16_000 });
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", reject);
    socket.once("unexpected-response", (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
  });
  for (let i = 0; i < audio.length && socket.readyState === WebSocket.OPEN; i += chunk) {
    const piece = audio.subarray(i, i + chunk);
    socket.send(Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength));
    sent = i + piece.length;
    // Real time (pace 1): each piece leaves when its audio would have been spoken.
    const due = sent / 16 / pace - (performance.now() - started);
    if (due > 0) await new Promise((r) => setTimeout(r, due));
  }
  await Promise.race([closed, new Promise((r) => setTimeout(r, 10_000))]);
  socket.close();
  return heard;
}
