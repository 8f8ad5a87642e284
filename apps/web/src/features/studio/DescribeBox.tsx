import { useState, type FormEvent } from "react";
import { ErrorNote } from "../../components/ErrorNote";
import { Recorder } from "../voice/Recorder";
import { SpokenText } from "../voice/SpokenText";
import type { Transcription } from "@vta/contracts";
import type { Spoken } from "./api";
import { Button } from "../../components/Button";

/** Where a person says what they want: typed now (the recorder joins it with voice). */
export function DescribeBox({
  label,
  placeholder,
  submitLabel,
  pending,
  error,
  onSubmit,
}: {
  label: string;
  placeholder: string;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (request: Spoken, done: () => void) => void;
}) {
  const [text, setText] = useState("");
  // What was said, until it is edited: then the typed words are what counts.
  const [spoken, setSpoken] = useState<{ id: string; text: string; words: NonNullable<Transcription["words"]> } | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (text.trim().length < 3) return;
    const request = spoken?.id && spoken.text === text ? { transcriptionId: spoken.id } : { text: text.trim() };
    onSubmit(request, () => {
      setText("");
      setSpoken(null);
    });
  };
  return (
    <form onSubmit={submit} className="space-y-2">
      <label className="block text-sm font-medium" htmlFor="describe">
        {label}
      </label>
      <Recorder
        onTranscript={(t, unclear) => {
          setText(t.text);
          // Kept although unclear: sent as typed text (the server does not build from an unclear recording).
          setSpoken({ id: unclear ? "" : t.id, text: t.text, words: t.words ?? [] });
        }}
      />
      <textarea
        id="describe"
        value={text}
        onChange={(e) => setText(e.target.value)}
        // Enter writes a new line; Ctrl+Enter (⌘+Enter on a Mac) builds.
        onKeyDown={(e) => {
          if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && !pending) submit(e);
        }}
        aria-describedby="describe-hint"
        placeholder={placeholder}
        rows={4}
        maxLength={10_000}
        className="w-full rounded border border-slate-300 px-3 py-2 text-sm"
      />
      <p id="describe-hint" className="text-xs text-slate-600">
        Ctrl+Enter (⌘+Enter) to {submitLabel.toLowerCase()}.
      </p>
      {spoken && spoken.text === text && <SpokenText words={spoken.words} />}
      <ErrorNote error={error} />
      <Button type="submit" variant="primary" disabled={pending || text.trim().length < 3}>
        {pending ? "Starting…" : submitLabel}
      </Button>
    </form>
  );
}
