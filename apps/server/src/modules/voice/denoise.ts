/**
 * Noise suppression before decoding, only where there is noise to remove: RNNoise (Xiph's
 * recurrent denoiser, its 2024 model; Shiguredo's WebAssembly build, weights inside the module)
 * runs when the recording has a steady noise floor under its speech. It helps most against
 * steady noise (white noise, fans, hum), does not help against other voices and costs a little on
 * clean, reverberant or band-limited speech, so a recording whose floor is quiet is left alone.
 *
 * The package's JavaScript glue only runs in a browser (it refuses Node), but the module it
 * embeds (base64, 3.6 MB) needs only three host functions and exports its C API by name, so it is
 * taken out of the glue and instantiated here. The package is an exact dependency; a test
 * denoises real audio.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { frameLevels } from "./audio.js";

const FRAME = 480;
/** Speech less than this far above the noise floor is denoised (dB). */
export const DENOISE_BELOW_SNR_DB = 32;

/** The little of WebAssembly used here (the server's TypeScript libs do not declare it). */
interface WasmMemory {
  buffer: ArrayBuffer;
  grow: (pages: number) => number;
}
const wasm = (
  globalThis as unknown as {
    WebAssembly: {
      Module: new (bytes: Uint8Array) => object;
      Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
    };
  }
).WebAssembly;

interface Rnnoise {
  memory: WasmMemory;
  create: () => number;
  destroy: (state: number) => void;
  malloc: (bytes: number) => number;
  free: (ptr: number) => void;
  process: (state: number, out: number, input: number) => number;
}

let rnnoise: Rnnoise | null = null;

function load(): Rnnoise {
  if (rnnoise) return rnnoise;
  const glue = readFileSync(fileURLToPath(import.meta.resolve("@shiguredo/rnnoise-wasm")), "utf8");
  const embedded = /"([A-Za-z0-9+/=]{100000,})"/.exec(glue)?.[1];
  if (!embedded) throw new Error("the RNNoise module was not found in @shiguredo/rnnoise-wasm");
  let memory: WasmMemory | null = null;
  const host = {
    env: {
      __assert_fail: () => {
        throw new Error("RNNoise failed an internal check");
      },
      // Grow to at least the requested size, in 64 KiB pages.
      emscripten_resize_heap: (requested: number) => {
        try {
          memory!.grow(Math.max(0, Math.ceil((requested - memory!.buffer.byteLength) / 65_536)));
          return 1;
        } catch {
          return 0;
        }
      },
    },
    // Only its diagnostics would be written; there are none to print.
    wasi_snapshot_preview1: { fd_write: () => 0 },
  };
  const e = new wasm.Instance(new wasm.Module(Buffer.from(embedded, "base64")), host).exports;
  memory = e.memory as WasmMemory;
  (e.__wasm_call_ctors as () => void)();
  const create = e.rnnoise_create as (model: number) => number;
  rnnoise = {
    memory,
    create: () => create(0),
    malloc: e.malloc as Rnnoise["malloc"],
    destroy: e.rnnoise_destroy as Rnnoise["destroy"],
    free: e.free as Rnnoise["free"],
    process: e.rnnoise_process_frame as Rnnoise["process"],
  };
  return rnnoise;
}

/**
 * Loud speech over the noise floor (dB): the 95th percentile of 10 ms frame levels over the 3rd
 * (digital silence, such as padding, left out). A quiet room's floor sits 45–80 dB under speech;
 * steady noise at 20 dB SNR measures ≈ 25 here, at 10 dB ≈ 16.
 */
export function estimateSnrDb(pcm: Int16Array): number {
  const levels = [...frameLevels(pcm)].filter((db) => db > -90);
  if (levels.length < 20) return Infinity;
  levels.sort((a, b) => a - b);
  const at = (q: number) => levels[Math.floor(q * (levels.length - 1))]!;
  return at(0.95) - at(0.03);
}

/** 3× windowed-sinc filter for 16 ↔ 48 kHz (cut-off just under 8 kHz). */
const TAPS = (() => {
  const half = 24;
  const taps = new Float32Array(2 * half + 1);
  for (let n = -half; n <= half; n++) {
    const x = n / 3;
    const sinc = n === 0 ? 1 : Math.sin(Math.PI * x * 0.95) / (Math.PI * x);
    const window = 0.42 + 0.5 * Math.cos((Math.PI * n) / half) + 0.08 * Math.cos((2 * Math.PI * n) / half);
    taps[n + half] = sinc * window * (n === 0 ? 0.95 : 1);
  }
  return taps;
})();

const HALF = (TAPS.length - 1) / 2;

/** 16 → 48 kHz: each output sample from the input samples within the filter's reach (polyphase). */
function upsample(x: Int16Array): Float32Array {
  const out = new Float32Array(x.length * 3);
  for (let i = 0; i < out.length; i++) {
    let sum = 0;
    for (let m = Math.max(0, Math.ceil((i - HALF) / 3)); m <= Math.min(x.length - 1, Math.floor((i + HALF) / 3)); m++)
      sum += x[m]! * TAPS[i - 3 * m + HALF]!;
    out[i] = sum;
  }
  return out;
}

/** 48 → 16 kHz: low-passed (the same filter, a third of its gain), every third sample. */
function downsample(x: Float32Array): Int16Array {
  const out = new Int16Array(Math.floor(x.length / 3));
  for (let j = 0; j < out.length; j++) {
    let sum = 0;
    for (let k = Math.max(-HALF, -3 * j); k <= Math.min(HALF, x.length - 1 - 3 * j); k++) sum += x[3 * j + k]! * TAPS[k + HALF]!;
    out[j] = Math.max(-32768, Math.min(32767, Math.round(sum / 3)));
  }
  return out;
}

/** RNNoise over 16 kHz samples: up to 48 kHz, 10 ms frames, back down. */
export function denoise(pcm: Int16Array): Int16Array {
  const r = load();
  const up = upsample(pcm);
  const state = r.create();
  const buf = r.malloc(FRAME * 4);
  try {
    for (let i = 0; i + FRAME <= up.length; i += FRAME) {
      new Float32Array(r.memory.buffer, buf, FRAME).set(up.subarray(i, i + FRAME));
      r.process(state, buf, buf);
      up.set(new Float32Array(r.memory.buffer, buf, FRAME), i);
    }
  } finally {
    r.free(buf);
    r.destroy(state);
  }
  return downsample(up);
}

/** The samples to decode: denoised when speech stands less than DENOISE_BELOW_SNR_DB over a noise floor. */
export function cleanForDecoding(pcm: Int16Array): { pcm: Int16Array; denoised: boolean; snrDb: number } {
  const snrDb = estimateSnrDb(pcm);
  return snrDb < DENOISE_BELOW_SNR_DB ? { pcm: denoise(pcm), denoised: true, snrDb } : { pcm, denoised: false, snrDb };
}
