/**
 * Debian's pocketsphinx and sphinxbase libraries, called in-process through koffi (a foreign
 * function interface with prebuilt binaries on npm: nothing is compiled at install). Only the
 * functions the decoder uses are bound; each is the C signature from pocketsphinx.h and
 * ngram_model.h (pocketsphinx 5prealpha, Debian bookworm). The slow calls (start-up, decoding)
 * also run `.async` on libuv's thread pool so the event loop never waits for them.
 */
import koffi, { type LibraryHandle } from "koffi";

export type Pointer = unknown;

export interface SphinxLibrary {
  cmd_ln_init: (...args: unknown[]) => Pointer;
  ps_args: () => Pointer;
  ps_init: AsyncFn<[config: Pointer], Pointer>;
  ps_get_logmath: (ps: Pointer) => Pointer;
  ps_add_word: (ps: Pointer, word: string, phones: string, update: number) => number;
  ps_lookup_word: (ps: Pointer, word: string) => string | null;
  ps_set_lm: (ps: Pointer, name: string, lm: Pointer) => number;
  ps_set_search: (ps: Pointer, name: string) => number;
  ps_unset_search: (ps: Pointer, name: string) => number;
  ps_start_utt: (ps: Pointer) => number;
  ps_process_raw: AsyncFn<[ps: Pointer, data: Int16Array, samples: number, noSearch: number, fullUtt: number], number>;
  ps_end_utt: AsyncFn<[ps: Pointer], number>;
  ps_get_hyp: (ps: Pointer, score: null) => string | null;
  ps_seg_iter: (ps: Pointer) => Pointer;
  ps_seg_next: (seg: Pointer) => Pointer;
  ps_seg_word: (seg: Pointer) => string;
  ps_seg_frames: (seg: Pointer, start: number[], end: number[]) => void;
  ps_seg_prob: (seg: Pointer, ascr: null, lscr: null, lback: null) => number;
  ps_seg_free: (seg: Pointer) => void;
  ngram_model_read: AsyncFn<[config: Pointer, file: string, type: number, lmath: Pointer], Pointer>;
  ngram_model_set_init: (config: Pointer, models: Pointer[], names: string[], weights: number[], n: number) => Pointer;
  ngram_model_retain: (model: Pointer) => Pointer;
  ngram_model_free: (model: Pointer) => number;
  logmath_exp: (lmath: Pointer, logp: number) => number;
}

type AsyncFn<A extends unknown[], R> = ((...args: A) => R) & { async: (...args: [...A, (err: unknown, result: R) => void]) => void };

/** `.async` of a bound function as a promise. */
export function inPool<A extends unknown[], R>(fn: AsyncFn<A, R>, ...args: A): Promise<R> {
  return new Promise((resolve, reject) => fn.async(...args, (err: unknown, result: R) => (err ? reject(err instanceof Error ? err : new Error("the speech library call failed")) : resolve(result))));
}

export const NGRAM_AUTO = 0;

let loaded: SphinxLibrary | Error | undefined;

/** The bound library, or the reason it cannot be loaded here. */
export function sphinxLibrary(): SphinxLibrary | Error {
  if (loaded) return loaded;
  try {
    const base = koffi.load("libsphinxbase.so.3");
    const ps = koffi.load("libpocketsphinx.so.3");
    const bind = (lib: LibraryHandle, signature: string) => lib.func(signature) as never;
    // A string the library allocated for us: copied to JS, then freed.
    koffi.disposable("HeapStr", "str");
    loaded = {
      cmd_ln_init: bind(base, "void *cmd_ln_init(void *inout, void *defn, int strict, ...)"),
      ps_args: bind(ps, "void *ps_args()"),
      ps_init: bind(ps, "void *ps_init(void *config)"),
      ps_get_logmath: bind(ps, "void *ps_get_logmath(void *ps)"),
      ps_add_word: bind(ps, "int ps_add_word(void *ps, const char *word, const char *phones, int update)"),
      ps_lookup_word: bind(ps, "HeapStr ps_lookup_word(void *ps, const char *word)"),
      ps_set_lm: bind(ps, "int ps_set_lm(void *ps, const char *name, void *lm)"),
      ps_set_search: bind(ps, "int ps_set_search(void *ps, const char *name)"),
      ps_unset_search: bind(ps, "int ps_unset_search(void *ps, const char *name)"),
      ps_start_utt: bind(ps, "int ps_start_utt(void *ps)"),
      ps_process_raw: bind(ps, "int ps_process_raw(void *ps, const int16_t *data, size_t n, int nosearch, int full)"),
      ps_end_utt: bind(ps, "int ps_end_utt(void *ps)"),
      ps_get_hyp: bind(ps, "const char *ps_get_hyp(void *ps, int *score)"),
      ps_seg_iter: bind(ps, "void *ps_seg_iter(void *ps)"),
      ps_seg_next: bind(ps, "void *ps_seg_next(void *seg)"),
      ps_seg_word: bind(ps, "const char *ps_seg_word(void *seg)"),
      ps_seg_frames: bind(ps, "void ps_seg_frames(void *seg, _Out_ int *sf, _Out_ int *ef)"),
      ps_seg_prob: bind(ps, "int ps_seg_prob(void *seg, int *ascr, int *lscr, int *lback)"),
      ps_seg_free: bind(ps, "void ps_seg_free(void *seg)"),
      ngram_model_read: bind(base, "void *ngram_model_read(void *config, const char *file, int type, void *lmath)"),
      ngram_model_set_init: bind(base, "void *ngram_model_set_init(void *config, void **models, const char **names, const float *weights, int n)"),
      ngram_model_retain: bind(base, "void *ngram_model_retain(void *model)"),
      ngram_model_free: bind(base, "int ngram_model_free(void *model)"),
      logmath_exp: bind(base, "double logmath_exp(void *lmath, int logp)"),
    };
  } catch (e) {
    loaded = e instanceof Error ? e : new Error(String(e));
  }
  return loaded;
}
