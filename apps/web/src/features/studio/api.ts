import { useEffect, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  AppDetail,
  AppDiff,
  AppSummary,
  AppVersion,
  Build,
  BuildAccepted,
  BuildRating,
  BuildRequest,
  BuildStage,
  RecordImportResult,
  SaveViewBody,
  ShareLink,
} from "@vta/contracts";
import { api, ApiError, path } from "../../api/client";
import { liveKey } from "../runtime/source";

export const appKeys = {
  all: ["apps"] as const,
  list: ["apps", "list"] as const,
  detail: (id: string) => ["apps", "detail", id] as const,
  builds: (id: string) => ["apps", "builds", id] as const,
  versions: (id: string) => ["apps", "versions", id] as const,
  diff: (id: string, from: number, to: number) => ["apps", "diff", id, from, to] as const,
};

export const useApps = () =>
  useQuery({ queryKey: appKeys.list, queryFn: ({ signal }) => api<{ items: AppSummary[] }>("/apps?limit=100", { signal }) });

export const useApp = (id: string) =>
  useQuery({ queryKey: appKeys.detail(id), queryFn: ({ signal }) => api<AppDetail>(path`/apps/${id}`, { signal }) });

export const useBuilds = (id: string) =>
  useQuery({ queryKey: appKeys.builds(id), queryFn: ({ signal }) => api<{ items: Build[] }>(path`/apps/${id}/builds`, { signal }) });

export const useVersions = (id: string) =>
  useQuery({
    queryKey: appKeys.versions(id),
    queryFn: ({ signal }) => api<{ items: AppVersion[] }>(path`/apps/${id}/versions`, { signal }),
  });

export const useDiff = (id: string, from: number, to: number, enabled: boolean) =>
  useQuery({
    queryKey: appKeys.diff(id, from, to),
    queryFn: ({ signal }) => api<AppDiff>(path`/apps/${id}/diff` + `?from=${from}&to=${to}`, { signal }),
    enabled,
  });

/** What a person said: typed text or a stored transcription (the contract of POST /apps). */
export type Spoken = BuildRequest;

export function useStartBuild() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ appId, request }: { appId?: string; request: Spoken }) =>
      api<BuildAccepted>(appId ? `/apps/${appId}/revisions` : "/apps", { method: "POST", body: request }),
    onSuccess: ({ appId }) => {
      void qc.invalidateQueries({ queryKey: appKeys.list });
      void qc.invalidateQueries({ queryKey: appKeys.builds(appId) });
    },
  });
}

/** Everything about one app that a finished build or a revert changes. */
export function refreshApp(qc: ReturnType<typeof useQueryClient>, appId: string) {
  for (const key of [appKeys.detail(appId), appKeys.builds(appId), appKeys.versions(appId), appKeys.list, ["records", liveKey(appId)]])
    void qc.invalidateQueries({ queryKey: key });
}

export function useRevert(appId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (version: number) => api<AppDetail>(path`/apps/${appId}/revert`, { method: "POST", body: { version } }),
    onSuccess: () => refreshApp(qc, appId),
  });
}

/** A new app made from a spreadsheet (its fields typed by the cells, its rows imported). */
export function useAppFromCsv() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (file: File) => {
      const res = await fetch(`/api/v1/apps/from-csv?${new URLSearchParams({ name: file.name })}`, {
        method: "POST",
        headers: { "content-type": "text/csv" },
        body: file,
        credentials: "same-origin",
      });
      const body = (await res.json().catch(() => ({}))) as {
        app?: AppDetail;
        import?: RecordImportResult;
        error?: { code?: string; message?: string };
      };
      if (res.status !== 201 || !body.app)
        throw new ApiError(
          res.status,
          body.error?.code ?? "error",
          body.error?.message ?? `The spreadsheet could not be used (${res.status})`,
        );
      return { app: body.app, import: body.import! };
    },
    onSuccess: () => void qc.invalidateQueries({ queryKey: appKeys.list }),
  });
}

/** Saving a view of the running app (its filters, order, columns) and removing one: each a new version. */
export function useViewChanges(appId: string) {
  const qc = useQueryClient();
  const save = useMutation({
    mutationFn: (body: SaveViewBody) => api<AppDetail>(path`/apps/${appId}/views`, { method: "POST", body }),
    onSuccess: () => refreshApp(qc, appId),
  });
  const remove = useMutation({
    mutationFn: (viewId: string) => api<AppDetail>(path`/apps/${appId}/views/${viewId}`, { method: "DELETE" }),
    onSuccess: () => refreshApp(qc, appId),
  });
  return { save, remove };
}

export function useRate(appId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ buildId, rating }: { buildId: string; rating: number }) =>
      api<BuildRating>(path`/builds/${buildId}/rating`, { method: "POST", body: { rating } }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: appKeys.builds(appId) }),
  });
}

export function useShare(appId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (on: boolean) => api<ShareLink>(path`/apps/${appId}/share`, { method: on ? "POST" : "DELETE" }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: appKeys.detail(appId) }),
  });
}

export function useDeleteApp() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (appId: string) => api(path`/apps/${appId}`, { method: "DELETE" }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: appKeys.list }),
  });
}

/**
 * A build's live progress over server-sent events: its stages as they finish, then its status.
 * Refreshes the app when the build ends.
 */
export function useBuildProgress(appId: string, buildId: string | null) {
  const qc = useQueryClient();
  const [state, setState] = useState<{ buildId: string | null; build: Build | null; stages: BuildStage[] }>({
    buildId: null,
    build: null,
    stages: [],
  });
  useEffect(() => {
    if (!buildId) return;
    const source = new EventSource(`/api/v1/builds/${buildId}/events`);
    source.addEventListener("stage", (e) => {
      const stage = JSON.parse((e as MessageEvent<string>).data) as BuildStage;
      setState((s) => {
        const stages = s.buildId === buildId ? s.stages : [];
        return {
          buildId,
          build: s.buildId === buildId ? s.build : null,
          stages: [...stages.filter((x) => x.name !== stage.name || x.startedAt !== stage.startedAt), stage],
        };
      });
    });
    source.addEventListener("status", (e) => {
      const build = JSON.parse((e as MessageEvent<string>).data) as Build;
      setState((s) => ({
        buildId,
        build,
        stages: s.buildId !== buildId || build.stages.length >= s.stages.length ? build.stages : s.stages,
      }));
      if (build.status === "succeeded" || build.status === "failed") {
        source.close();
        refreshApp(qc, appId);
      }
    });
    return () => source.close();
  }, [appId, buildId, qc]);
  return state.buildId === buildId ? state : { buildId, build: null, stages: [] };
}
