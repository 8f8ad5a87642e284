/**
 * One long-lived pocketsphinx decoder for the whole process: the acoustic model, the CMU
 * dictionary and Debian's broad English language model are loaded once (≈ 1.5 s, on the thread
 * pool), then every utterance is decoded in memory. Each workspace's domain model (its apps'
 * words and the command phrasing) is interpolated with the broad model, so everyday words are
 * heard while app vocabulary stays favoured; the few searches in use are kept, the rest dropped.
 * Decodes run one at a time (the decoder has one state); callers queue.
 */
import { readFile } from "node:fs/promises";
import { NGRAM_AUTO, inPool, sphinxLibrary, type Pointer, type SphinxLibrary } from "./sphinx-native.js";

export const MODEL_ROOT = "/usr/share/pocketsphinx/model/en-us";
const FRAME_MS = 10;

/** Measured on the dev split of the everyday sentences (bench/speech-conditions.ts --split dev). */
export const DECODER_SETTINGS = {
  /** Share of the domain model in the interpolation; the rest is the broad model. */
  domainWeight: 0.2,
  // The default beams; one pass (no flat second pass), at most 2000 HMMs and 10 word exits a
  // frame, phone lookahead over 10 frames: 20% faster than 3000/unbounded at +0.5 point.
  args: ["-lw", "6.5", "-wip", "0.65", "-beam", "1e-48", "-wbeam", "7e-29", "-pbeam", "1e-48", "-maxhmmpf", "2000", "-maxwpf", "10", "-pl_window", "10", "-fwdflat", "no", "-bestpath", "yes"],
};

/** Searches (one per workspace model) kept built; building one takes a few hundred ms. */
const KEEP_SEARCHES = 4;

export interface DecodedWord {
  word: string;
  startMs: number;
  endMs: number;
  /** Posterior probability of the word (0–1), from the word lattice. */
  confidence: number;
}

export interface Decoded {
  text: string;
  words: DecodedWord[];
  /** Mean of the word confidences (0 when nothing was heard). */
  confidence: number;
}

export interface DomainModel {
  /** ARPA file of the workspace's domain model; also the search's identity. */
  lm: string;
  /** Its dictionary: words the CMU dictionary lacks are added from it. */
  dict: string;
}

export class SphinxDecoder {
  private tail: Promise<unknown> = Promise.resolve();
  private state: Promise<{ lib: SphinxLibrary; ps: Pointer; config: Pointer; lmath: Pointer; general: Pointer }> | null = null;
  /** Search name per domain model file, least recently used first. */
  private readonly searches = new Map<string, string>();
  private serial = 0;

  constructor(private readonly settings = DECODER_SETTINGS) {}

  /** Searches built and kept (at most KEEP_SEARCHES). */
  get searchCount(): number {
    return this.searches.size;
  }

  /** Decodes 16 kHz mono 16-bit samples with `model` interpolated with the broad English model. */
  decode(pcm: Int16Array, model: DomainModel, signal?: AbortSignal): Promise<Decoded> {
    const run = this.tail.then(async () => {
      signal?.throwIfAborted();
      const s = await this.start();
      const search = await this.searchFor(s, model);
      const { lib, ps } = s;
      if (lib.ps_set_search(ps, search) < 0 || lib.ps_start_utt(ps) < 0) throw new Error("the decoder could not start an utterance");
      if ((await inPool(lib.ps_process_raw, ps, pcm, pcm.length, 0, 1)) < 0 || (await inPool(lib.ps_end_utt, ps)) < 0) throw new Error("the decoder failed on this audio");
      return this.result(s);
    });
    this.tail = run.catch(() => undefined);
    return run;
  }

  private start() {
    this.state ??= (async () => {
      const lib = sphinxLibrary();
      if (lib instanceof Error) throw lib;
      const args = ["-hmm", `${MODEL_ROOT}/en-us`, "-dict", `${MODEL_ROOT}/cmudict-en-us.dict`, "-logfn", "/dev/null", ...this.settings.args];
      const config = lib.cmd_ln_init(null, lib.ps_args(), 1, ...args.flatMap((a) => ["str", a]), "str", null);
      const ps = await inPool(lib.ps_init, config);
      if (!ps) throw new Error("pocketsphinx could not load its English model");
      const lmath = lib.ps_get_logmath(ps);
      const general = await inPool(lib.ngram_model_read, config, `${MODEL_ROOT}/en-us.lm.bin`, NGRAM_AUTO, lmath);
      if (!general) throw new Error("pocketsphinx could not load its English language model");
      return { lib, ps, config, lmath, general };
    })();
    // A failed start is retried by the next decode (the package may have been installed since).
    this.state.catch(() => (this.state = null));
    return this.state;
  }

  /** The search for `model`, built on first use; the least recently used beyond KEEP_SEARCHES go. */
  private async searchFor(s: Awaited<NonNullable<SphinxDecoder["state"]>>, model: DomainModel): Promise<string> {
    const known = this.searches.get(model.lm);
    if (known) {
      this.searches.delete(model.lm);
      this.searches.set(model.lm, known);
      return known;
    }
    const { lib, ps, config, lmath, general } = s;
    // Words the CMU dictionary lacks (app names, invented words), with the domain model's guess.
    const missing = (await readFile(model.dict, "utf8"))
      .split("\n")
      .map((line) => line.trim().split(/\s+/))
      .filter(([word, ...phones]) => word && phones.length && !word.includes("(") && lib.ps_lookup_word(ps, word) === null);
    missing.forEach(([word, ...phones], i) => lib.ps_add_word(ps, word!, phones.join(" "), i === missing.length - 1 ? 1 : 0));
    const domain = await inPool(lib.ngram_model_read, config, model.lm, NGRAM_AUTO, lmath);
    if (!domain) throw new Error("the workspace's language model could not be read");
    lib.ngram_model_retain(general);
    const w = this.settings.domainWeight;
    const mixed = lib.ngram_model_set_init(config, [domain, general], ["domain", "general"], [w, 1 - w], 2);
    const name = `m${++this.serial}`;
    const ok = lib.ps_set_lm(ps, name, mixed);
    lib.ngram_model_free(mixed);
    if (ok < 0) throw new Error("the decoder could not use the workspace's language model");
    this.searches.set(model.lm, name);
    while (this.searches.size > KEEP_SEARCHES) {
      const [oldest, oldName] = this.searches.entries().next().value!;
      this.searches.delete(oldest);
      lib.ps_set_search(ps, name);
      lib.ps_unset_search(ps, oldName);
    }
    return name;
  }

  private result({ lib, ps, lmath }: Awaited<NonNullable<SphinxDecoder["state"]>>): Decoded {
    const words: DecodedWord[] = [];
    for (let seg = lib.ps_seg_iter(ps); seg; seg = lib.ps_seg_next(seg)) {
      const word = lib.ps_seg_word(seg);
      if (word.startsWith("<") || word.startsWith("[")) continue;
      const start = [0];
      const end = [0];
      lib.ps_seg_frames(seg, start, end);
      const confidence = Math.min(1, Math.max(0, lib.logmath_exp(lmath, lib.ps_seg_prob(seg, null, null, null))));
      words.push({ word: word.replace(/\(\d+\)$/, ""), startMs: start[0]! * FRAME_MS, endMs: (end[0]! + 1) * FRAME_MS, confidence: Math.round(confidence * 1000) / 1000 });
    }
    const text = (lib.ps_get_hyp(ps, null) ?? "").trim();
    const confidence = words.length ? words.reduce((s, w) => s + w.confidence, 0) / words.length : 0;
    return { text, words, confidence: Math.round(confidence * 1000) / 1000 };
  }
}
