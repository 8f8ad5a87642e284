import { Link, useParams } from "react-router";
import { ErrorNote } from "../../components/ErrorNote";
import { useAgent } from "./api";
import { buttonClass } from "../../components/Button";
import { Skeleton } from "../../components/Skeleton";

export default function AgentDetailPage() {
  const { id } = useParams();
  const { data: agent, error, isPending } = useAgent(id);
  if (isPending) return <Skeleton label="Loading the agent" />;
  if (error || !agent) return <ErrorNote error={error} />;
  return (
    <section className="space-y-4">
      <div className="flex items-center gap-3">
        <h1 className="mr-auto text-2xl font-semibold">{agent.name}</h1>
        <Link to={`/agents/${agent.id}/analytics`} className={buttonClass()}>
          Analytics
        </Link>
        <Link to={`/agents/${agent.id}/edit`} className={buttonClass()}>
          Edit
        </Link>
      </div>
      <p className="text-slate-600">{agent.description || "No description"}</p>
      <p className="text-sm text-slate-500">
        {agent.role} · {agent.status} · {agent.config.provider}/{agent.config.model}
      </p>
      <h2 className="text-lg font-semibold">Open tasks ({agent.openTasks.length})</h2>
      {agent.openTasks.length === 0 ? (
        <p className="text-slate-500">No open tasks.</p>
      ) : (
        <ul className="divide-y rounded border border-slate-200 bg-white">
          {agent.openTasks.map((t) => (
            <li key={t.id} className="flex justify-between px-3 py-2 text-sm">
              <span>{t.title}</span>
              <span className="text-slate-500">{t.status}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
