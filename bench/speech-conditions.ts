/**
 * Offline speech recognition per condition, not per voice (issue 15): held-out everyday sentences
 * (`voice/corpus/everyday-held.json`, written by a helper who never saw the recogniser, never tuned
 * on) spoken by three flite and three espeak-ng voices, then clean, with white or babble noise at
 * 20 and 10 dB SNR, with room reverb, 15% faster or slower, and through an 8 kHz telephone band.
 * Each condition's word error rate and the real-time factor, through the server's own audio path
 * (prepareAudio) and engine.
 *   node --import tsx bench/speech-conditions.ts [--split dev|held] [--sentences N] [--lm domain|general]
 * `--lm general` decodes with Debian's broad English model (en-us.lm.bin, full CMU dictionary)
 * instead of the domain model, for comparison (it loads 27 MB per utterance: its real-time factor
 * is not the one a long-lived decoder would have).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DECODER_RATE, encodeWav, prepareAudio } from "../apps/server/src/modules/voice/audio.js";
import type { SttEngine } from "../apps/server/src/modules/voice/engines/engine.js";
import { pocketsphinxEngine } from "../apps/server/src/modules/voice/engines/pocketsphinx.js";
import { hear } from "./hear.js";

const arg = (name: string, fallback: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1]! : fallback;
};
const split = arg("split", "held");
const lm = arg("lm", "domain");
const limit = Number(arg("sentences", "40"));
const sentences = (JSON.parse(readFileSync(new URL(`../apps/server/src/modules/voice/corpus/everyday-${split}.json`, import.meta.url), "utf8")) as string[]).slice(0, limit);

const VOICES: { name: string; say: (text: string, out: string) => void }[] = [
  ...["slt", "rms", "awb"].map((v) => ({ name: `flite ${v}`, say: (t: string, o: string) => execFileSync("flite", ["-voice", v, "-t", t, "-o", o]) })),
  ...["en-us", "en-us+m3", "en-us+f2"].map((v) => ({ name: `espeak-ng ${v}`, say: (t: string, o: string) => execFileSync("espeak-ng", ["-v", v, "-w", o, t]) })),
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
const read = (wav: string) => {
  const buf = readFileSync(wav);
  const out = new Float32Array((buf.length - 44) / 2);
  for (let i = 0; i < out.length; i++) out[i] = buf.readInt16LE(44 + i * 2) / 32768;
  return out;
};
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

const dir = mkdtempSync(join(tmpdir(), "vta-bench-conditions-"));
const MODEL = "/usr/share/pocketsphinx/model/en-us";
/** The broad English model, decoded the way the server decodes with its own. */
const general: Pick<SttEngine, "transcribe"> = {
  async transcribe({ wav }) {
    const id = wav.split("/").pop()!.replace(/\.wav$/, "");
    writeFileSync(join(dir, "general.ctl"), `${id}\n`);
    const args = ["-adcin", "yes", "-cepdir", dir, "-cepext", ".wav", "-ctl", join(dir, "general.ctl"), "-hyp", join(dir, "general.hyp"), "-hmm", `${MODEL}/en-us`, "-lm", `${MODEL}/en-us.lm.bin`, "-dict", `${MODEL}/cmudict-en-us.dict`, "-logfn", "/dev/null"];
    spawnSync("/usr/bin/pocketsphinx_batch", args);
    return { text: readFileSync(join(dir, "general.hyp"), "utf8").replace(/\s*\([^()]*\)\s*$/m, "").trim() };
  },
};
const engine: Pick<SttEngine, "transcribe"> = lm === "general" ? general : pocketsphinxEngine(join(dir, "speech"));

try {
  // Babble: four other voices talking over each other, from sentences not in the test.
  const babbleParts = ["the weather will be nice this weekend so we are going to the lake", "can you pass me the salt and the pepper please", "my brother bought a new car last month and he loves it", "we should leave early tomorrow because the traffic is terrible"].map((t, i) => {
    const raw = join(dir, `babble-${i}.wav`);
    execFileSync("flite", ["-voice", ["slt", "rms", "awb", "kal"][i]!, "-t", t, "-o", raw]);
    const wav = join(dir, `babble-${i}-16k.wav`);
    execFileSync("ffmpeg", ["-nostdin", "-y", "-loglevel", "error", "-i", raw, "-ac", "1", "-ar", String(DECODER_RATE), wav]);
    return read(wav);
  });
  const babbleLength = Math.max(...babbleParts.map((p) => p.length));
  const babble = Float32Array.from({ length: babbleLength }, (_, i) => babbleParts.reduce((s, p) => s + (p[i % p.length] ?? 0), 0));
  const white = (() => {
    const random = rng(42);
    return Float32Array.from({ length: DECODER_RATE * 10 }, () => random() * 2 - 1);
  })();

  type Condition = { name: string; make: (clean: string, out: string) => void };
  const viaSamples = (fn: (x: Float32Array) => Float32Array) => (clean: string, out: string) => writeFileSync(out, encodeWav(fn(read(clean)), DECODER_RATE, 0));
  const viaFfmpeg = (filter: string) => (clean: string, out: string) => execFileSync("ffmpeg", ["-nostdin", "-y", "-loglevel", "error", "-i", clean, "-af", filter, "-ac", "1", "-ar", String(DECODER_RATE), out]);
  const CONDITIONS: Condition[] = [
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

  const totals = new Map<string, { errors: number; words: number }>();
  const byVoice = new Map<string, { errors: number; words: number }>();
  let audioMs = 0;
  let decodeMs = 0;
  const add = (m: Map<string, { errors: number; words: number }>, key: string, errors: number, n: number) => {
    const t = m.get(key) ?? { errors: 0, words: 0 };
    m.set(key, { errors: t.errors + errors, words: t.words + n });
  };
  for (const [v, voice] of VOICES.entries()) {
    for (const [i, sentence] of sentences.entries()) {
      const raw = join(dir, `raw-${v}-${i}.wav`);
      voice.say(sentence, raw);
      // The server's own path to the decoder's format: any rate, mono, 16-bit, padded.
      const clean = join(dir, `clean-${v}-${i}.wav`);
      await prepareAudio(raw, clean, 600);
      for (const condition of CONDITIONS) {
        const conditioned = join(dir, `c-${v}-${i}.wav`);
        condition.make(clean, conditioned);
        const heard = await hear(engine, { raw: conditioned, wav: join(dir, `u-${v}-${i}.wav`), dir }, sentence);
        decodeMs += heard.decodeMs;
        audioMs += heard.audioMs;
        add(totals, condition.name, heard.errors, heard.words);
        add(byVoice, voice.name, heard.errors, heard.words);
      }
    }
  }
  const pct = (t: { errors: number; words: number }) => `${((t.errors / t.words) * 100).toFixed(1)}%`;
  const all = [...totals.values()].reduce((a, t) => ({ errors: a.errors + t.errors, words: a.words + t.words }), { errors: 0, words: 0 });
  console.log(`${split} split, ${lm} model: ${sentences.length} sentences × ${VOICES.length} voices × ${CONDITIONS.length} conditions`);
  console.log("| condition | word error rate |\n|---|---|");
  for (const [name, t] of totals) console.log(`| ${name} | ${pct(t)} |`);
  console.log(`| **all conditions** | **${pct(all)}** |`);
  console.log("\n| voice (all conditions) | word error rate |\n|---|---|");
  for (const [name, t] of byVoice) console.log(`| ${name} | ${pct(t)} |`);
  console.log(`\nreal-time factor ${(decodeMs / audioMs).toFixed(3)} (decode time / audio time)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
