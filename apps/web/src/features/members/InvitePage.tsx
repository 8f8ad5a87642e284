import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate, useParams } from "react-router";
import type { InvitationPreview, JoinedWorkspace } from "@vta/contracts";
import { api } from "../../api/client";
import { useMe } from "../../api/session";
import { ErrorNote } from "../../components/ErrorNote";
import { Button } from "../../components/Button";

/** An invitation link: which workspace and role, and Accept for the invited person, signed in with that address. */
export default function InvitePage() {
  const { token = "" } = useParams();
  const me = useMe();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const preview = useQuery({
    queryKey: ["invitation", token],
    queryFn: () => api<InvitationPreview>("/invitations/preview", { method: "POST", body: { token } }),
    retry: false,
  });
  const accept = useMutation({
    mutationFn: () => api<JoinedWorkspace>("/invitations/accept", { method: "POST", body: { token } }),
    onSuccess: async () => {
      qc.clear();
      // Into the workspace's apps: the Studio is where its work is.
      await navigate("/studio");
    },
  });
  const here = `?next=${encodeURIComponent(`/invite/${token}`)}`;
  const invite = preview.data;
  return (
    <section className="mx-auto mt-16 max-w-md space-y-4 rounded-lg bg-white p-6 shadow">
      <h1 className="text-xl font-semibold">Invitation</h1>
      <ErrorNote error={preview.error ?? accept.error} />
      {invite && (
        <>
          <p>
            {invite.invitedBy ?? "Someone"} invites <b>{invite.email}</b> to <b>{invite.workspaceName}</b> as {invite.role}.
          </p>
          {me.data ? (
            me.data.user.email === invite.email ? (
              <Button variant="primary" onClick={() => accept.mutate()} disabled={accept.isPending} className="w-full py-2">
                Accept and join {invite.workspaceName}
              </Button>
            ) : (
              <p className="text-sm text-slate-600">
                You are signed in as {me.data.user.email}. Log out and sign in as {invite.email} to accept.
              </p>
            )
          ) : (
            <p className="text-sm text-slate-600">
              <Link to={`/login${here}`} className="text-indigo-700 underline">
                Log in
              </Link>{" "}
              or{" "}
              <Link to={`/signup${here}`} className="text-indigo-700 underline">
                create an account
              </Link>{" "}
              with {invite.email} to accept.
            </p>
          )}
        </>
      )}
    </section>
  );
}
