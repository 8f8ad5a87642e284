/**
 * The audio worklet (on the audio thread): the microphone's samples, 128 at a time, downsampled to
 * 16 kHz 16-bit little-endian and posted to the page 40 ms at a time (the live transcription's
 * messages). Loaded by pcm-capture.ts as its own file, so the page's script-src 'self' allows it.
 */
import { Downsampler, toPcm16le } from "./downsample";

// The AudioWorkletGlobalScope's names, which TypeScript's DOM library does not declare.
declare const sampleRate: number;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
}
declare function registerProcessor(name: string, processor: new () => AudioWorkletProcessor): void;

/** 40 ms at 16 kHz. */
const CHUNK = 640;

class Pcm16kProcessor extends AudioWorkletProcessor {
  private readonly down = new Downsampler(sampleRate);
  private pending = new Float32Array(CHUNK);
  private filled = 0;

  process(inputs: Float32Array[][]): boolean {
    const channels = inputs[0];
    if (!channels?.length) return true;
    for (const s of this.down.push(mono(channels))) {
      this.pending[this.filled++] = s;
      if (this.filled === CHUNK) {
        const pcm = toPcm16le(this.pending);
        this.port.postMessage(pcm, [pcm]);
        this.filled = 0;
      }
    }
    return true;
  }
}

/** One channel as is; several averaged (the node asks for one, but a browser may still give two). */
function mono(channels: Float32Array[]): Float32Array {
  if (channels.length === 1) return channels[0]!;
  const out = new Float32Array(channels[0]!.length);
  for (const ch of channels) for (let i = 0; i < out.length; i++) out[i]! += ch[i]! / channels.length;
  return out;
}

registerProcessor("pcm-16k", Pcm16kProcessor);
