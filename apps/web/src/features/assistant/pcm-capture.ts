/** The microphone as a stream of 16 kHz 16-bit little-endian chunks (40 ms each), made in an audio worklet. */
import workletUrl from "./pcm-worklet.ts?worker&url";

export interface Capture {
  stop(): void;
}

export class MicrophoneUnavailable extends Error {}

export async function captureMicrophone(onChunk: (pcm: ArrayBuffer) => void): Promise<Capture> {
  let stream: MediaStream;
  try {
    // Echo cancellation yes; the browser's noise suppression and gain control no: the server
    // denoises where there is a noise floor, and Chromium's own suppression lost words over a
    // steady hiss (see Recorder.tsx and e2e/voice.e2e.test.ts).
    stream = await navigator.mediaDevices.getUserMedia({
      audio: { echoCancellation: true, noiseSuppression: false, autoGainControl: false, channelCount: 1 },
    });
  } catch {
    throw new MicrophoneUnavailable("The microphone is not available: allow it for this site in the browser, or type the command.");
  }
  const context = new AudioContext();
  try {
    await context.audioWorklet.addModule(workletUrl);
    await context.resume();
    const source = context.createMediaStreamSource(stream);
    const node = new AudioWorkletNode(context, "pcm-16k", { channelCount: 1, channelCountMode: "explicit" });
    node.port.onmessage = (e: MessageEvent<ArrayBuffer>) => onChunk(e.data);
    source.connect(node);
    // A node is only run while something pulls on it; it writes nothing, so the speakers get silence.
    node.connect(context.destination);
    return {
      stop() {
        node.port.onmessage = null;
        source.disconnect();
        node.disconnect();
        stream.getTracks().forEach((t) => t.stop());
        void context.close();
      },
    };
  } catch (err) {
    stream.getTracks().forEach((t) => t.stop());
    void context.close();
    throw err;
  }
}
