import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { AppRecord, RecordStats } from "@vta/contracts";
import { api, path } from "../../api/client";

/**
 * Records as the runtime reads them: `data` keyed by the app's own field names only, so a field
 * named "valueOf" or "constructor" that a record leaves empty reads as empty, not as Object's method.
 */
export function ownData<R extends { data: Record<string, unknown> }>(records: R[]): R[] {
  return records.map((r) => ({ ...r, data: Object.assign(Object.create(null) as Record<string, unknown>, r.data) }));
}

/** One page of an entity's records (the newest 200). */
export async function fetchRecords(appId: string, entity: string, qs: URLSearchParams, signal?: AbortSignal) {
  const page = await api<{ items: AppRecord[]; nextCursor: string | null }>(path`/apps/${appId}/records/${entity}` + `?${qs}`, { signal });
  return { ...page, items: ownData(page.items) };
}

export const recordKeys = {
  list: (appId: string, entity: string, search: string, sort: string) => ["records", appId, entity, { search, sort }] as const,
  stats: (appId: string, entity: string, search: string) => ["records", appId, entity, "stats", { search }] as const,
  entity: (appId: string, entity: string) => ["records", appId, entity] as const,
};

export function useRecords(appId: string, entity: string, search = "", sort = "") {
  return useQuery({
    queryKey: recordKeys.list(appId, entity, search, sort),
    queryFn: ({ signal }) => {
      const qs = new URLSearchParams({ limit: "200" });
      if (search) qs.set("search", search);
      if (sort) qs.set("sort", sort);
      return fetchRecords(appId, entity, qs, signal);
    },
  });
}

/** Totals over every record the search lets through, computed by the server (not from the loaded page). */
export function useRecordStats(appId: string, entity: string, search: string, enabled: boolean) {
  return useQuery({
    queryKey: recordKeys.stats(appId, entity, search),
    queryFn: ({ signal }) => api<RecordStats>(path`/apps/${appId}/records/${entity}/stats` + (search ? `?${new URLSearchParams({ search })}` : ""), { signal }),
    enabled,
  });
}

export function useSaveRecord(appId: string, entity: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, data }: { id?: string; data: Record<string, unknown> }) =>
      api<AppRecord>(id ? path`/apps/${appId}/records/${entity}/${id}` : path`/apps/${appId}/records/${entity}`, { method: id ? "PATCH" : "POST", body: data }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: recordKeys.entity(appId, entity) }),
  });
}

export function useDeleteRecord(appId: string, entity: string) {
  const qc = useQueryClient();
  return useMutation({
    /** `clearLinks`: delete it even though other records link to it, leaving them without the link. */
    mutationFn: ({ id, clearLinks = false }: { id: string; clearLinks?: boolean }) =>
      api(path`/apps/${appId}/records/${entity}/${id}` + (clearLinks ? "?references=clear" : ""), { method: "DELETE" }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: recordKeys.entity(appId, entity) }),
  });
}
