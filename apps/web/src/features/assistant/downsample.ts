/**
 * The microphone's samples (44.1 or 48 kHz, floats) as the live transcription wants them: 16 kHz,
 * 16-bit little-endian. Filtered below 7.2 kHz before samples are dropped, so what lies above the
 * new Nyquist frequency (8 kHz: sibilants, hiss) does not fold back into the speech band.
 * Runs inside the audio worklet, a block of 128 samples at a time, carrying its history across blocks.
 */
export const TARGET_RATE = 16_000;

export class Downsampler {
  private readonly ratio: number;
  private readonly taps: Float32Array;
  private readonly half: number;
  /** Input samples from absolute index `start` on (negative indices are the silence before the stream). */
  private buf: Float32Array;
  private start: number;
  private produced = 0;

  constructor(inRate: number, outRate = TARGET_RATE) {
    this.ratio = inRate / outRate;
    this.taps = this.ratio > 1 ? lowPass((0.45 * outRate) / inRate, Math.round(this.ratio * 32) | 1) : Float32Array.of(1);
    this.half = (this.taps.length - 1) / 2;
    this.buf = new Float32Array(this.half);
    this.start = -this.half;
  }

  /** Feeds samples; answers the output samples they complete (the filter holds back half its length). */
  push(input: Float32Array): Float32Array {
    const buf = new Float32Array(this.buf.length + input.length);
    buf.set(this.buf);
    buf.set(input, this.buf.length);
    const end = this.start + buf.length;
    const out: number[] = [];
    for (;;) {
      const t = this.produced * this.ratio;
      const j = Math.floor(t);
      const frac = t - j;
      if ((frac > 0 ? j + 1 : j) + this.half >= end) break;
      let y = this.filtered(buf, j);
      if (frac > 0) y += frac * (this.filtered(buf, j + 1) - y);
      out.push(y);
      this.produced++;
    }
    const drop = Math.min(buf.length, Math.max(0, Math.floor(this.produced * this.ratio) - this.half - this.start));
    this.buf = buf.slice(drop);
    this.start += drop;
    return Float32Array.from(out);
  }

  /** The low-passed signal at input index `j`. */
  private filtered(buf: Float32Array, j: number): number {
    const from = j - this.half - this.start;
    let sum = 0;
    for (let k = 0; k < this.taps.length; k++) sum += this.taps[k]! * buf[from + k]!;
    return sum;
  }
}

/** A windowed-sinc (Hamming) low-pass: `cutoff` in cycles per sample, `n` odd taps, unity gain. */
function lowPass(cutoff: number, n: number): Float32Array {
  const m = (n - 1) / 2;
  const taps = new Float32Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const x = i - m;
    const sinc = x === 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * x) / (Math.PI * x);
    taps[i] = sinc * (0.54 - 0.46 * Math.cos((2 * Math.PI * i) / (n - 1)));
    sum += taps[i]!;
  }
  return taps.map((t) => t / sum);
}

/** Samples in [-1, 1] as 16-bit little-endian integers (clipped), whatever the platform's byte order. */
export function toPcm16le(samples: Float32Array): ArrayBuffer {
  const bytes = new ArrayBuffer(samples.length * 2);
  const view = new DataView(bytes);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i]!));
    view.setInt16(i * 2, Math.round(s < 0 ? s * 0x8000 : s * 0x7fff), true);
  }
  return bytes;
}

/** How loud 16-bit little-endian samples are, 0 to 1 (root mean square, scaled so speech reaches the top). */
export function levelOf(pcm: ArrayBuffer): number {
  const view = new DataView(pcm);
  const n = pcm.byteLength / 2;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += (view.getInt16(i * 2, true) / 0x8000) ** 2;
  return n ? Math.min(1, Math.sqrt(sum / n) * 4) : 0;
}
