import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type InfiniteData, type QueryClient } from "@tanstack/react-query";
import type { Agent, AgentDetail, AgentStatus, CreateAgentBody, Page as PageOf, UpdateAgentBody } from "@vta/contracts";
import { api, path } from "../../api/client";

type Page = PageOf<Agent>;
const PAGE_SIZE = 200;

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
      const qs = new URLSearchParams({ limit: String(PAGE_SIZE) });
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
    queryFn: () => fetchAgent(id!),
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

const fetchAgent = (id: string) => api<AgentDetail>(path`/agents/${id}`);

/** Hovering a card warms its detail page. */
export function prefetchAgent(qc: QueryClient, id: string) {
  void qc.prefetchQuery({ queryKey: agentKeys.detail(id), queryFn: () => fetchAgent(id), staleTime: 30_000 });
}

/** Applies `change` to every cached list page at once; returns what to put back if the server says no. */
function patchLists(qc: QueryClient, change: (items: Agent[]) => Agent[]) {
  const snapshot = qc.getQueriesData<InfiniteData<Page>>({ queryKey: ["agents", "list"] });
  for (const [key, data] of snapshot) {
    if (!data) continue;
    qc.setQueryData<InfiniteData<Page>>(key, { ...data, pages: data.pages.map((p) => ({ ...p, items: change(p.items) })) });
  }
  return () => snapshot.forEach(([key, data]) => qc.setQueryData(key, data));
}

export function useUpdateAgent() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: UpdateAgentBody }) =>
      api<AgentDetail>(path`/agents/${id}`, { method: "PATCH", body: patch }),
    // Optimistic: the card changes at once; a refusal puts it back and the page says why.
    onMutate: async ({ id, patch }) => {
      await qc.cancelQueries({ queryKey: ["agents", "list"] });
      const rollback = patchLists(qc, (items) =>
        items.map((a) => (a.id === id ? { ...a, ...patch, config: { ...a.config, ...patch.config } } : a)),
      );
      return { rollback };
    },
    onError: (_err, _vars, ctx) => ctx?.rollback(),
    onSuccess: (agent) => qc.setQueryData(agentKeys.detail(agent.id), agent),
    onSettled: () => qc.invalidateQueries({ queryKey: ["agents", "list"] }),
  });
}

export function useDeleteAgent() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(path`/agents/${id}`, { method: "DELETE" }),
    onMutate: async (id) => {
      await qc.cancelQueries({ queryKey: ["agents", "list"] });
      return { rollback: patchLists(qc, (items) => items.filter((a) => a.id !== id)) };
    },
    onError: (_err, _id, ctx) => ctx?.rollback(),
    onSuccess: (_v, id) => qc.removeQueries({ queryKey: agentKeys.detail(id) }),
    onSettled: () => qc.invalidateQueries({ queryKey: ["agents", "list"] }),
  });
}
