import { useState, type FormEvent } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ApiKey, CreatedApiKey } from "@vta/contracts";
import { api, path } from "../../api/client";
import { ErrorNote } from "../../components/ErrorNote";
import { SimpleTable } from "../../components/SimpleTable";
import { Button } from "../../components/Button";
import { Skeleton } from "../../components/Skeleton";
import { notify } from "../../components/toast";
import { CopyButton } from "../../components/CopyButton";

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
      notify.done(`Key “${k.name}” created: copy it now`);
      return qc.invalidateQueries({ queryKey: key });
    },
  });
  const revoke = useMutation({
    mutationFn: (k: ApiKey) => api<void>(path`/api-keys/${k.id}`, { method: "DELETE" }),
    onSuccess: (_v, k) => {
      notify.done(`Key “${k.name}” revoked: it no longer works`);
      return qc.invalidateQueries({ queryKey: key });
    },
    onError: (err, k) => notify.error(err, `Could not revoke “${k.name}”`),
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
      <ErrorNote error={list.error ?? create.error} />
      <form onSubmit={onSubmit} className="flex gap-2">
        <input
          aria-label="Key name"
          required
          placeholder="Key name, e.g. CI"
          value={name}
          onChange={(e) => setName(e.target.value)}
          className="flex-1 rounded border border-slate-300 px-3 py-1.5"
        />
        <Button type="submit" variant="primary" disabled={create.isPending}>
          Create key
        </Button>
      </form>
      {created && (
        <div role="status" className="rounded border border-amber-300 bg-amber-50 p-3 text-sm">
          Copy this key now; it will not be shown again:
          <div className="mt-1 flex items-start gap-2">
            <code data-testid="new-api-key" className="block min-w-0 flex-1 break-all rounded bg-white p-2 font-mono">
              {created.key}
            </code>
            <CopyButton text={created.key} what="API key" size="md" />
          </div>
        </div>
      )}
      {list.isPending && <Skeleton label="Loading API keys" />}
      {list.data?.items.length === 0 && (
        <p className="text-sm text-slate-600">No keys yet. Name one above (say, after the script that will use it).</p>
      )}
      <SimpleTable headers={["Name", "Prefix", "Created", "Last used", ""]}>
        {list.data?.items.map((k) => (
          <tr key={k.id} className="border-t">
            <td className="p-2">{k.name}</td>
            <td className="p-2 font-mono">{k.prefix}…</td>
            <td className="p-2">{new Date(k.createdAt).toLocaleString()}</td>
            <td className="p-2">{k.lastUsedAt ? new Date(k.lastUsedAt).toLocaleString() : "never"}</td>
            <td className="p-2 text-right">
              <Button
                variant="dangerQuiet"
                size="sm"
                onClick={() => revoke.mutate(k)}
                disabled={revoke.isPending && revoke.variables?.id === k.id}
              >
                Revoke
              </Button>
            </td>
          </tr>
        ))}
      </SimpleTable>
    </section>
  );
}
