import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { AuthResult, Me } from "@vta/contracts";
import { api, ApiError } from "./client";

export const meKey = ["me"] as const;

/** The signed-in user, or null when signed out (a 401 is an answer here, not an error). */
export function useMe() {
  return useQuery({
    queryKey: meKey,
    queryFn: async () => {
      try {
        return await api<Me>("/me");
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return null;
        throw err;
      }
    },
    staleTime: 60_000,
  });
}

export function useAuthMutation(kind: "login" | "signup") {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Record<string, string>) => api<AuthResult>(`/auth/${kind}`, { method: "POST", body }),
    onSuccess: () => qc.invalidateQueries(),
  });
}

export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>("/auth/logout", { method: "POST" }),
    onSuccess: () => {
      qc.clear();
      qc.setQueryData(meKey, null);
    },
  });
}

export function useSwitchWorkspace() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (workspaceId: string) => api<Me>("/me/workspace", { method: "POST", body: { workspaceId } }),
    onSuccess: async (me) => {
      qc.clear();
      qc.setQueryData(meKey, me);
    },
  });
}

export function useCreateWorkspace() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => api<Me>("/workspaces", { method: "POST", body: { name } }),
    onSuccess: (me) => {
      qc.clear();
      qc.setQueryData(meKey, me);
    },
  });
}
