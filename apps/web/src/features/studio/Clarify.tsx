import { useState, type FormEvent } from "react";
import type { Build, Unclear } from "@vta/contracts";

/**
 * What the last request said that the app does not reflect: each phrase with what to say instead,
 * a one-click suggestion, or a short question whose answer becomes the next refinement.
 */
export function Clarify({ build, pending, onRequest }: { build: Build; pending: boolean; onRequest: (text: string) => void }) {
  if (!build.unclear.length && !build.error) return null;
  const notUnderstood = build.status === "failed" && /^Not understood/.test(build.error ?? "");
  return (
    <section aria-label="Not understood" className="rounded border border-amber-300 bg-amber-50 p-3 text-sm">
      <h3 className="mb-1 font-semibold">{notUnderstood ? "Nothing was changed" : "Check these"}</h3>
      {notUnderstood && !build.unclear.length && <p className="mb-2 text-amber-900">{build.error}</p>}
      <ul className="space-y-2">
        {build.unclear.map((u, i) => (
          <UnclearItem key={`${u.text}${i}`} item={u} pending={pending} onRequest={onRequest} />
        ))}
      </ul>
    </section>
  );
}

function UnclearItem({ item, pending, onRequest }: { item: Unclear; pending: boolean; onRequest: (text: string) => void }) {
  const [answer, setAnswer] = useState("");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (item.ask && answer.trim()) onRequest(item.ask.replace("{answer}", answer.trim()));
  };
  return (
    <li data-unclear={item.text}>
      <q className="font-medium text-slate-900">{item.text}</q>
      <p className="text-slate-700">{item.hint}</p>
      {item.suggestion && (
        <button
          type="button"
          disabled={pending}
          onClick={() => onRequest(item.suggestion!)}
          className="mt-1 rounded border border-amber-400 bg-white px-2 py-0.5 text-xs hover:bg-amber-100 disabled:opacity-50"
        >
          {item.suggestion}
        </button>
      )}
      {item.ask && (
        <form onSubmit={submit} className="mt-1 flex gap-2">
          <label className="sr-only" htmlFor={`ask-${item.text}`}>
            {item.hint}
          </label>
          <input
            id={`ask-${item.text}`}
            value={answer}
            onChange={(e) => setAnswer(e.target.value)}
            placeholder="for example: new, active, closed"
            className="min-w-0 flex-1 rounded border border-slate-300 px-2 py-0.5"
          />
          <button
            type="submit"
            disabled={pending || !answer.trim()}
            className="rounded bg-amber-600 px-2 py-0.5 text-xs font-medium text-white disabled:opacity-50"
          >
            Answer
          </button>
        </form>
      )}
    </li>
  );
}
