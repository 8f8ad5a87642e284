import { useId, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import type { Agent } from "@vta/contracts";
import { api } from "../../api/client";
import { useAgent } from "../agents/api";

/**
 * The log's agent filter: a combobox that searches the workspace's agents by name as one types
 * (arrows move, Enter picks, Escape closes) and keeps the picked agent's id in a hidden `agentId`
 * field of the form. `knownName` names an agent that is no longer listed (deleted).
 */
export function AgentPicker({ id, value, onChange, knownName }: { id: string; value: string; onChange: (id: string) => void; knownName?: string }) {
  const [open, setOpen] = useState(false);
  const [term, setTerm] = useState("");
  const [active, setActive] = useState(0);
  const ids = useId();
  const found = useQuery({
    queryKey: ["agents", "pick", term],
    queryFn: ({ signal }) => api<{ items: Agent[] }>(`/agents?${new URLSearchParams({ limit: "20", ...(term.trim() ? { search: term.trim() } : {}) })}`, { signal }),
    enabled: open,
    staleTime: 10_000,
  });
  const [picked, setPicked] = useState<{ id: string; name: string } | null>(null);
  const current = useAgent(value || undefined);
  const currentName = value ? (current.data?.name ?? (picked?.id === value ? picked.name : knownName) ?? (current.isPending ? "…" : "(deleted agent)")) : "";
  const options = [{ id: "", name: "Any agent" }, ...(found.data?.items ?? []).map((a) => ({ id: a.id, name: a.name }))];
  const pick = (option: { id: string; name: string } | undefined) => {
    if (!option) return setOpen(false);
    setPicked(option);
    onChange(option.id);
    setOpen(false);
  };
  return (
    <div className="relative mt-0.5">
      <input type="hidden" name="agentId" value={value} />
      <input
        id={id}
        role="combobox"
        aria-expanded={open}
        aria-controls={`${ids}-list`}
        aria-autocomplete="list"
        aria-activedescendant={open ? `${ids}-${active}` : undefined}
        value={open ? term : currentName}
        placeholder="Any agent"
        autoComplete="off"
        className="block w-48 rounded border border-slate-300 px-2 py-1 text-sm"
        onFocus={() => {
          setTerm("");
          setActive(0);
          setOpen(true);
        }}
        onChange={(e) => {
          setTerm(e.target.value);
          setActive(0);
          setOpen(true);
        }}
        onBlur={() => setOpen(false)}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown" || e.key === "ArrowUp") {
            e.preventDefault();
            setOpen(true);
            setActive((a) => Math.max(0, Math.min(options.length - 1, a + (e.key === "ArrowDown" ? 1 : -1))));
          } else if (e.key === "Enter" && open) {
            e.preventDefault(); // picks; the form is sent with its Apply button
            pick(options[active]);
          } else if (e.key === "Escape" && open) {
            e.preventDefault();
            setOpen(false);
          }
        }}
      />
      {open && (
        <ul id={`${ids}-list`} role="listbox" aria-label="Agents found" className="absolute z-20 mt-1 max-h-64 w-64 overflow-auto rounded border border-slate-200 bg-white text-sm shadow">
          {options.map((o, i) => (
            <li
              key={o.id || "any"}
              id={`${ids}-${i}`}
              role="option"
              aria-selected={i === active}
              onMouseDown={(e) => {
                e.preventDefault(); // keep the input's focus until the pick is made
                pick(o);
              }}
              className={`cursor-pointer truncate px-2 py-1 ${i === active ? "bg-indigo-100" : ""} ${o.id ? "" : "text-slate-600"}`}
            >
              {o.name}
            </li>
          ))}
          {found.isFetching && <li className="px-2 py-1 text-slate-500">Searching…</li>}
          {found.data && found.data.items.length === 0 && <li className="px-2 py-1 text-slate-500">No agent matches “{term}”.</li>}
        </ul>
      )}
    </div>
  );
}
