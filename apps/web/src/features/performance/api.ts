import { useEffect, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  HealthReport,
  HistoryRange,
  LiveSample,
  MaintenanceRun,
  MaintenanceStarted,
  PerformanceHistory,
  PerformanceSnapshot,
  SlowQueries,
} from "@vta/contracts";
import { api } from "../../api/client";

/** The last `keep` one-second samples from the server's stream. */
export function useLiveSamples(keep = 120) {
  const [samples, setSamples] = useState<LiveSample[]>([]);
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    const source = new EventSource("/api/v1/performance/stream");
    source.onopen = () => setConnected(true);
    source.onerror = () => setConnected(false);
    source.addEventListener("sample", (e) => {
      const sample = JSON.parse((e as MessageEvent<string>).data) as LiveSample;
      setSamples((s) => [...s.slice(-(keep - 1)), sample]);
    });
    return () => source.close();
  }, [keep]);
  return { samples, connected };
}

export const usePerformance = () =>
  useQuery({
    queryKey: ["performance"],
    queryFn: ({ signal }) => api<PerformanceSnapshot>("/performance", { signal }),
    refetchInterval: 5000,
  });

export const useHistory = (range: HistoryRange) =>
  useQuery({
    queryKey: ["performance", "history", range],
    queryFn: ({ signal }) => api<PerformanceHistory>(`/performance/history?range=${range}`, { signal }),
    refetchInterval: 30_000,
  });

export const useHealth = () =>
  useQuery({
    queryKey: ["health"],
    queryFn: async ({ signal }) => (await fetch("/health", { signal })).json() as Promise<HealthReport>,
    refetchInterval: 10_000,
  });

export const useSlowQueries = () =>
  useQuery({
    queryKey: ["slow-queries"],
    queryFn: ({ signal }) => api<SlowQueries>("/performance/slow-queries", { signal }),
    refetchInterval: 15_000,
  });

/** Runs, polled every second while one is in progress. */
export function useRuns() {
  return useQuery({
    queryKey: ["maintenance"],
    queryFn: ({ signal }) => api<{ items: MaintenanceRun[] }>("/maintenance/runs", { signal }),
    refetchInterval: (q) => (q.state.data?.items.some((r) => r.status === "queued" || r.status === "running") ? 1000 : 15_000),
  });
}

export function useOptimize() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api<MaintenanceStarted>("/optimize", { method: "POST" }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ["maintenance"] }),
  });
}
