import { useState, type FormEvent } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ApiKey, CreatedApiKey } from "@vta/contracts";
import { api, path } from "../../api/client";
import { ErrorNote } from "../../components/ErrorNote";
import { SimpleTable } from "../../components/SimpleTable";

const key = ["api-keys"] as const;

export default function ApiKeysPage() {
  const qc = useQueryClient();
  const list = useQuery({ queryKey: key, queryFn: () => api<{ items: ApiKey[] }>("/api-keys") });
  const [name, setName] = useState("");
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const create = useMutation({
    mutationFn: (n: string) => api<CreatedApiKey>("/api-keys", { method: "POST", body: { name: n } }),
    onSuccess: (k) => {
      setCreated(k);
      setName("");
      return qc.invalidateQueries({ queryKey: key });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api<void>(path`/api-keys/${id}`, { method: "DELETE" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: key }),
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(name);
  };
  return (
    <section className="max-w-3xl space-y-4">
      <h1 className="text-2xl font-semibold">API keys</h1>
      <p className="text-sm text-slate-600">
        Send <code>Authorization: Bearer &lt;key&gt;</code> to act on this workspace from scripts and external agents.
      </p>
      <ErrorNote error={list.error ?? create.error ?? revoke.error} />
      <form onSubmit={onSubmit} className="flex gap-2">
        <input aria-label="Key name" required placeholder="Key name, e.g. CI" value={name} onChange={(e) => setName(e.target.value)} className="flex-1 rounded border border-slate-300 px-3 py-1.5" />
        <button type="submit" disabled={create.isPending} className="rounded bg-indigo-600 px-3 py-1.5 font-medium text-white">
          Create key
        </button>
      </form>
      {created && (
        <div role="status" className="rounded border border-amber-300 bg-amber-50 p-3 text-sm">
          Copy this key now; it will not be shown again:
          <code data-testid="new-api-key" className="mt-1 block break-all rounded bg-white p-2 font-mono">
            {created.key}
          </code>
        </div>
      )}
      <SimpleTable headers={["Name", "Prefix", "Created", "Last used", ""]}>
        {list.data?.items.map((k) => (
          <tr key={k.id} className="border-t">
            <td className="p-2">{k.name}</td>
            <td className="p-2 font-mono">{k.prefix}…</td>
            <td className="p-2">{new Date(k.createdAt).toLocaleString()}</td>
            <td className="p-2">{k.lastUsedAt ? new Date(k.lastUsedAt).toLocaleString() : "never"}</td>
            <td className="p-2 text-right">
              <button type="button" onClick={() => revoke.mutate(k.id)} className="text-red-700 hover:underline">
                Revoke
              </button>
            </td>
          </tr>
        ))}
      </SimpleTable>
    </section>
  );
}
