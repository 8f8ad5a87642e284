import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { AuthResult, Me } from "@vta/contracts";
import { api, ApiError, path } from "./client";

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
    mutationFn: (body: Record<string, string>) => api<AuthResult>(path`/auth/${kind}`, { method: "POST", body }),
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

/** A mutation that answers the new `/me`: every cached query belonged to the old workspace. */
function useMeMutation<A>(request: (arg: A) => Promise<Me>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: (me) => {
      qc.clear();
      qc.setQueryData(meKey, me);
    },
  });
}

export const useSwitchWorkspace = () =>
  useMeMutation((workspaceId: string) => api<Me>("/me/workspace", { method: "POST", body: { workspaceId } }));

export const useCreateWorkspace = () => useMeMutation((name: string) => api<Me>("/workspaces", { method: "POST", body: { name } }));
