import { TEMPLATES } from "@vta/contracts";

export function Templates({ onPick, pending }: { onPick: (text: string) => void; pending: boolean }) {
  return (
    <div className="mt-6 border-t border-slate-200 pt-4">
      <h2 className="font-semibold">Or try an example</h2>
      <p className="mb-3 text-sm text-slate-600">Each builds a working app you can change afterwards by saying what to change.</p>
      <ul className="grid gap-3 sm:grid-cols-2">
        {TEMPLATES.map((t) => (
          <li key={t.title} className="flex flex-col rounded border border-slate-200 p-3">
            <h3 className="font-medium">{t.title}</h3>
            <p className="mb-2 flex-1 text-sm text-slate-600">{t.text}</p>
            <button
              type="button"
              disabled={pending}
              onClick={() => onPick(t.text)}
              className="self-start rounded border border-indigo-300 px-3 py-1 text-sm font-medium text-indigo-800 hover:bg-indigo-50 disabled:opacity-50"
            >
              Build this<span className="sr-only"> example: {t.title}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
