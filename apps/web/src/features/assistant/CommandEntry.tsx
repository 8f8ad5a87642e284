/**
 * One command and what came of it: a proposal to confirm, a write done (with Undo), a list shown,
 * an answer, or a hint with the records it could mean; each can be rated.
 */
import type { AppSpec, CommandResult } from "@vta/contracts";
import { Button } from "../../components/Button";
import { ErrorNote } from "../../components/ErrorNote";
import type { RecordSource } from "../runtime/source";
import { useUndoCommand } from "./api";
import { ProposalCard } from "./ProposalCard";
import { RateButtons } from "./RateButtons";
import { SpokenAnswer } from "./SpokenAnswer";

export interface Entry {
  result: CommandResult;
  /** Read the answer aloud (the person asked for it when it came). */
  speak: boolean;
}

export function CommandEntry({
  spec,
  source,
  appId,
  entry,
  onChange,
  onDismiss,
  onResend,
}: {
  spec: AppSpec;
  source: RecordSource;
  appId: string;
  entry: Entry;
  onChange: (r: CommandResult) => void;
  onDismiss: () => void;
  onResend: (text: string) => void;
}) {
  const r = entry.result;
  return (
    <li className="space-y-1 rounded border border-slate-200 bg-white p-2 text-sm">
      <div className="flex items-start justify-between gap-2">
        <p className="text-xs text-slate-500">“{r.text}”</p>
        <span className="flex items-center gap-1">
          {r.interactionId && <RateButtons interactionId={r.interactionId} />}
          <button type="button" onClick={onDismiss} aria-label={`Dismiss: ${r.summary}`} className="rounded px-1.5 hover:bg-slate-100">
            ×
          </button>
        </span>
      </div>
      {r.status === "proposed" ? (
        <ProposalCard spec={spec} source={source} appId={appId} result={r} onDone={onChange} onCancel={onDismiss} />
      ) : r.status === "applied" ? (
        <Applied source={source} appId={appId} result={r} onUndone={onChange} />
      ) : r.status === "undone" ? (
        <p>Undone: {r.summary}</p>
      ) : r.kind === "answer" ? (
        <>
          <p data-testid="assistant-answer" className="text-lg font-semibold text-slate-900">
            {r.answer?.text ?? r.summary}
          </p>
          {entry.speak && <SpokenAnswer text={r.answer?.text ?? r.summary} />}
        </>
      ) : r.kind === "unclear" ? (
        <Unclear result={r} onResend={onResend} />
      ) : (
        <p>{r.summary}</p>
      )}
    </li>
  );
}

function Applied({
  source,
  appId,
  result,
  onUndone,
}: {
  source: RecordSource;
  appId: string;
  result: CommandResult;
  onUndone: (r: CommandResult) => void;
}) {
  const undo = useUndoCommand(appId, source);
  return (
    <>
      <p className="flex flex-wrap items-center gap-2">
        <span>Done: {result.summary}</span>
        <Button
          size="sm"
          data-testid="assistant-undo"
          disabled={undo.isPending}
          onClick={() => undo.mutate(result.id, { onSuccess: onUndone })}
        >
          {undo.isPending ? "Undoing…" : "Undo"}
        </Button>
      </p>
      <ErrorNote error={undo.error} />
    </>
  );
}

/** What to say instead; each record it could mean sends the command again with that record's title. */
function Unclear({ result, onResend }: { result: CommandResult; onResend: (text: string) => void }) {
  return (
    <>
      <p data-testid="assistant-hint" className="text-amber-900">
        {result.hint ?? result.summary}
      </p>
      {result.candidates?.length ? (
        <div role="group" aria-label="Did you mean" className="flex flex-wrap gap-1">
          {result.candidates.map((c) => (
            <Button key={c.id} size="sm" onClick={() => onResend(`${result.text} ${c.title}`)}>
              {c.title}
            </Button>
          ))}
        </div>
      ) : null}
    </>
  );
}
