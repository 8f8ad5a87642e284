/**
 * The Assistant at the top of a running app (in the Studio): a command typed or spoken, and what
 * came of it — a write to confirm or undo, a list shown in the runtime, an answer (read aloud if
 * asked), a hint. Spoken commands are transcribed live and sent when the person stops talking.
 */
import { useEffect, useId, useState, type FormEvent } from "react";
import type { AppSpec, CommandResult, RecordFilter } from "@vta/contracts";
import { Button } from "../../components/Button";
import { ErrorNote } from "../../components/ErrorNote";
import type { RecordSource } from "../runtime/source";
import { useSendCommand, type Said } from "./api";
import { CommandEntry, type Entry } from "./CommandEntry";
import { useLiveTranscription } from "./live-transcription";
import { MicButton } from "./MicButton";
import { askForVoices } from "./SpokenAnswer";
import { useStoredFlag } from "./stored-flag";

/** Results kept on screen, newest first. */
const KEEP = 5;

export function AssistantBar({
  spec,
  source,
  appId,
  onList,
}: {
  spec: AppSpec;
  source: RecordSource;
  appId: string;
  /** A list asked for: the runtime shows that entity with these filters (and order). */
  onList: (entity: string, filters: RecordFilter[], sort?: string) => void;
}) {
  const [text, setText] = useState("");
  const [entries, setEntries] = useState<Entry[]>([]);
  const [writeAtOnce, setWriteAtOnce] = useStoredFlag("vta.assistant.writeWithoutAsking", false);
  const [readAloud, setReadAloud] = useStoredFlag("vta.assistant.readAnswersAloud", false);
  const send = useSendCommand(appId, source);
  const live = useLiveTranscription(appId, (heard) => submit({ transcriptionId: heard.transcriptionId }));
  const inputId = useId();
  useEffect(askForVoices, []);

  function submit(said: Said) {
    send.mutate(
      { said, confirm: writeAtOnce },
      {
        onSuccess: (r) => {
          setEntries((all) => [{ result: r, speak: readAloud && r.kind === "answer" }, ...all].slice(0, KEEP));
          if (r.kind === "filter" && r.entity && r.filter) onList(r.entity, r.filter.filters, r.filter.sort);
          if ("text" in said && said.text === text.trim()) setText("");
        },
      },
    );
  }
  const typed = (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim() || send.isPending) return;
    live.clear();
    submit({ text: text.trim() });
  };
  const replace = (r: CommandResult) => setEntries((all) => all.map((x) => (x.result.id === r.id ? { ...x, result: r } : x)));
  const busy = send.isPending;
  return (
    <section aria-label="Assistant" className="mb-4 space-y-2 rounded border border-indigo-200 bg-indigo-50/50 p-3">
      <form onSubmit={typed} className="flex flex-wrap items-center gap-2">
        <label htmlFor={inputId} className="sr-only">
          Tell your app
        </label>
        <input
          id={inputId}
          data-testid="assistant-input"
          value={text}
          onChange={(e) => setText(e.target.value)}
          maxLength={1000}
          placeholder="Tell your app… e.g. add an order for Jane, 40 dollars"
          className="min-w-0 flex-1 basis-40 rounded border border-slate-300 bg-white px-3 py-1.5 text-sm"
        />
        <Button type="submit" variant="primary" disabled={busy || !text.trim()}>
          {busy ? "Sending…" : "Send"}
        </Button>
        <MicButton step={live.step} level={live.level} disabled={busy} onStart={() => void live.start()} onStop={live.stop} />
      </form>
      <div className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700 sm:text-sm">
        <label className="flex items-center gap-1.5">
          <input type="checkbox" checked={writeAtOnce} onChange={(e) => setWriteAtOnce(e.target.checked)} />
          Write without asking
        </label>
        <label className="flex items-center gap-1.5">
          <input type="checkbox" checked={readAloud} onChange={(e) => setReadAloud(e.target.checked)} />
          Read answers aloud
        </label>
      </div>
      <p
        data-testid="assistant-partial"
        role="status"
        aria-live="polite"
        aria-label="Words heard"
        className="text-sm italic text-slate-700 empty:hidden"
      >
        {live.words}
      </p>
      <ErrorNote error={send.error ?? live.error} />
      <ol aria-live="polite" aria-label="Assistant results" className="space-y-2">
        {entries.map((entry) => (
          <CommandEntry
            key={entry.result.id}
            spec={spec}
            source={source}
            appId={appId}
            entry={entry}
            onChange={replace}
            onDismiss={() => setEntries((all) => all.filter((x) => x !== entry))}
            onResend={(again) => submit({ text: again })}
          />
        ))}
      </ol>
    </section>
  );
}
