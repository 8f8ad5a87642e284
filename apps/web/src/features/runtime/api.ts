import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { AppRecord, RecordImportProgress, RecordImportResult } from "@vta/contracts";
import { api, path } from "../../api/client";
import type { GroupQuery, RecordQuery, RecordSource } from "./source";

const PAGE = 100;

export const recordKeys = {
  entity: (source: RecordSource, entity: string) => ["records", source.key, entity] as const,
  pages: (source: RecordSource, entity: string, q: RecordQuery) => ["records", source.key, entity, "pages", q] as const,
  stats: (source: RecordSource, entity: string, q: RecordQuery) =>
    ["records", source.key, entity, "stats", { ...q, sort: undefined }] as const,
  groups: (source: RecordSource, entity: string, q: RecordQuery, g: GroupQuery) =>
    ["records", source.key, entity, "groups", { ...q, sort: undefined }, g] as const,
};

/** The records a query lets through, a page of 100 at a time (keyset paging: the next page starts after the last record shown). */
export function useRecordPages(source: RecordSource, entity: string, q: RecordQuery, limit = PAGE) {
  const query = useInfiniteQuery({
    queryKey: [...recordKeys.pages(source, entity, q), limit],
    queryFn: ({ pageParam, signal }) => source.page(entity, q, pageParam, limit, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  return { ...query, items };
}

/** Records of an entity by id (a page's linked records, a picker's current choice). */
export const byIds = (source: RecordSource, entity: string, ids: string[]) => ({
  queryKey: [...recordKeys.entity(source, entity), "byId", ids] as const,
  queryFn: ({ signal }: { signal: AbortSignal }) =>
    source.page(entity, { filters: [{ field: "id", op: "in", value: ids }] }, null, ids.length, signal),
  enabled: ids.length > 0,
  staleTime: 30_000,
});

/** Count and totals over every record the query lets through, computed where the records are (not from the pages loaded). */
export function useRecordStats(source: RecordSource, entity: string, q: RecordQuery, enabled = true) {
  return useQuery({
    queryKey: recordKeys.stats(source, entity, q),
    queryFn: ({ signal }) => source.stats(entity, q, signal),
    enabled,
    placeholderData: keepPreviousData,
  });
}

/** Records counted (and a measure summed) per value of a field, over every record the query lets through. */
export function useRecordGroups(source: RecordSource, entity: string, q: RecordQuery, g: GroupQuery) {
  return useQuery({
    queryKey: recordKeys.groups(source, entity, q, g),
    queryFn: ({ signal }) => source.groups(entity, q, g, signal),
    placeholderData: keepPreviousData,
  });
}

export function useSaveRecord(source: RecordSource) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ entity, id, data }: { entity: string; id?: string; data: Record<string, unknown> }) =>
      api<AppRecord>(id ? path`/apps/${source.appId!}/records/${entity}/${id}` : path`/apps/${source.appId!}/records/${entity}`, {
        method: id ? "PATCH" : "POST",
        body: data,
      }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ["records", source.key] }),
  });
}

/** A spreadsheet's rows added to an entity: the good rows, and each bad one listed (or none at all with `reject`). */
export function useImportRecords(source: RecordSource, entity: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({
      file,
      onError,
      columns,
      onProgress,
    }: {
      file: File;
      onError: "skip" | "reject";
      columns: string[];
      onProgress: (p: RecordImportProgress) => void;
    }) => {
      const qs = new URLSearchParams({ onError, columns: JSON.stringify(columns) });
      let res = await fetch(`/api/v1${path`/apps/${source.appId!}/records/${entity}/import`}?${qs}`, {
        method: "POST",
        headers: { "content-type": "text/csv" },
        body: file,
        credentials: "same-origin",
      });
      // A large file is imported after the answer: its Location says how far it is, then gives the answer.
      const location = res.headers.get("location");
      while (res.status === 202 && location) {
        onProgress((await res.json()) as RecordImportProgress);
        await new Promise((r) => setTimeout(r, 700));
        res = await fetch(location, { credentials: "same-origin" });
      }
      const body = (await res.json().catch(() => ({}))) as RecordImportResult & {
        error?: { message?: string; details?: RecordImportResult };
      };
      if (res.status === 201 || res.status === 200) return body;
      if (res.status === 422 && body.error?.details) return { ...body.error.details, imported: 0 };
      throw new Error(body.error?.message ?? `The import failed (${res.status})`);
    },
    onSuccess: () => void qc.invalidateQueries({ queryKey: ["records", source.key] }),
  });
}
