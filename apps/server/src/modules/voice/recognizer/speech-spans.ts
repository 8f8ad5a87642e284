/**
 * Where the speech is in a recording, from 10 ms frame levels against the recording's own noise
 * floor: silence before, between and after is left out, long speech is cut at its quietest pauses
 * into pieces the recogniser hears well, and each piece is brought to one speaking level.
 */
import { DECODER_RATE, frameLevels } from "../audio.js";

const FRAME = DECODER_RATE / 100;
/** Frames this far over the noise floor are speech (6 dB: twice the noise's power). */
const OVER_FLOOR_DB = 6;
/** Loud frames standing less than this over the floor: speech cannot be told from noise, all is kept. */
const FLAT_SPREAD_DB = 8;
/** A recording whose loud frames stay under this level (dBFS) is silent. */
const SILENT_DB = -55;
/** Pauses shorter than this stay inside a span; words are never cut at one. */
const BRIDGE_FRAMES = 40;
/** Shorter bursts (a click, a knock) are not speech. */
const MIN_SPEECH_FRAMES = 12;
/** Kept around each span, so soft word onsets and endings are heard. */
const PAD_FRAMES = 20;
/** Longest piece handed to the recogniser at once (it was trained on utterances up to about 30 s). */
export const MAX_PIECE_SECONDS = 20;
/** Speech is brought to this RMS level (dBFS), gaining at most MAX_GAIN_DB. */
const TARGET_DB = -20;
const MAX_GAIN_DB = 24;

const percentile = (sorted: number[], q: number) => sorted[Math.floor(q * (sorted.length - 1))]!;

/**
 * The speech spans of a recording, as [start, end) sample offsets: none in silence; all of it when
 * its level never changes (unbroken speech, or steady noise: the recogniser judges, and says how sure it is).
 */
export function speechSpans(pcm: Int16Array, levels = frameLevels(pcm)): [number, number][] {
  const heard = [...levels].filter((l) => l > -90).sort((a, b) => a - b);
  if (heard.length < MIN_SPEECH_FRAMES || percentile(heard, 0.95) < SILENT_DB) return [];
  const floor = percentile(heard, 0.05);
  if (percentile(heard, 0.95) - floor < FLAT_SPREAD_DB) return [[0, pcm.length]];
  const spans: [number, number][] = [];
  let start = -1;
  let lastSpeech = -1;
  const close = () => {
    if (start >= 0 && lastSpeech - start + 1 >= MIN_SPEECH_FRAMES) spans.push([start, lastSpeech + 1]);
    start = -1;
  };
  for (let f = 0; f < levels.length; f++) {
    if (levels[f]! < floor + OVER_FLOOR_DB) continue;
    if (start >= 0 && f - lastSpeech > BRIDGE_FRAMES) close();
    if (start < 0) start = f;
    lastSpeech = f;
  }
  close();
  return spans.map(([s, e]) => [Math.max(0, s - PAD_FRAMES) * FRAME, Math.min(levels.length, e + PAD_FRAMES) * FRAME]);
}

/**
 * The pieces to recognise, in order: consecutive spans joined while they fit in MAX_PIECE_SECONDS,
 * a longer span cut at the quietest frame of its last few seconds before the limit.
 */
export function speechPieces(pcm: Int16Array): Int16Array[] {
  const max = MAX_PIECE_SECONDS * DECODER_RATE;
  const levels = frameLevels(pcm);
  const pieces: [number, number][] = [];
  for (const [s, e] of speechSpans(pcm, levels)) {
    let start = s;
    const last = pieces.at(-1);
    if (last && e - last[0] <= max) {
      last[1] = e;
      continue;
    }
    while (e - start > max) {
      // The quietest 10 ms in the last 5 s before the limit: a pause between words, if there is one.
      let cut = start + max;
      for (let f = Math.floor((start + max - 5 * DECODER_RATE) / FRAME); f < (start + max) / FRAME; f++)
        if (levels[f]! < levels[cut / FRAME]!) cut = f * FRAME;
      pieces.push([start, cut]);
      start = cut;
    }
    pieces.push([start, e]);
  }
  return pieces.map(([s, e]) => pcm.subarray(s, e));
}

/** The piece as the recogniser's input: -1..1 floats, speech at TARGET_DB (never gained more than MAX_GAIN_DB). */
export function levelled(piece: Int16Array): Float32Array {
  const levels = frameLevels(piece);
  const loud = [...levels].sort((a, b) => a - b);
  // The level of the speech itself: the loud half of the frames, so pauses do not pull it down.
  const speechDb = loud.length ? percentile(loud, 0.75) : TARGET_DB;
  const gain = 10 ** (Math.min(MAX_GAIN_DB, TARGET_DB - speechDb) / 20);
  return Float32Array.from(piece, (v) => Math.max(-1, Math.min(1, (v / 32768) * gain)));
}
