import { memo, useCallback, useState } from "react";
import { Link } from "react-router";
import type { Agent } from "@vta/contracts";
import { money } from "../../components/money";
import { Button, buttonClass } from "../../components/Button";

interface Props {
  agent: Agent;
  canWrite: boolean;
  onToggle: (agent: Agent) => void;
  onDelete: (agent: Agent) => void;
}

/** One agent on the dashboard; memoized so typing in the search box does not re-render every card. */
export const AgentCard = memo(function AgentCard({ agent, canWrite, onToggle, onDelete }: Props) {
  const [confirming, setConfirming] = useState(false);
  const toggle = useCallback(() => onToggle(agent), [agent, onToggle]);
  const active = agent.status === "active";
  const m = agent.metrics;
  return (
    <article data-testid="agent-card" data-agent-id={agent.id} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <header className="flex items-start justify-between gap-2">
        <div className="min-w-0">
          <h3 className="truncate font-semibold" title={agent.name}>
            <Link to={`/agents/${agent.id}`} className="hover:underline">
              {agent.name}
            </Link>
          </h3>
          <p className="truncate text-sm text-slate-500">{agent.description || "No description"}</p>
        </div>
        <span
          data-testid="agent-status"
          className={`shrink-0 rounded-full px-2 py-0.5 text-xs font-medium ${active ? "bg-emerald-100 text-emerald-800" : "bg-slate-200 text-slate-600"}`}
        >
          {agent.status}
        </span>
      </header>
      <dl className="mt-3 grid grid-cols-4 gap-2 text-center text-xs">
        <div>
          <dt className="text-slate-500">Interactions</dt>
          <dd className="font-medium">{m.totalInteractions.toLocaleString()}</dd>
        </div>
        <div>
          <dt className="text-slate-500">Avg time</dt>
          <dd className="font-medium">{m.averageResponseTime.toFixed(0)} ms</dd>
        </div>
        <div>
          <dt className="text-slate-500">Cost</dt>
          <dd className="font-medium">{money(m.totalCost)}</dd>
        </div>
        <div>
          <dt className="text-slate-500">Rating</dt>
          <dd className="font-medium">{m.userSatisfaction === null ? "–" : m.userSatisfaction.toFixed(1)}</dd>
        </div>
      </dl>
      <p className="mt-2 text-xs text-slate-500">
        <Link to={`/agents/${agent.id}/analytics`} className="mr-2 text-indigo-700 underline">
          Analytics
        </Link>
        Tasks: {agent.taskCounts.pending} pending · {agent.taskCounts.inProgress} running · {agent.taskCounts.completed} done ·{" "}
        {agent.taskCounts.failed} failed
      </p>
      {canWrite && (
        <footer className="mt-3 flex items-center justify-end gap-2 text-sm">
          <Button size="sm" onClick={toggle}>
            {active ? "Deactivate" : "Activate"}
          </Button>
          <Link to={`/agents/${agent.id}/edit`} className={buttonClass({ size: "sm" })}>
            Edit
          </Link>
          {confirming ? (
            <>
              <Button variant="danger" size="sm" onClick={() => onDelete(agent)}>
                Confirm delete
              </Button>
              <Button variant="quiet" size="sm" onClick={() => setConfirming(false)}>
                Cancel
              </Button>
            </>
          ) : (
            <Button variant="dangerQuiet" size="sm" onClick={() => setConfirming(true)}>
              Delete
            </Button>
          )}
        </footer>
      )}
    </article>
  );
});
