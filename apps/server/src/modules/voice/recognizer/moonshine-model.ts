/**
 * Moonshine tiny (Useful Sensors, MIT), an encoder-decoder speech recogniser trained on English
 * speech at large, run with ONNX Runtime. The quantized weights ship inside the
 * `@moonshine-ai/moonshine-js` npm package (nothing is downloaded); its tokenizer is LLaMA's, read
 * by `llama-tokenizer-js`. Runs inside the recogniser's worker thread: ONNX Runtime's Node binding
 * computes synchronously, which must never stall the server's event loop.
 */
import { join } from "node:path";
import llamaTokenizer from "llama-tokenizer-js";
import type * as Ort from "onnxruntime-node";
import { moonshineModelDir } from "./model-files.js";

// Moonshine tiny's decoder: 6 layers, 8 key/value heads of 36 dimensions; LLaMA's special tokens.
const LAYERS = 6;
const HEADS = 8;
const HEAD_DIM = 36;
const START = 1;
const END = 2;
/** The decoder stops after this many tokens per second of audio (it never needs more; noise could loop). */
const TOKENS_PER_SECOND = 6;
/** LLaMA's word-start mark ("▁"). */
const WORD_START = "\u2581";

export interface HeardWord {
  word: string;
  /** The probability the decoder gave its least sure token of the word (0–1). */
  confidence: number;
}

/** One reading of a piece of speech, and how likely the recogniser found it (natural log). */
export interface Hypothesis {
  words: HeardWord[];
  logProb: number;
}

interface Beam {
  tokens: number[];
  probs: number[];
  logProb: number;
}

type Tensors = Record<string, Ort.Tensor>;

export class MoonshineModel {
  private constructor(
    private readonly ort: typeof Ort,
    private readonly encoder: Ort.InferenceSession,
    private readonly decoder: Ort.InferenceSession,
  ) {}

  static async load(threads: number): Promise<MoonshineModel> {
    const dir = moonshineModelDir();
    if (!dir) throw new Error("The Moonshine model is not installed (npm ci installs @moonshine-ai/moonshine-js)");
    const ort = await import("onnxruntime-node");
    const options: Ort.InferenceSession.SessionOptions = {
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      executionMode: "sequential",
      graphOptimizationLevel: "all",
    };
    const [encoder, decoder] = await Promise.all([
      ort.InferenceSession.create(join(dir, "encoder_model.onnx"), options),
      ort.InferenceSession.create(join(dir, "decoder_model_merged.onnx"), options),
    ]);
    return new MoonshineModel(ort, encoder, decoder);
  }

  /**
   * The `width` most likely readings of one piece of speech (16 kHz, -1..1), most likely first:
   * a beam search, all beams decoded as one batch, readings ranked by log probability per token.
   */
  async hear(audio: Float32Array, width: number): Promise<Hypothesis[]> {
    const { Tensor } = this.ort;
    const encoded = (await this.encoder.run({ input_values: new Tensor("float32", audio, [1, audio.length]) })).last_hidden_state!;
    const limit = Math.ceil((audio.length / 16_000) * TOKENS_PER_SECOND);
    const empty: Tensors = {};
    for (const name of PAST_NAMES) empty[name] = new Tensor("float32", new Float32Array(0), [0, HEADS, 1, HEAD_DIM]);
    // The first step, once: the encoder's keys and values, shared by every beam from then on.
    const first = await this.decoder.run({
      input_ids: tokenTensor(this.ort, [START]),
      encoder_hidden_states: encoded,
      use_cache_branch: new Tensor("bool", [false], [1]),
      ...empty,
    });
    // What every beam shares (the audio's encoding, its keys and values), one row per beam, made
    // once for each number of beams.
    const sharedRows = new Map<number, Tensors>();
    const shared = (rows: number) => {
      let tensors = sharedRows.get(rows);
      if (!tensors) {
        tensors = { encoder_hidden_states: repeatRows(this.ort, encoded, rows) };
        for (const name of PAST_NAMES) if (name.includes(".encoder.")) tensors[name] = repeatRows(this.ort, first[present(name)]!, rows);
        sharedRows.set(rows, tensors);
      }
      return tensors;
    };
    let beams: Beam[] = [{ tokens: [], probs: [], logProb: 0 }];
    let out = first;
    const finished: Beam[] = [];
    for (let step = 0; step < limit && beams.length > 0; step++) {
      const next = extend(beams, out.logits!.data as Float32Array, width);
      finished.push(...next.finished);
      // Done when no beam still going could end better (per token) than the readings kept.
      finished.sort((a, b) => perToken(b) - perToken(a)).splice(width);
      if (next.live.length === 0 || (finished.length === width && perToken(next.live[0]!.beam) < perToken(finished.at(-1)!))) break;
      const rows = next.live.map((b) => b.parent);
      beams = next.live.map((b) => b.beam);
      const past: Tensors = {};
      for (const name of PAST_NAMES) if (name.includes(".decoder.")) past[name] = pickRows(this.ort, out[present(name)]!, rows);
      out = await this.decoder.run({
        input_ids: tokenTensor(
          this.ort,
          beams.map((b) => b.tokens.at(-1)!),
        ),
        use_cache_branch: new Tensor("bool", [true], [1]),
        ...past,
        ...shared(beams.length),
      });
    }
    // Beams cut off by the length limit count as finished too.
    const all = finished.length ? finished : beams;
    return all
      .sort((a, b) => perToken(b) - perToken(a))
      .slice(0, width)
      .map((b) => ({ words: words(b.tokens.map((id, i) => ({ id, p: b.probs[i]! }))), logProb: b.logProb }));
  }
}

const PAST_NAMES = Array.from({ length: LAYERS }, (_, i) =>
  ["decoder", "encoder"].flatMap((side) => ["key", "value"].map((kind) => `past_key_values.${i}.${side}.${kind}`)),
).flat();
const present = (past: string) => past.replace("past_key_values", "present");

function tokenTensor(ort: typeof Ort, ids: number[]): Ort.Tensor {
  return new ort.Tensor("int64", BigInt64Array.from(ids, BigInt), [ids.length, 1]);
}

/** A tensor made of the given rows (batch entries) of `t`, in that order. */
function pickRows(ort: typeof Ort, t: Ort.Tensor, rows: number[]): Ort.Tensor {
  const data = t.data as Float32Array;
  const size = data.length / t.dims[0]!;
  const out = new Float32Array(size * rows.length);
  rows.forEach((r, i) => out.set(data.subarray(r * size, (r + 1) * size), i * size));
  return new ort.Tensor("float32", out, [rows.length, ...t.dims.slice(1)]);
}

const repeatRows = (ort: typeof Ort, t: Ort.Tensor, n: number) => pickRows(ort, t, Array<number>(n).fill(0));

/**
 * Every beam extended by its `width` likeliest tokens; the `width` best extensions overall, split
 * into those that ended (END) and those still going (with the row of the beam they came from).
 */
function extend(beams: Beam[], logits: Float32Array, width: number): { finished: Beam[]; live: { beam: Beam; parent: number }[] } {
  const vocab = logits.length / beams.length;
  const candidates: { parent: number; id: number; logP: number; total: number }[] = [];
  beams.forEach((beam, row) => {
    const scores = logits.subarray(row * vocab, (row + 1) * vocab);
    let max = -Infinity;
    for (const v of scores) if (v > max) max = v;
    let sum = 0;
    for (const v of scores) sum += Math.exp(v - max);
    const logZ = max + Math.log(sum);
    for (const id of topK(scores, width + 1))
      candidates.push({ parent: row, id, logP: scores[id]! - logZ, total: beam.logProb + scores[id]! - logZ });
  });
  candidates.sort((a, b) => b.total - a.total);
  const finished: Beam[] = [];
  const live: { beam: Beam; parent: number }[] = [];
  // An ending among the best `width` finishes a reading; the search goes on with `width` that do not end.
  candidates.forEach((c, rank) => {
    const parent = beams[c.parent]!;
    if (c.id === END) {
      if (rank < width) finished.push({ ...parent, logProb: c.total });
    } else if (live.length < width) {
      live.push({
        beam: { tokens: [...parent.tokens, c.id], probs: [...parent.probs, Math.exp(c.logP)], logProb: c.total },
        parent: c.parent,
      });
    }
  });
  return { finished, live };
}

/** A reading's log probability per token (its end included): a sum would favour short readings. */
const perToken = (b: Beam) => b.logProb / (b.tokens.length + 1);

/** Indices of the k largest values. */
function topK(values: Float32Array, k: number): number[] {
  const best: number[] = [];
  for (let i = 0; i < values.length; i++) {
    if (best.length < k || values[i]! > values[best.at(-1)!]!) {
      best.push(i);
      best.sort((a, b) => values[b]! - values[a]!);
      if (best.length > k) best.pop();
    }
  }
  return best;
}

/** Tokens grouped into words at LLaMA's word-start marks. */
function words(tokens: { id: number; p: number }[]): HeardWord[] {
  const groups: { id: number; p: number }[][] = [];
  for (const t of tokens) {
    // Moonshine's vocabulary extends LLaMA's with special tokens, which are not words.
    const piece = llamaTokenizer.vocabById[t.id];
    if (piece === undefined) continue;
    if (piece.startsWith(WORD_START) || groups.length === 0) groups.push([t]);
    else groups.at(-1)!.push(t);
  }
  return groups
    .map((g) => ({
      word: llamaTokenizer
        .decode(
          g.map((t) => t.id),
          false,
          false,
        )
        .trim(),
      confidence: Math.min(...g.map((t) => t.p)),
    }))
    .filter((w) => w.word !== "");
}
