/**
 * An answer read aloud: by the browser's own voices when it has any, otherwise as the server's
 * recording of it (`/api/v1/speech`, made with flite) in an audio player.
 */
import { useEffect, useState } from "react";

/** The server speaks at most this much of an answer. */
const MAX_SPOKEN = 500;

const browserVoices = () => typeof speechSynthesis !== "undefined" && speechSynthesis.getVoices().length > 0;

/** The utterance being spoken, so one answer going away does not silence a newer one. */
let speaking: SpeechSynthesisUtterance | null = null;

export function SpokenAnswer({ text }: { text: string }) {
  const [voiced] = useState(browserVoices);
  useEffect(() => {
    if (!voiced) return;
    const u = new SpeechSynthesisUtterance(text);
    u.onend = () => {
      if (speaking === u) speaking = null;
    };
    speaking = u;
    speechSynthesis.speak(u);
    return () => {
      if (speaking === u) speechSynthesis.cancel();
    };
  }, [voiced, text]);
  if (voiced) return null;
  return (
    <audio
      data-testid="spoken-answer"
      src={`/api/v1/speech?${new URLSearchParams({ text: text.slice(0, MAX_SPOKEN) })}`}
      autoPlay
      controls
      aria-label="The answer, read aloud"
      className="h-8"
    />
  );
}

/** Chromium lists its voices only after being asked once; asking early lets the first answer find them. */
export function askForVoices() {
  if (typeof speechSynthesis !== "undefined") speechSynthesis.getVoices();
}
