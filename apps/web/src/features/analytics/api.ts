import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { AgentAnalytics, Period, WorkspaceSummary } from "@vta/contracts";
import { api, path } from "../../api/client";

export function useAgentAnalytics(agentId: string | undefined, period: Period, from: string, to: string) {
  return useQuery({
    queryKey: ["analytics", "agent", agentId, { period, from, to }],
    queryFn: () => api<AgentAnalytics>(path`/agents/${agentId ?? ""}/analytics` + `?${new URLSearchParams({ period, from, to })}`),
    enabled: Boolean(agentId),
    placeholderData: keepPreviousData,
  });
}

export function useWorkspaceSummary() {
  return useQuery({ queryKey: ["analytics", "summary"], queryFn: () => api<WorkspaceSummary>("/analytics/summary") });
}
