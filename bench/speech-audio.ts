/**
 * The spoken test conditions of issue 15: six synthetic voices (three flite, three espeak-ng) and
 * nine ways a room or a line changes them (clean, white and babble noise at 20 and 10 dB SNR,
 * reverb, tempo ±15%, an 8 kHz telephone band). Deterministic: every run hears the same noise.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DECODER_RATE, decoderPcm, encodeWav } from "../apps/server/src/modules/voice/audio.js";

export const VOICES: { name: string; say: (text: string, out: string) => void }[] = [
  ...["slt", "rms", "awb"].map((v) => ({
    name: `flite ${v}`,
    say: (t: string, o: string) => void execFileSync("flite", ["-voice", v, "-t", t, "-o", o]),
  })),
  ...["en-us", "en-us+m3", "en-us+f2"].map((v) => ({
    name: `espeak-ng ${v}`,
    say: (t: string, o: string) => void execFileSync("espeak-ng", ["-v", v, "-w", o, t]),
  })),
];

/** A deterministic PRNG, so every run hears the same noise. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Samples of the decoder's WAV (16 kHz mono 16-bit, as prepareAudio writes it). */
export function readSamples(wav: string): Float32Array {
  return Float32Array.from(decoderPcm(readFileSync(wav)), (v) => v / 32768);
}

const rms = (x: Float32Array) => Math.sqrt(x.reduce((s, v) => s + v * v, 0) / Math.max(1, x.length));

/** `signal` with `noise` mixed in at `snrDb` (noise looped or cut to length). */
function mix(signal: Float32Array, noise: Float32Array, snrDb: number): Float32Array {
  const gain = rms(signal) / (rms(noise) * 10 ** (snrDb / 20));
  return signal.map((v, i) => Math.max(-1, Math.min(1, v + gain * noise[i % noise.length]!)));
}

/** A room: an exponentially decaying random impulse response (RT60 ≈ 0.5 s), direct sound first. */
function reverb(signal: Float32Array): Float32Array {
  const random = rng(7);
  const length = Math.round(0.5 * DECODER_RATE);
  const ir = Float32Array.from({ length }, (_, i) => (i === 0 ? 1 : (random() * 2 - 1) * 0.35 * Math.exp((-6.9 * i) / length)));
  const out = new Float32Array(signal.length + length);
  for (let i = 0; i < signal.length; i++) {
    const s = signal[i]!;
    if (s === 0) continue;
    for (let k = 0; k < length; k += 4) out[i + k]! += s * ir[k]!;
  }
  const peak = out.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  return out.map((v) => (v / peak) * 0.9);
}

export interface Condition {
  name: string;
  /** Writes `clean` (a decoder WAV) as heard in this condition to `out`. */
  make: (clean: string, out: string) => void;
}

/** The nine conditions; `dir` holds the babble it builds (four other voices, sentences not in any test). */
export function conditions(dir: string): Condition[] {
  const babbleParts = [
    "the weather will be nice this weekend so we are going to the lake",
    "can you pass me the salt and the pepper please",
    "my brother bought a new car last month and he loves it",
    "we should leave early tomorrow because the traffic is terrible",
  ].map((t, i) => {
    const raw = join(dir, `babble-${i}.wav`);
    execFileSync("flite", ["-voice", ["slt", "rms", "awb", "kal"][i]!, "-t", t, "-o", raw]);
    const wav = join(dir, `babble-${i}-16k.wav`);
    execFileSync("ffmpeg", ["-nostdin", "-y", "-loglevel", "error", "-i", raw, "-ac", "1", "-ar", String(DECODER_RATE), wav]);
    return readSamples(wav);
  });
  const babbleLength = Math.max(...babbleParts.map((p) => p.length));
  const babble = Float32Array.from({ length: babbleLength }, (_, i) => babbleParts.reduce((s, p) => s + (p[i % p.length] ?? 0), 0));
  const random = rng(42);
  const white = Float32Array.from({ length: DECODER_RATE * 10 }, () => random() * 2 - 1);

  const viaSamples = (fn: (x: Float32Array) => Float32Array) => (clean: string, out: string) =>
    writeFileSync(out, encodeWav(fn(readSamples(clean)), DECODER_RATE, 0));
  const viaFfmpeg = (filter: string) => (clean: string, out: string) =>
    void execFileSync("ffmpeg", [
      "-nostdin",
      "-y",
      "-loglevel",
      "error",
      "-i",
      clean,
      "-af",
      filter,
      "-ac",
      "1",
      "-ar",
      String(DECODER_RATE),
      out,
    ]);
  return [
    { name: "clean", make: (clean, out) => writeFileSync(out, readFileSync(clean)) },
    { name: "white noise 20 dB", make: viaSamples((x) => mix(x, white, 20)) },
    { name: "white noise 10 dB", make: viaSamples((x) => mix(x, white, 10)) },
    { name: "babble 20 dB", make: viaSamples((x) => mix(x, babble, 20)) },
    { name: "babble 10 dB", make: viaSamples((x) => mix(x, babble, 10)) },
    { name: "reverb", make: viaSamples(reverb) },
    { name: "tempo +15%", make: viaFfmpeg("atempo=1.15") },
    { name: "tempo -15%", make: viaFfmpeg("atempo=0.85") },
    { name: "telephone 8 kHz", make: viaFfmpeg("highpass=f=300,lowpass=f=3400,aresample=8000,aresample=16000") },
  ];
}
