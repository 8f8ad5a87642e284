import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Agent, AgentDetail, AgentStatus, CreateAgentBody, UpdateAgentBody } from "@vta/contracts";
import { api } from "../../api/client";

type Page = { items: Agent[]; nextCursor: string | null };

export const agentKeys = {
  all: ["agents"] as const,
  list: (search: string, status: string) => ["agents", "list", { search, status }] as const,
  detail: (id: string) => ["agents", "detail", id] as const,
};

export function useAgentList(search: string, status: "" | AgentStatus) {
  return useInfiniteQuery({
    queryKey: agentKeys.list(search, status),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => {
      const qs = new URLSearchParams({ limit: "50" });
      if (search) qs.set("search", search);
      if (status) qs.set("status", status);
      if (pageParam) qs.set("cursor", pageParam);
      return api<Page>(`/agents?${qs}`, { signal });
    },
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useAgent(id: string | undefined) {
  return useQuery({
    queryKey: agentKeys.detail(id ?? ""),
    queryFn: () => api<AgentDetail>(`/agents/${id}`),
    enabled: Boolean(id),
  });
}

export function useCreateAgent() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Partial<CreateAgentBody>) => api<AgentDetail>("/agents", { method: "POST", body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: agentKeys.all }),
  });
}

export function useUpdateAgent() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: UpdateAgentBody }) =>
      api<AgentDetail>(`/agents/${id}`, { method: "PATCH", body: patch }),
    onSuccess: (agent) => {
      qc.setQueryData(agentKeys.detail(agent.id), agent);
      return qc.invalidateQueries({ queryKey: ["agents", "list"] });
    },
  });
}

export function useDeleteAgent() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/agents/${id}`, { method: "DELETE" }),
    onSuccess: (_v, id) => {
      qc.removeQueries({ queryKey: agentKeys.detail(id) });
      return qc.invalidateQueries({ queryKey: ["agents", "list"] });
    },
  });
}
