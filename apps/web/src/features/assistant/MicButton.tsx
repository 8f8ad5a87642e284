/** The microphone's button: one press listens, a second stops early; a pulsing dot and the input level while listening. */
import { Button } from "../../components/Button";
import { MicIcon } from "./icons";
import type { LiveStep } from "./live-transcription";

const LABELS: Record<LiveStep, string> = {
  idle: "Speak a command",
  starting: "Starting the microphone; press to cancel",
  listening: "Stop listening",
  finishing: "Finishing what was said",
};

export function MicButton({
  step,
  level,
  disabled,
  onStart,
  onStop,
}: {
  step: LiveStep;
  level: number;
  disabled: boolean;
  onStart: () => void;
  onStop: () => void;
}) {
  const active = step !== "idle";
  return (
    <span className="inline-flex items-center gap-2">
      <Button
        data-testid="assistant-mic"
        aria-label={LABELS[step]}
        title={LABELS[step]}
        aria-pressed={active}
        disabled={step === "finishing" || (disabled && !active)}
        onClick={active ? onStop : onStart}
        className={active ? "border-red-300 text-red-700" : ""}
      >
        {active ? "■" : <MicIcon />}
      </Button>
      {step === "listening" && (
        <>
          <span aria-hidden className="h-2.5 w-2.5 animate-pulse rounded-full bg-red-600" />
          <span
            role="meter"
            aria-label="Input level"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(level * 100)}
            className="h-2 w-20 overflow-hidden rounded bg-slate-200"
          >
            <span className="block h-full bg-green-500" style={{ width: `${Math.round(level * 100)}%` }} />
          </span>
        </>
      )}
      {step === "finishing" && <span className="text-sm text-slate-600">Finishing…</span>}
    </span>
  );
}
