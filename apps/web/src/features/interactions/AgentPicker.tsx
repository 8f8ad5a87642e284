import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import type { Agent } from "@vta/contracts";
import { api } from "../../api/client";
import { Combobox, useComboboxSearch } from "../../components/Combobox";
import { useAgent } from "../agents/api";

/**
 * The log's agent filter: a combobox that searches the workspace's agents by name as one types
 * (arrows move, Enter picks, Escape closes) and keeps the picked agent's id in a hidden `agentId`
 * field of the form. `knownName` names an agent that is no longer listed (deleted).
 */
export function AgentPicker({
  id,
  value,
  onChange,
  knownName,
}: {
  id: string;
  value: string;
  onChange: (id: string) => void;
  knownName?: string;
}) {
  const search = useComboboxSearch();
  const { open, term } = search;
  const found = useQuery({
    queryKey: ["agents", "pick", term],
    queryFn: ({ signal }) =>
      api<{ items: Agent[] }>(`/agents?${new URLSearchParams({ limit: "20", ...(term.trim() ? { search: term.trim() } : {}) })}`, {
        signal,
      }),
    enabled: open,
    staleTime: 10_000,
  });
  const [picked, setPicked] = useState<{ id: string; name: string } | null>(null);
  const current = useAgent(value || undefined);
  const currentName = value
    ? (current.data?.name ?? (picked?.id === value ? picked.name : knownName) ?? (current.isPending ? "…" : "(deleted agent)"))
    : "";
  const options = [{ id: "", label: "Any agent", muted: true }, ...(found.data?.items ?? []).map((a) => ({ id: a.id, label: a.name }))];
  return (
    <div className="relative mt-0.5">
      <input type="hidden" name="agentId" value={value} />
      <Combobox
        search={search}
        shown={currentName}
        options={options}
        onPick={(o) => {
          if (!o) return;
          setPicked({ id: o.id, name: o.label });
          onChange(o.id);
        }}
        listLabel="Agents found"
        listClassName="w-64"
        searching={found.isFetching}
        emptyText={found.data && found.data.items.length === 0 ? `No agent matches “${term}”.` : null}
        inputProps={{ id, placeholder: "Any agent", className: "block w-48 rounded border border-slate-300 px-2 py-1 text-sm" }}
      />
    </div>
  );
}
