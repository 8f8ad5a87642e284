/**
 * Deleting a record: asked first (saying which records link to it), gone from every view at once,
 * and only deleted on the server after a few seconds in which "Undo" brings it back untouched.
 * Leaving the page deletes what is waiting, as the person asked.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { useQueryClient, type QueryClient } from "@tanstack/react-query";
import type { AppRecord, AppSpec, Entity } from "@vta/contracts";
import { api, ApiError, path } from "../../api/client";
import { recordKeys } from "./api";
import { recordTitle } from "./format";
import { linksTo } from "./links";
import type { RecordSource } from "./source";

const UNDO_MS = 6000;

interface Waiting {
  entity: Entity;
  record: AppRecord;
  clearLinks: boolean;
  timer: ReturnType<typeof setTimeout>;
}

const pathOf = (source: RecordSource, w: Waiting) =>
  path`/apps/${source.appId!}/records/${w.entity.name}/${w.record.id}` + (w.clearLinks ? "?references=clear" : "");

/** Takes a record out of every list and page held for `source` (they are fetched again on undo). */
function hide(qc: QueryClient, source: RecordSource, id: string) {
  type Page = { items: AppRecord[] };
  qc.setQueriesData<{ pages: Page[] } | Page>({ queryKey: ["records", source.key] }, (data) => {
    if (!data || typeof data !== "object") return data;
    if ("pages" in data && Array.isArray(data.pages))
      return { ...data, pages: data.pages.map((p) => ({ ...p, items: p.items.filter((r) => r.id !== id) })) };
    if ("items" in data && Array.isArray(data.items)) return { ...data, items: data.items.filter((r) => r.id !== id) };
    return data;
  });
}

export function useDeleteWithUndo(spec: AppSpec, source: RecordSource) {
  const qc = useQueryClient();
  const [waiting, setWaiting] = useState<Waiting[]>([]);
  const [error, setError] = useState<unknown>(null);
  const held = useRef<Waiting[]>([]);
  const where = useRef(source);
  useEffect(() => {
    held.current = waiting;
    where.current = source;
  }, [waiting, source]);

  const commit = useCallback(
    async (w: Waiting) => {
      setWaiting((all) => all.filter((x) => x !== w));
      try {
        await api(pathOf(source, w), { method: "DELETE" });
      } catch (err) {
        setError(
          err instanceof ApiError && err.code === "referenced"
            ? new ApiError(
                409,
                "referenced",
                `${recordTitle(w.entity, w.record)} was not deleted: ${err.message.replace(/; delete it with references=clear.*$/, "")}`,
              )
            : err,
        );
      }
      await qc.invalidateQueries({ queryKey: ["records", source.key] });
    },
    [qc, source],
  );

  // Leaving the page: what is waiting is deleted as asked (keepalive lets the request outlive the page).
  useEffect(() => {
    const flush = () => {
      for (const w of held.current) {
        clearTimeout(w.timer);
        void fetch(`/api/v1${pathOf(where.current, w)}`, { method: "DELETE", credentials: "same-origin", keepalive: true });
      }
      held.current = [];
    };
    window.addEventListener("pagehide", flush);
    return () => {
      window.removeEventListener("pagehide", flush);
      flush();
    };
  }, []);

  /** Asks, then hides the record and deletes it after the undo window; false when the person said no. */
  const remove = async (entity: Entity, record: AppRecord): Promise<boolean> => {
    const title = recordTitle(entity, record);
    const links = linksTo(spec, entity);
    const counts = await Promise.all(
      links.map(async ({ entity: from, field }) => {
        const q = { filters: [{ field: field.name, op: "is" as const, value: record.id }] };
        const stats = await qc.fetchQuery({
          queryKey: recordKeys.stats(source, from.name, q),
          queryFn: ({ signal }) => source.stats(from.name, q, signal),
          staleTime: 0,
        });
        return { from, count: stats.count };
      }),
    );
    const linked = counts.filter((c) => c.count > 0);
    const question = linked.length
      ? `“${title}” is linked from ${linked.map((c) => `${c.count.toLocaleString()} ${(c.count === 1 ? c.from.label : c.from.pluralLabel).toLowerCase()}`).join(" and ")}. Delete it and leave them without it?`
      : `Delete “${title}”?`;
    if (!window.confirm(question)) return false;
    setError(null);
    hide(qc, source, record.id);
    const w: Waiting = { entity, record, clearLinks: linked.length > 0, timer: setTimeout(() => void commit(w), UNDO_MS) };
    setWaiting((all) => [...all, w]);
    return true;
  };

  const undo = (w: Waiting) => {
    clearTimeout(w.timer);
    setWaiting((all) => all.filter((x) => x !== w));
    void qc.invalidateQueries({ queryKey: ["records", source.key] });
  };

  const toasts = (
    <div
      className="fixed bottom-4 left-1/2 z-50 w-[min(28rem,calc(100vw-2rem))] -translate-x-1/2 space-y-2"
      role="status"
      aria-live="polite"
    >
      {waiting.map((w) => (
        <div
          key={w.record.id}
          className="flex items-center justify-between gap-3 rounded bg-slate-900 px-4 py-2 text-sm text-white shadow-lg"
        >
          <span className="truncate">Deleted “{recordTitle(w.entity, w.record)}”</span>
          <button type="button" onClick={() => undo(w)} className="rounded px-2 py-0.5 font-semibold text-indigo-200 hover:bg-slate-700">
            Undo
          </button>
        </div>
      ))}
    </div>
  );
  return { remove, toasts, error };
}
