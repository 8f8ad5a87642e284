import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useSearchParams } from "react-router";
import type { VerifiedEmail } from "@vta/contracts";
import { api } from "../../api/client";
import { ErrorNote } from "../../components/ErrorNote";

/** The link mailed to prove an address. */
export default function VerifyEmailPage() {
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const qc = useQueryClient();
  const verified = useQuery({
    queryKey: ["verify-email", token],
    queryFn: async () => {
      const result = await api<VerifiedEmail>("/auth/verify-email", { method: "POST", body: { token } });
      await qc.invalidateQueries({ queryKey: ["me"] });
      return result;
    },
    retry: false,
    staleTime: Infinity,
  });
  return (
    <section className="mx-auto mt-16 max-w-md space-y-4 rounded-lg bg-white p-6 shadow">
      <h1 className="text-xl font-semibold">Email address</h1>
      <ErrorNote error={verified.error} />
      {verified.isPending && <p className="text-slate-500">Checking the link…</p>}
      {verified.data && (
        <p>
          {verified.data.email} is confirmed{verified.data.isPlatformAdmin ? ", and it is a platform administrator" : ""}.{" "}
          <Link to="/" className="text-indigo-700 underline">
            Continue
          </Link>
        </p>
      )}
    </section>
  );
}
