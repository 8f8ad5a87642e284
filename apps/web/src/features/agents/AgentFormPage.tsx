import { useState, type FormEvent } from "react";
import { useNavigate, useParams } from "react-router";
import type { AgentConfig, AgentDetail, AgentRole, AgentStatus } from "@vta/contracts";
import { ErrorNote } from "../../components/ErrorNote";
import { useAgent, useCreateAgent, useUpdateAgent } from "./api";
import { Button } from "../../components/Button";
import { Skeleton } from "../../components/Skeleton";
import { notify } from "../../components/toast";
import { fieldClass } from "../../components/field";

const ROLES: AgentRole[] = ["general", "requirements", "architect", "verifier", "transcriber", "assistant"];
const DEFAULT_CONFIG: AgentConfig = {
  provider: "builtin",
  model: "builtin-nlp-1",
  temperature: 0.2,
  systemPrompt: "",
  maxTokens: 2048,
  priceInputPer1k: 0,
  priceOutputPer1k: 0,
};

export default function AgentFormPage() {
  const { id } = useParams();
  const existing = useAgent(id);
  if (id && existing.isPending) return <Skeleton label="Loading the agent" count={6} />;
  if (id && existing.error) return <ErrorNote error={existing.error} />;
  return <AgentForm key={id ?? "new"} agent={existing.data} />;
}

function AgentForm({ agent }: { agent?: AgentDetail }) {
  const navigate = useNavigate();
  const create = useCreateAgent();
  const update = useUpdateAgent();
  const [name, setName] = useState(agent?.name ?? "");
  const [description, setDescription] = useState(agent?.description ?? "");
  const [role, setRole] = useState<AgentRole>(agent?.role ?? "general");
  const [status, setStatus] = useState<AgentStatus>(agent?.status ?? "active");
  const [config, setConfig] = useState<AgentConfig>(agent?.config ?? DEFAULT_CONFIG);
  const set = <K extends keyof AgentConfig>(key: K, value: AgentConfig[K]) => setConfig((c) => ({ ...c, [key]: value }));

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const body = { name, description, role, status, config };
    const done = (what: string) => () => {
      notify.done(what);
      void navigate("/");
    };
    if (agent) update.mutate({ id: agent.id, patch: body }, { onSuccess: done(`Saved “${name}”`) });
    else create.mutate(body, { onSuccess: done(`Created “${name}”`) });
  };
  const pending = create.isPending || update.isPending;

  return (
    <form onSubmit={onSubmit} className="mx-auto max-w-2xl space-y-4 rounded-lg bg-white p-6 shadow-sm">
      <h1 className="text-xl font-semibold">{agent ? `Edit ${agent.name}` : "New agent"}</h1>
      <ErrorNote error={create.error ?? update.error} />
      <label className="block">
        <span className="text-sm font-medium">Name</span>
        <input name="name" required maxLength={120} value={name} onChange={(e) => setName(e.target.value)} className={fieldClass} />
      </label>
      <label className="block">
        <span className="text-sm font-medium">Description</span>
        <textarea
          name="description"
          maxLength={2000}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          className={fieldClass}
        />
      </label>
      <div className="grid grid-cols-2 gap-4">
        <label className="block">
          <span className="text-sm font-medium">Role</span>
          <select value={role} onChange={(e) => setRole(e.target.value as AgentRole)} className={fieldClass}>
            {ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <label className="block">
          <span className="text-sm font-medium">Status</span>
          <select value={status} onChange={(e) => setStatus(e.target.value as AgentStatus)} className={fieldClass}>
            <option>active</option>
            <option>inactive</option>
          </select>
        </label>
      </div>
      <fieldset className="space-y-3 rounded border border-slate-200 p-4">
        <legend className="px-1 text-sm font-medium">Model configuration</legend>
        <div className="grid grid-cols-2 gap-4">
          <label className="block">
            <span className="text-sm">Provider</span>
            <select
              value={config.provider}
              onChange={(e) => set("provider", e.target.value as AgentConfig["provider"])}
              className={fieldClass}
            >
              <option value="builtin">builtin (deterministic, offline)</option>
              <option value="openai">openai-compatible endpoint</option>
            </select>
          </label>
          <label className="block">
            <span className="text-sm">Model</span>
            <input value={config.model} onChange={(e) => set("model", e.target.value)} className={fieldClass} />
          </label>
          <label className="block">
            <span className="text-sm">Temperature</span>
            <input
              type="number"
              min={0}
              max={2}
              step={0.1}
              value={config.temperature}
              onChange={(e) => set("temperature", Number(e.target.value))}
              className={fieldClass}
            />
          </label>
          <label className="block">
            <span className="text-sm">Max tokens</span>
            <input
              type="number"
              min={1}
              value={config.maxTokens}
              onChange={(e) => set("maxTokens", Number(e.target.value))}
              className={fieldClass}
            />
          </label>
          <label className="block">
            <span className="text-sm">Price in / 1k tokens ($)</span>
            <input
              type="number"
              min={0}
              step="0.000001"
              value={config.priceInputPer1k}
              onChange={(e) => set("priceInputPer1k", Number(e.target.value))}
              className={fieldClass}
            />
          </label>
          <label className="block">
            <span className="text-sm">Price out / 1k tokens ($)</span>
            <input
              type="number"
              min={0}
              step="0.000001"
              value={config.priceOutputPer1k}
              onChange={(e) => set("priceOutputPer1k", Number(e.target.value))}
              className={fieldClass}
            />
          </label>
        </div>
        <label className="block">
          <span className="text-sm">System prompt</span>
          <textarea rows={4} value={config.systemPrompt} onChange={(e) => set("systemPrompt", e.target.value)} className={fieldClass} />
        </label>
      </fieldset>
      <div className="flex justify-end gap-2">
        <Button variant="quiet" onClick={() => void navigate(-1)}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? "Saving…" : agent ? "Save" : "Create agent"}
        </Button>
      </div>
    </form>
  );
}
