import { useCallback, useEffect, useState } from "react";
import { Link, useSearchParams } from "react-router";
import type { Agent, AgentStatus } from "@vta/contracts";
import { useMe } from "../../api/session";
import { ErrorNote } from "../../components/ErrorNote";
import { SummaryTiles } from "../analytics/SummaryTiles";
import { AgentCard } from "./AgentCard";
import { useAgentList, useDeleteAgent, useUpdateAgent } from "./api";

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return debounced;
}

export default function AgentsPage() {
  const [params, setParams] = useSearchParams();
  const [search, setSearch] = useState(params.get("q") ?? "");
  const status = (params.get("status") ?? "") as "" | AgentStatus;
  const debounced = useDebounced(search.trim(), 300);
  useEffect(() => {
    setParams(
      (p) => {
        if (debounced) p.set("q", debounced);
        else p.delete("q");
        return p;
      },
      { replace: true },
    );
  }, [debounced, setParams]);

  const me = useMe();
  const canWrite = me.data?.workspace.role !== "viewer";
  const list = useAgentList(debounced, status);
  const update = useUpdateAgent();
  const remove = useDeleteAgent();
  const onToggle = useCallback(
    (a: Agent) => update.mutate({ id: a.id, patch: { status: a.status === "active" ? "inactive" : "active" } }),
    [update.mutate], // eslint-disable-line react-hooks/exhaustive-deps -- mutate is stable
  );
  const onDelete = useCallback((a: Agent) => remove.mutate(a.id), [remove.mutate]); // eslint-disable-line react-hooks/exhaustive-deps

  const agents = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section>
      <SummaryTiles />
      <div className="mb-4 flex flex-wrap items-center gap-3">
        <h1 className="mr-auto text-2xl font-semibold">Agents</h1>
        <input
          aria-label="Search agents"
          placeholder="Search name or description…"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          className="w-64 rounded border border-slate-300 px-3 py-1.5"
        />
        <select
          aria-label="Filter by status"
          value={status}
          onChange={(e) =>
            setParams((p) => {
              if (e.target.value) p.set("status", e.target.value);
              else p.delete("status");
              return p;
            })
          }
          className="rounded border border-slate-300 px-2 py-1.5"
        >
          <option value="">All statuses</option>
          <option value="active">Active</option>
          <option value="inactive">Inactive</option>
        </select>
        {canWrite && (
          <Link to="/agents/new" className="rounded bg-indigo-600 px-3 py-1.5 font-medium text-white hover:bg-indigo-700">
            New agent
          </Link>
        )}
      </div>
      <ErrorNote error={list.error ?? update.error ?? remove.error} />
      {list.isPending ? (
        <p className="text-slate-500">Loading agents…</p>
      ) : agents.length === 0 ? (
        <p className="rounded border border-dashed border-slate-300 p-8 text-center text-slate-500">
          {debounced || status ? "No agent matches." : "No agents yet. Create the first one."}
        </p>
      ) : (
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {agents.map((a) => (
            <AgentCard key={a.id} agent={a} canWrite={canWrite} onToggle={onToggle} onDelete={onDelete} />
          ))}
        </div>
      )}
      {list.hasNextPage && (
        <div className="mt-4 text-center">
          <button
            type="button"
            onClick={() => void list.fetchNextPage()}
            disabled={list.isFetchingNextPage}
            className="rounded border border-slate-300 px-3 py-1.5 hover:bg-slate-100"
          >
            {list.isFetchingNextPage ? "Loading…" : "Load more"}
          </button>
        </div>
      )}
    </section>
  );
}
