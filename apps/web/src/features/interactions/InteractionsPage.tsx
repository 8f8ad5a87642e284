import { useState } from "react";
import { useInfiniteQuery } from "@tanstack/react-query";
import { Link, useSearchParams } from "react-router";
import type { Interaction, Page } from "@vta/contracts";
import { api } from "../../api/client";
import { Button, buttonClass } from "../../components/Button";
import { ErrorNote } from "../../components/ErrorNote";
import { money } from "../../components/money";
import { Skeleton } from "../../components/Skeleton";
import { AgentPicker } from "./AgentPicker";

/** The filters the URL keeps; the agent is picked by name (AgentPicker), the others are typed. */
const FILTERS = [
  ["agentId", "Agent", "agent"],
  ["sessionId", "Session", "text"],
  ["endUserId", "End user", "text"],
  ["from", "From", "date"],
  ["to", "To", "date"],
  ["minRating", "Min rating", "number"],
] as const;

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
      return api<Page<Interaction>>(`/interactions?${q}`, { signal });
    },
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = log.data?.pages.flatMap((p) => p.items) ?? [];
  const withAgent = (agentId: string) => {
    const next = new URLSearchParams(filters);
    next.set("agentId", agentId);
    return `?${next}`;
  };

  return (
    <section className="space-y-4">
      <div className="flex flex-wrap items-end gap-3">
        <h1 className="mr-auto text-2xl font-semibold">Interaction log</h1>
        <a href={`/api/v1/interactions/export?format=csv&${qs}`} className={buttonClass()}>
          Export CSV
        </a>
        <a href={`/api/v1/interactions/export?format=jsonl&${qs}`} className={buttonClass()}>
          Export JSON Lines
        </a>
      </div>
      <form
        // A new address (an agent name clicked in the log) starts the fields over from it.
        key={qs}
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
        {FILTERS.map(([key, label, type]) =>
          type === "agent" ? (
            <div key={key} className="text-xs text-slate-600">
              <label htmlFor="agent-filter">{label}</label>
              <AgentFilter
                initial={params.get(key) ?? ""}
                knownName={rows.find((r) => r.agentId === params.get(key))?.agentName ?? undefined}
              />
            </div>
          ) : (
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
          ),
        )}
        <Button type="submit" variant="primary" className="self-end">
          Apply
        </Button>
        {qs && (
          <Link to="?" className={buttonClass({ variant: "quiet", className: "self-end" })}>
            Clear filters
          </Link>
        )}
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
              <tr key={i.id} className="border-t border-slate-200 align-top">
                <td className="whitespace-nowrap p-2">{new Date(i.createdAt).toLocaleString()}</td>
                <td className="p-2">
                  <Link to={withAgent(i.agentId)} title="Show only this agent's interactions" className="text-indigo-700 hover:underline">
                    {i.agentName ?? i.agentId.slice(0, 8)}
                  </Link>
                </td>
                <td className="p-2">{i.sessionId ?? ""}</td>
                <td className="p-2">{i.endUserId ?? ""}</td>
                <td className="p-2">{i.responseTimeMs} ms</td>
                <td className="p-2">{i.tokensIn + i.tokensOut}</td>
                <td className="p-2">{money(i.cost)}</td>
                <td className="p-2">{i.userRating ?? "–"}</td>
                <td className="max-w-xs p-2">
                  {i.input || i.output ? (
                    // Opens to the whole question and the agent's answer.
                    <details className="group">
                      <summary className="cursor-pointer truncate group-open:whitespace-pre-wrap group-open:break-words">
                        {i.input ?? "(no input)"}
                      </summary>
                      {i.output && <p className="mt-1 whitespace-pre-wrap break-words text-slate-600">Answer: {i.output}</p>}
                    </details>
                  ) : (
                    <span className="text-slate-500">–</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {log.isPending && (
          <div className="p-3">
            <Skeleton label="Loading interactions" count={6} />
          </div>
        )}
        {!log.isPending && !log.error && rows.length === 0 && (
          <p className="p-6 text-center text-slate-600">
            {qs ? (
              <>
                No interactions match these filters.{" "}
                <Link to="?" className="text-indigo-700 underline">
                  Clear them
                </Link>
              </>
            ) : (
              <>
                No interactions yet. Builds in the{" "}
                <Link to="/studio" className="text-indigo-700 underline">
                  Studio
                </Link>{" "}
                record theirs; your own agents send them with <code>POST /api/v1/interactions</code>.
              </>
            )}
          </p>
        )}
      </div>
      {log.hasNextPage && (
        <Button onClick={() => void log.fetchNextPage()} disabled={log.isFetchingNextPage}>
          {log.isFetchingNextPage ? "Loading more…" : "Load more"}
        </Button>
      )}
    </section>
  );
}

/** The agent picker with its own state: what is picked is sent with the form's Apply. */
function AgentFilter({ initial, knownName }: { initial: string; knownName?: string }) {
  const [agentId, setAgentId] = useState(initial);
  return <AgentPicker id="agent-filter" value={agentId} onChange={setAgentId} knownName={agentId === initial ? knownName : undefined} />;
}
