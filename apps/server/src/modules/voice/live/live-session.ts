/**
 * One utterance heard live: samples arrive as the person speaks, the words so far are read again
 * every few hundred milliseconds (a quick reading: one beam, no clean-up) and sent as partials, and
 * the utterance ends by itself when they stop talking. The final reading (the full one) starts as
 * soon as the speaker goes quiet, before the end is sure, so the text is ready about when the end
 * is declared; if they speak again, that reading is dropped.
 */
import type { SttResult } from "../engines/engine.js";
import { Endpointer } from "./endpointer.js";

export const RATE = 16_000;

export type LiveMessage =
  | { type: "ready" }
  /** `heardMs`: how much of the stream (from its first sample) the words cover. */
  | { type: "partial"; text: string; heardMs: number }
  | { type: "final"; text: string; transcriptionId: string; reason?: string }
  | { type: "error"; message: string };

export interface LiveSettings {
  /** Quiet this long ends the utterance. */
  endSilenceMs: number;
  /** Quiet this long starts the final reading. */
  quietMs: number;
  /** New audio between two partial readings. */
  partialEveryMs: number;
  /** Audio kept before speech began (a soft first sound). */
  leadMs: number;
  /** Nothing said for this long ends the session with nothing heard. */
  noSpeechMs: number;
  maxSeconds: number;
}

export const LIVE_SETTINGS: LiveSettings = {
  endSilenceMs: 400,
  quietMs: 150,
  partialEveryMs: 300,
  leadMs: 300,
  noSpeechMs: 10_000,
  maxSeconds: 30,
};

export interface LiveHearing {
  /** A quick reading of the words so far; absent when the engine cannot read partial audio. */
  partial?: (pcm: Int16Array, signal: AbortSignal) => Promise<string>;
  final: (pcm: Int16Array, signal: AbortSignal) => Promise<SttResult>;
  /** Stores the utterance's text (a transcription a command can name). */
  store: (result: SttResult, durationMs: number, processingMs: number) => Promise<{ id: string; reason?: string }>;
  send: (message: LiveMessage) => void;
  /** The session is over (its final or its error was sent). */
  done: () => void;
}

export class LiveSession {
  private readonly chunks: Int16Array[] = [];
  private total = 0;
  private readonly endpointer: Endpointer;
  private readonly controller = new AbortController();
  private partialBusy = false;
  private lastPartialAt = 0;
  private lastPartialText = "";
  private speculative: { quietAt: number; result: Promise<SttResult>; started: number } | null = null;
  private finished = false;

  constructor(
    private readonly hearing: LiveHearing,
    private readonly settings: LiveSettings = LIVE_SETTINGS,
  ) {
    this.endpointer = new Endpointer({ endSilenceMs: settings.endSilenceMs, quietMs: settings.quietMs });
  }

  private ms = (samples: number) => (samples / RATE) * 1000;
  private samplesOf = (ms: number) => Math.round((ms / 1000) * RATE);

  /** The audio from just before speech began up to `end`. */
  private utterance(end: number): Int16Array {
    const start = Math.max(0, (this.endpointer.speechStart ?? 0) - this.samplesOf(this.settings.leadMs));
    const out = new Int16Array(Math.max(0, Math.min(end, this.total) - start));
    let at = 0;
    for (const c of this.chunks) {
      const from = Math.max(start - at, 0);
      const to = Math.min(end - at, c.length);
      if (to > from) out.set(c.subarray(from, to), at + from - start);
      at += c.length;
      if (at >= end) break;
    }
    return out;
  }

  push(pcm: Int16Array): void {
    if (this.finished) return;
    this.chunks.push(pcm);
    this.total += pcm.length;
    for (const e of this.endpointer.push(pcm)) {
      if (e.type === "quiet") this.speculate(e.atSample);
      if (e.type === "speech") this.speculative = null;
      if (e.type === "end") return void this.finish(e.atSample);
    }
    if (this.ms(this.total) > this.settings.maxSeconds * 1000) return void this.finish(this.total);
    if (this.endpointer.speechStart === null) {
      if (this.ms(this.total) >= this.settings.noSpeechMs) void this.finish(this.total);
      return;
    }
    this.maybePartial();
  }

  /** The person pressed stop: what was said so far is the utterance. */
  stop(): void {
    void this.finish(this.endpointer.quietStart ?? this.total);
  }

  /** The client went away: nothing more is read or sent. */
  abort(): void {
    this.finished = true;
    this.controller.abort();
  }

  private maybePartial() {
    const { partial } = this.hearing;
    if (!partial || this.partialBusy || this.endpointer.quietStart !== null) return;
    if (this.ms(this.total - this.lastPartialAt) < this.settings.partialEveryMs) return;
    this.partialBusy = true;
    this.lastPartialAt = this.total;
    const heardMs = Math.round(this.ms(this.total));
    partial(this.utterance(this.total), this.controller.signal)
      .then((text) => {
        if (!this.finished && text && text !== this.lastPartialText) {
          this.lastPartialText = text;
          this.hearing.send({ type: "partial", text, heardMs });
        }
      })
      .catch(() => undefined)
      .finally(() => (this.partialBusy = false));
  }

  private speculate(quietAt: number) {
    const end = quietAt + this.samplesOf(200);
    this.speculative = { quietAt, started: performance.now(), result: this.hearing.final(this.utterance(end), this.controller.signal) };
    // Its failure is reported by finish(), if it is the one used.
    this.speculative.result.catch(() => undefined);
  }

  private async finish(endSample: number) {
    if (this.finished) return;
    this.finished = true;
    try {
      const heardSpeech = this.endpointer.speechStart !== null;
      const end = Math.min(this.total, endSample + this.samplesOf(200));
      const reuse = this.speculative && this.speculative.quietAt === endSample ? this.speculative : null;
      const started = reuse?.started ?? performance.now();
      const result = heardSpeech ? await (reuse?.result ?? this.hearing.final(this.utterance(end), this.controller.signal)) : { text: "" };
      const processingMs = Math.round(performance.now() - started);
      const stored = await this.hearing.store(
        result,
        Math.round(this.ms(heardSpeech ? end - (this.endpointer.speechStart ?? 0) : this.total)),
        processingMs,
      );
      this.hearing.send({
        type: "final",
        text: result.text,
        transcriptionId: stored.id,
        ...(stored.reason ? { reason: stored.reason } : {}),
      });
    } catch (err) {
      if (!this.controller.signal.aborted) this.hearing.send({ type: "error", message: err instanceof Error ? err.message : String(err) });
    } finally {
      this.hearing.done();
    }
  }
}
