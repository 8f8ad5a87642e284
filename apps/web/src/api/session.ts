import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { AuthProviders, LoginResult, Me } from "@vta/contracts";
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

/** Signs up or in; a login of an account with a second factor answers a challenge (then call `/auth/login/two-factor`). */
export function useAuthMutation(kind: "login" | "signup" | "login/two-factor") {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Record<string, string>) => api<LoginResult>(`/auth/${kind}`, { method: "POST", body }),
    onSuccess: (result) => {
      if (!("twoFactorRequired" in result)) void qc.invalidateQueries();
    },
  });
}

/** How people can sign in here (single sign-on, when the instance has it). */
export const useAuthProviders = () =>
  useQuery({ queryKey: ["auth-providers"], queryFn: () => api<AuthProviders>("/auth/providers"), staleTime: Infinity });

export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>("/auth/logout", { method: "POST" }),
    // A fresh page: nothing of the signed-in person stays in memory (observers of cleared
    // queries would keep showing the old answers, and the page went blank).
    onSuccess: () => {
      qc.clear();
      window.location.assign("/login");
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
