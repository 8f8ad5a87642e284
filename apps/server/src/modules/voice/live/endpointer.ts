/**
 * Where speech starts and ends in a stream of 16 kHz samples, as they arrive: 10 ms frames
 * against the stream's own noise floor (the quietest it has been lately), speech when a frame is
 * 12 dB over it for 30 ms, the end when it has been quiet for `endSilenceMs`. A click shorter than
 * 150 ms is not speech. It also says when the quiet began, so a final reading can start before the
 * end is sure.
 */
const FRAME = 160;
const ABOVE_FLOOR_DB = 12;
/** Never speech below this level, however quiet the room. */
const MIN_SPEECH_DB = -55;
const START_FRAMES = 3;
const MIN_SPEECH_MS = 150;

export type EndpointEvent = { type: "speech"; atSample: number } | { type: "quiet"; atSample: number } | { type: "end"; atSample: number };

export interface EndpointerOptions {
  endSilenceMs: number;
  /** Quiet this long before the final reading starts, while the end is not yet sure. */
  quietMs: number;
}

export class Endpointer {
  private floorDb = 0;
  private frames = 0;
  private partial: number[] = [];
  private loudRun = 0;
  private quietRun = 0;
  private speechFrames = 0;
  /** The sample where speech began; null before it. */
  speechStart: number | null = null;
  /** The sample where the current quiet began; null while speaking. */
  quietStart: number | null = null;
  ended = false;

  constructor(private readonly options: EndpointerOptions) {}

  get samples() {
    return this.frames * FRAME + this.partial.length;
  }

  /** Feeds samples; answers what happened in them. */
  push(pcm: Int16Array): EndpointEvent[] {
    const events: EndpointEvent[] = [];
    for (const s of pcm) {
      this.partial.push(s);
      if (this.partial.length < FRAME) continue;
      const e = this.frame(this.partial);
      this.partial = [];
      if (e) events.push(e);
    }
    return events;
  }

  private frame(samples: number[]): EndpointEvent | null {
    let sum = 0;
    for (const s of samples) sum += s * s;
    const db = 10 * Math.log10(sum / samples.length / 32768 ** 2 + 1e-12);
    this.frames++;
    // The floor follows the quietest frames quickly and rises slowly (3 dB a second), so steady noise stays under it.
    this.floorDb = this.frames === 1 ? db : Math.min(db, this.floorDb + 0.03);
    const loud = db > Math.max(this.floorDb + ABOVE_FLOOR_DB, MIN_SPEECH_DB);
    const at = this.frames * FRAME;
    if (this.ended) return null;
    if (loud) {
      this.loudRun++;
      this.quietRun = 0;
      if (this.speechStart === null && this.loudRun >= START_FRAMES) {
        this.speechStart = at - START_FRAMES * FRAME;
        this.speechFrames = START_FRAMES;
        return { type: "speech", atSample: this.speechStart };
      }
      if (this.speechStart !== null) {
        this.speechFrames++;
        if (this.quietStart !== null) {
          this.quietStart = null;
          return { type: "speech", atSample: at };
        }
      }
      return null;
    }
    this.loudRun = 0;
    if (this.speechStart === null) return null;
    this.quietRun++;
    const quietMs = this.quietRun * 10;
    if (this.quietRun === 1) this.quietStart = at - FRAME;
    if (quietMs === this.options.quietMs) return { type: "quiet", atSample: this.quietStart! };
    if (quietMs >= this.options.endSilenceMs) {
      if (this.speechFrames * 10 < MIN_SPEECH_MS) {
        // A click, not speech: listen again.
        this.speechStart = null;
        this.quietStart = null;
        this.speechFrames = 0;
        return null;
      }
      this.ended = true;
      return { type: "end", atSample: this.quietStart! };
    }
    return null;
  }
}
