/**
 * Speak instead of typing: microphone (with permission), a level meter and a timer while
 * recording, play-back, then upload (16 kHz mono WAV made in the browser) with progress. Audio
 * files can be dropped on it too. The transcript goes back to the caller, to edit before building.
 */
import { useEffect, useRef, useState, type DragEvent } from "react";
import { ErrorNote } from "../../components/ErrorNote";
import { REPEAT_BELOW, type Transcription } from "@vta/contracts";
import { uploadAudio } from "./upload";
import { toWav16k } from "./wav";
import { Button } from "../../components/Button";

type State =
  | { step: "idle" }
  | { step: "recording"; started: number }
  | { step: "recorded"; wav: Blob; url: string; seconds: number }
  | { step: "uploading"; progress: number };

/** `unclear`: heard below REPEAT_BELOW and kept knowingly (the server will not build from its id). */
export function Recorder({ onTranscript }: { onTranscript: (t: Transcription, unclear?: boolean) => void }) {
  const [state, setState] = useState<State>({ step: "idle" });
  const [error, setError] = useState<unknown>(null);
  const [level, setLevel] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  const [dragging, setDragging] = useState(false);
  // Heard too unsure to build from: the person repeats it, or keeps it knowingly.
  const [unclear, setUnclear] = useState<Transcription | null>(null);
  const live = useRef<{ recorder: MediaRecorder; stream: MediaStream; context: AudioContext; raf: number } | null>(null);

  function stopDevices() {
    const l = live.current;
    if (!l) return;
    cancelAnimationFrame(l.raf);
    l.stream.getTracks().forEach((t) => t.stop());
    void l.context.close();
    live.current = null;
  }

  useEffect(() => () => stopDevices(), []);
  useEffect(() => {
    if (state.step !== "recording") return;
    const t = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(t);
  }, [state.step]);
  useEffect(
    () => () => {
      if (state.step === "recorded") URL.revokeObjectURL(state.url);
    },
    [state],
  );

  async function start() {
    setError(null);
    let stream: MediaStream;
    try {
      // Echo cancellation yes; the browser's noise suppression and gain control no: the server
      // denoises (RNNoise) where there is a noise floor, and with Chromium's own suppression on, a
      // sentence spoken over a steady hiss lost words it heard without it (e2e/voice.e2e.test.ts).
      stream = await navigator.mediaDevices.getUserMedia({
        audio: { noiseSuppression: false, echoCancellation: true, autoGainControl: false, channelCount: 1 },
      });
    } catch {
      setError(new Error("The microphone is not available: allow it for this site in the browser, or type the description."));
      return;
    }
    const context = new AudioContext();
    const analyser = context.createAnalyser();
    analyser.fftSize = 512;
    context.createMediaStreamSource(stream).connect(analyser);
    const data = new Float32Array(analyser.fftSize);
    const tick = () => {
      analyser.getFloatTimeDomainData(data);
      setLevel(Math.min(1, Math.sqrt(data.reduce((s, v) => s + v * v, 0) / data.length) * 4));
      if (live.current) live.current.raf = requestAnimationFrame(tick);
    };
    const chunks: Blob[] = [];
    const recorder = new MediaRecorder(stream);
    recorder.ondataavailable = (e) => chunks.push(e.data);
    const started = Date.now();
    recorder.onstop = () => {
      stopDevices();
      const seconds = (Date.now() - started) / 1000;
      toWav16k(new Blob(chunks, { type: recorder.mimeType }))
        .then((wav) => setState({ step: "recorded", wav, url: URL.createObjectURL(wav), seconds }))
        .catch(() => {
          setError(new Error("The recording could not be read; try again"));
          setState({ step: "idle" });
        });
    };
    live.current = { recorder, stream, context, raf: requestAnimationFrame(tick) };
    recorder.start();
    setState({ step: "recording", started });
  }

  async function send(file: Blob, name: string) {
    setError(null);
    setUnclear(null);
    setState({ step: "uploading", progress: 0 });
    try {
      const result = await uploadAudio(file, name, (progress) => setState({ step: "uploading", progress }));
      if (!result.text.trim()) setError(new Error(result.reason ?? "No speech was recognized"));
      else if (result.confidence !== undefined && result.confidence < REPEAT_BELOW) setUnclear(result);
      else onTranscript(result);
      setState({ step: "idle" });
    } catch (err) {
      setError(err);
      setState({ step: "idle" });
    }
  }

  async function dropped(e: DragEvent) {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer.files[0];
    if (!file) return;
    // Converted here when the browser can decode it; otherwise the server converts (ffmpeg).
    const wav = await toWav16k(file).catch(() => null);
    await send(wav ?? file, wav ? "dropped.wav" : file.name);
  }

  return (
    <div
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => void dropped(e)}
      aria-label="Voice input"
      role="group"
      className={`rounded border border-dashed p-3 text-sm ${dragging ? "border-indigo-500 bg-indigo-50" : "border-slate-300"}`}
    >
      <div className="flex flex-wrap items-center gap-2">
        {state.step === "idle" && <Button onClick={() => void start()}>● Record</Button>}
        {state.step === "recording" && (
          <>
            <Button onClick={() => live.current?.recorder.stop()} className="border-red-300 text-red-700">
              ■ Stop
            </Button>
            <span aria-label="Recording time" className="tabular-nums">
              {Math.floor((now - state.started) / 1000)} s
            </span>
            <span aria-label="Input level" className="h-2 w-32 overflow-hidden rounded bg-slate-200">
              <span className="block h-full bg-green-500" style={{ width: `${Math.round(level * 100)}%` }} />
            </span>
          </>
        )}
        {state.step === "recorded" && (
          <>
            <audio controls src={state.url} aria-label="Your recording" className="h-8" />
            <Button variant="primary" onClick={() => void send(state.wav, "recording.wav")}>
              Transcribe
            </Button>
            <Button onClick={() => setState({ step: "idle" })}>Discard</Button>
          </>
        )}
        {state.step === "uploading" && (
          <span className="flex items-center gap-2">
            <progress value={state.progress} max={1} aria-label="Upload progress" /> {state.progress < 1 ? "Uploading…" : "Transcribing…"}
          </span>
        )}
        {state.step === "idle" && <span className="text-slate-500">or drop an audio file here</span>}
      </div>
      {unclear && (
        <div role="alert" className="mt-2 rounded border border-amber-300 bg-amber-50 p-2 text-amber-900">
          <p>
            That was hard to hear (about {Math.round(unclear.confidence! * 100)}% sure): “{unclear.text}”. Please say it again, closer to
            the microphone or somewhere quieter, or type it.
          </p>
          <Button
            className="mt-1"
            onClick={() => {
              onTranscript(unclear, true);
              setUnclear(null);
            }}
          >
            Use it anyway
          </Button>
        </div>
      )}
      <ErrorNote error={error} />
    </div>
  );
}
