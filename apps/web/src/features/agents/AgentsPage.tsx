import { useCallback, useEffect, useState } from "react";
import { Link, useSearchParams } from "react-router";
import type { Agent, AgentStatus } from "@vta/contracts";
import { useMe } from "../../api/session";
import { ErrorNote } from "../../components/ErrorNote";
import { SummaryTiles } from "../analytics/SummaryTiles";
import { AgentGrid } from "./AgentGrid";
import { useAgentList, useDeleteAgent, useUpdateAgent } from "./api";
import { buttonClass } from "../../components/Button";
import { Skeleton } from "../../components/Skeleton";
import { notify } from "../../components/toast";

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
  const [notice, setNotice] = useState<string | null>(null);
  const { mutate: updateAgent } = update;
  const { mutate: removeAgent } = remove;
  const onToggle = useCallback(
    (a: Agent) => {
      const status = a.status === "active" ? "inactive" : "active";
      updateAgent(
        { id: a.id, patch: { status } },
        {
          onError: (err) =>
            setNotice(`Could not ${status === "active" ? "activate" : "deactivate"} “${a.name}”: ${err.message}. It is back as it was.`),
        },
      );
    },
    [updateAgent],
  );
  const onDelete = useCallback(
    (a: Agent) =>
      removeAgent(a.id, {
        onSuccess: () => notify.done(`Deleted “${a.name}”`),
        onError: (err) => setNotice(`Could not delete “${a.name}”: ${err.message}. It is back in the list.`),
      }),
    [removeAgent],
  );
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = list;
  const onNearEnd = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

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
          <Link to="/agents/new" className={buttonClass({ variant: "primary" })}>
            New agent
          </Link>
        )}
      </div>
      <ErrorNote error={list.error} />
      {notice && (
        <p role="alert" className="mb-4 flex justify-between rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {notice}
          <button type="button" onClick={() => setNotice(null)} className="ml-4 underline">
            Dismiss
          </button>
        </p>
      )}
      {list.isPending ? (
        <Skeleton label="Loading agents" shape="cards" count={6} />
      ) : agents.length === 0 ? (
        <div className="rounded border border-dashed border-slate-300 p-8 text-center text-slate-600">
          {debounced || status ? (
            "No agent matches."
          ) : (
            <>
              No agents yet.{" "}
              {canWrite && (
                <>
                  <Link to="/agents/new" className="text-indigo-700 underline">
                    Create the first one
                  </Link>
                  , or{" "}
                </>
              )}
              <Link to="/studio" className="text-indigo-700 underline">
                describe an app
              </Link>{" "}
              (its build makes the agents it needs).
            </>
          )}
        </div>
      ) : (
        <AgentGrid agents={agents} canWrite={canWrite} onToggle={onToggle} onDelete={onDelete} onNearEnd={onNearEnd} />
      )}
      {isFetchingNextPage && (
        <div className="mt-4">
          <Skeleton label="Loading more agents" shape="cards" count={3} />
        </div>
      )}
    </section>
  );
}
