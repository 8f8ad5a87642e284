import { useInfiniteQuery } from "@tanstack/react-query";
import { useSearchParams } from "react-router";
import type { Interaction } from "@vta/contracts";
import { api } from "../../api/client";
import { ErrorNote } from "../../components/ErrorNote";
import { money } from "../../components/money";

const FILTERS = [
  ["agentId", "Agent id", "text"],
  ["sessionId", "Session", "text"],
  ["endUserId", "End user", "text"],
  ["from", "From", "date"],
  ["to", "To", "date"],
  ["minRating", "Min rating", "number"],
] as const;

type Page = { items: Interaction[]; nextCursor: string | null };

export default function InteractionsPage() {
  const [params, setParams] = useSearchParams();
  const filters = new URLSearchParams();
  for (const [key] of FILTERS) {
    const v = params.get(key);
    if (v) filters.set(key, v);
  }
  const qs = filters.toString();
  const log = useInfiniteQuery({
    queryKey: ["interactions", qs],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => {
      const q = new URLSearchParams(filters);
      q.set("limit", "100");
      if (pageParam) q.set("cursor", pageParam);
      return api<Page>(`/interactions?${q}`, { signal });
    },
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = log.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <section className="space-y-4">
      <div className="flex flex-wrap items-end gap-3">
        <h1 className="mr-auto text-2xl font-semibold">Interaction log</h1>
        <a href={`/api/v1/interactions/export?format=csv&${qs}`} className="rounded border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100">
          Export CSV
        </a>
        <a href={`/api/v1/interactions/export?format=jsonl&${qs}`} className="rounded border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100">
          Export JSON Lines
        </a>
      </div>
      <form
        className="flex flex-wrap gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          const data = new FormData(e.currentTarget);
          const next = new URLSearchParams();
          for (const [key] of FILTERS) {
            const raw = data.get(key);
            const v = typeof raw === "string" ? raw.trim() : "";
            if (v) next.set(key, v);
          }
          setParams(next);
        }}
      >
        {FILTERS.map(([key, label, type]) => (
          <label key={key} className="text-xs text-slate-600">
            {label}
            <input
              name={key}
              type={type}
              min={type === "number" ? 1 : undefined}
              max={type === "number" ? 5 : undefined}
              defaultValue={params.get(key) ?? ""}
              className="mt-0.5 block w-40 rounded border border-slate-300 px-2 py-1 text-sm"
            />
          </label>
        ))}
        <button type="submit" className="self-end rounded bg-indigo-600 px-3 py-1.5 text-sm text-white">
          Apply
        </button>
      </form>
      <ErrorNote error={log.error} />
      <div className="overflow-x-auto rounded border border-slate-200 bg-white">
        <table className="w-full text-sm">
          <thead className="bg-slate-100 text-left">
            <tr>
              {["When", "Agent", "Session", "End user", "Time", "Tokens", "Cost", "Rating", "Input"].map((h) => (
                <th key={h} className="p-2 font-medium">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((i) => (
              <tr key={i.id} className="border-t align-top">
                <td className="whitespace-nowrap p-2">{new Date(i.createdAt).toLocaleString()}</td>
                <td className="p-2 font-mono text-xs">{i.agentId.slice(0, 8)}</td>
                <td className="p-2">{i.sessionId ?? ""}</td>
                <td className="p-2">{i.endUserId ?? ""}</td>
                <td className="p-2">{i.responseTimeMs} ms</td>
                <td className="p-2">{i.tokensIn + i.tokensOut}</td>
                <td className="p-2">{money(i.cost)}</td>
                <td className="p-2">{i.userRating ?? "–"}</td>
                <td className="max-w-xs truncate p-2" title={i.input ?? ""}>
                  {i.input ?? ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {!log.isPending && rows.length === 0 && <p className="p-6 text-center text-slate-500">No interactions match.</p>}
      </div>
      {log.hasNextPage && (
        <button type="button" onClick={() => void log.fetchNextPage()} className="rounded border border-slate-300 px-3 py-1.5">
          {log.isFetchingNextPage ? "Loading…" : "Load more"}
        </button>
      )}
    </section>
  );
}
