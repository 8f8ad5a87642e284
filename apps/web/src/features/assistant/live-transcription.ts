/**
 * Live transcription over a WebSocket (`/api/v1/transcriptions/live`): the microphone's 16 kHz
 * samples go up while the person speaks, partial words come back to show, and one final
 * transcription (with its stored id) when the server hears them stop; a second press asks for it at once.
 */
import { useEffect, useRef, useState } from "react";
import { z } from "zod";
import { Uuid } from "@vta/contracts";
import { levelOf } from "./downsample";
import { captureMicrophone, MicrophoneUnavailable, type Capture } from "./pcm-capture";

/** What the server says, as JSON text messages. */
export const LiveMessage = z.discriminatedUnion("type", [
  z.object({ type: z.literal("ready") }),
  z.object({ type: z.literal("partial"), text: z.string() }),
  z.object({ type: z.literal("final"), text: z.string(), transcriptionId: Uuid }),
  z.object({ type: z.literal("error"), message: z.string() }),
]);
export type LiveMessage = z.infer<typeof LiveMessage>;

export interface Heard {
  text: string;
  transcriptionId: string;
}

/** starting: asking for the microphone and connecting; listening: words go up; finishing: stopped, waiting for the final words. */
export type LiveStep = "idle" | "starting" | "listening" | "finishing";

/** Audio kept while the server gets ready (30 s of 40 ms chunks); more is dropped. */
const MAX_QUEUED = 750;
/** After a stop, how long the final words may take. */
const FINAL_WAIT_MS = 20_000;

export const liveUrl = (appId: string) =>
  `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/api/v1/transcriptions/live?${new URLSearchParams({ appId })}`;

interface Handlers {
  words(text: string): void;
  level(level: number): void;
  final(heard: Heard): void;
  failed(err: Error): void;
}

/** One utterance: its microphone, its socket and the audio waiting for the server to be ready. */
class LiveSession {
  private ws: WebSocket | null = null;
  private capture: Capture | null = null;
  private queue: ArrayBuffer[] = [];
  private ready = false;
  private stopping = false;
  private over = false;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly url: string,
    private readonly on: Handlers,
  ) {}

  /**
   * The microphone is on: the socket opens now, not before, so the server's wait for audio does
   * not run out while the browser asks the person for the microphone.
   */
  connect(capture: Capture) {
    if (this.over) return capture.stop();
    this.capture = capture;
    const ws = new WebSocket(this.url);
    ws.binaryType = "arraybuffer";
    ws.onmessage = (e: MessageEvent<unknown>) => this.message(e.data);
    ws.onclose = () => this.closed();
    this.ws = ws;
  }

  audio = (pcm: ArrayBuffer) => {
    if (this.over || this.stopping) return;
    this.on.level(levelOf(pcm));
    if (this.ready) this.ws?.send(pcm);
    else if (this.queue.length < MAX_QUEUED) this.queue.push(pcm);
  };

  /** The person pressed stop: no more audio, and the server is asked for its final words now. */
  stop() {
    if (this.over || this.stopping) return;
    this.stopping = true;
    this.capture?.stop();
    this.capture = null;
    this.on.level(0);
    if (this.ready) this.ws?.send(JSON.stringify({ type: "stop" }));
    this.timer = setTimeout(() => this.fail("The words did not come back in time; try again, or type the command"), FINAL_WAIT_MS);
  }

  /** Ends everything quietly (the page went away). */
  end() {
    if (this.over) return;
    this.over = true;
    clearTimeout(this.timer);
    this.capture?.stop();
    this.capture = null;
    this.queue = [];
    if (this.ws?.readyState === WebSocket.CONNECTING || this.ws?.readyState === WebSocket.OPEN) this.ws.close(1000);
  }

  fail(message: string) {
    if (this.over) return;
    this.end();
    this.on.failed(new Error(message));
  }

  private message(data: unknown) {
    if (this.over || typeof data !== "string") return;
    let parsed: ReturnType<typeof LiveMessage.safeParse>;
    try {
      parsed = LiveMessage.safeParse(JSON.parse(data));
    } catch {
      return;
    }
    if (!parsed.success) return; // a message this client does not know yet
    const m = parsed.data;
    switch (m.type) {
      case "ready":
        this.ready = true;
        for (const pcm of this.queue.splice(0)) this.ws?.send(pcm);
        if (this.stopping) this.ws?.send(JSON.stringify({ type: "stop" }));
        return;
      case "partial":
        return this.on.words(m.text);
      case "final":
        this.end();
        return this.on.final({ text: m.text, transcriptionId: m.transcriptionId });
      case "error":
        return this.fail(m.message);
    }
  }

  /** Closed without a final or an error message: a refused upgrade (signed out, no such app) or a dropped connection. */
  private closed() {
    if (this.over) return;
    this.fail(
      this.ready
        ? "The live transcription stopped before it heard the end; try again, or type the command"
        : "Live transcription is not available right now; type the command instead",
    );
  }
}

export function useLiveTranscription(appId: string, onFinal: (heard: Heard) => void) {
  const [step, setStep] = useState<LiveStep>("idle");
  const [words, setWords] = useState("");
  const [level, setLevel] = useState(0);
  const [error, setError] = useState<Error | null>(null);
  const session = useRef<LiveSession | null>(null);
  const final = useRef(onFinal);
  useEffect(() => {
    final.current = onFinal;
  });
  useEffect(() => () => session.current?.end(), []);

  const over = (s: LiveSession) => {
    if (session.current !== s) return false;
    session.current = null;
    setStep("idle");
    setLevel(0);
    return true;
  };

  async function start() {
    if (session.current) return;
    setError(null);
    setWords("");
    setStep("starting");
    const s: LiveSession = new LiveSession(liveUrl(appId), {
      words: (text) => setWords(text),
      level: setLevel,
      final: (heard) => {
        if (!over(s)) return;
        setWords(heard.text);
        if (heard.text.trim()) final.current(heard);
        else setError(new Error("Nothing was heard; say the command again, or type it"));
      },
      failed: (err) => {
        if (over(s)) setError(err);
      },
    });
    session.current = s;
    try {
      s.connect(await captureMicrophone(s.audio));
      if (session.current === s) setStep("listening");
    } catch (err) {
      s.fail(err instanceof MicrophoneUnavailable ? err.message : "The microphone could not be started; type the command instead");
    }
  }

  /** Stops early: the words so far are final. While the microphone is still being asked for, nothing was said: cancelled. */
  function stop() {
    const s = session.current;
    if (!s) return;
    if (step === "starting") {
      s.end();
      over(s);
      return;
    }
    s.stop();
    setStep("finishing");
  }

  /** Forgets the last words and problem (a command was typed instead). */
  const clear = () => {
    setWords("");
    setError(null);
  };

  return { step, words, level, error, start, stop, clear };
}
