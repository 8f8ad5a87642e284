import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { AppRecord } from "@vta/contracts";
import { api, path } from "../../api/client";

export const recordKeys = {
  list: (appId: string, entity: string, search: string, sort: string) => ["records", appId, entity, { search, sort }] as const,
  entity: (appId: string, entity: string) => ["records", appId, entity] as const,
};

export function useRecords(appId: string, entity: string, search = "", sort = "") {
  return useQuery({
    queryKey: recordKeys.list(appId, entity, search, sort),
    queryFn: ({ signal }) => {
      const qs = new URLSearchParams({ limit: "200" });
      if (search) qs.set("search", search);
      if (sort) qs.set("sort", sort);
      return api<{ items: AppRecord[]; nextCursor: string | null }>(path`/apps/${appId}/records/${entity}` + `?${qs}`, { signal });
    },
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
    mutationFn: (id: string) => api(path`/apps/${appId}/records/${entity}/${id}`, { method: "DELETE" }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: recordKeys.entity(appId, entity) }),
  });
}
