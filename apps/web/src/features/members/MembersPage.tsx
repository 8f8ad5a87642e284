import { useState, type FormEvent } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Invitation, Member } from "@vta/contracts";
import { api, path } from "../../api/client";
import { meKey, useMe } from "../../api/session";
import { ErrorNote } from "../../components/ErrorNote";
import { SimpleTable } from "../../components/SimpleTable";
import { Button } from "../../components/Button";

const key = ["members"] as const;
const ROLES = ["admin", "member", "viewer"] as const;
type MemberRole = (typeof ROLES)[number];

/**
 * Who is in this workspace; owners and admins invite people by email (they join when they accept
 * the mailed link), change roles, remove them; anyone but the owner can leave.
 */
export default function MembersPage() {
  const qc = useQueryClient();
  const me = useMe();
  const canManage = me.data?.workspace.role === "owner" || me.data?.workspace.role === "admin";
  const list = useQuery({ queryKey: key, queryFn: () => api<{ items: Member[] }>("/members") });
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<MemberRole>("member");
  const invitations = useQuery({
    queryKey: ["invitations"],
    queryFn: () => api<{ items: Invitation[] }>("/invitations"),
    enabled: canManage,
  });
  const refresh = () => Promise.all([qc.invalidateQueries({ queryKey: key }), qc.invalidateQueries({ queryKey: ["invitations"] })]);
  const [sent, setSent] = useState<string | null>(null);
  const add = useMutation({
    mutationFn: () => api<Invitation>("/members", { method: "POST", body: { email, role } }),
    onSuccess: (invitation) => {
      setEmail("");
      setSent(invitation.email);
      return refresh();
    },
  });
  const revoke = useMutation({ mutationFn: (id: string) => api<void>(path`/invitations/${id}`, { method: "DELETE" }), onSettled: refresh });
  const leave = useMutation({
    mutationFn: () => api<void>("/workspace/leave", { method: "POST" }),
    onSuccess: () => {
      qc.clear();
      return qc.invalidateQueries({ queryKey: meKey });
    },
  });
  const change = useMutation({
    mutationFn: (m: { userId: string; role: MemberRole }) =>
      api<Member>(path`/members/${m.userId}`, { method: "PATCH", body: { role: m.role } }),
    onSettled: refresh,
  });
  const remove = useMutation({
    mutationFn: (userId: string) => api<void>(path`/members/${userId}`, { method: "DELETE" }),
    onSettled: refresh,
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate();
  };
  return (
    <section className="max-w-3xl space-y-4">
      <h1 className="text-2xl font-semibold">Members</h1>
      <p className="text-sm text-slate-600">
        Viewers read; members build and edit; admins also manage API keys and members. The owner stays the owner.
      </p>
      <ErrorNote error={list.error ?? add.error ?? change.error ?? remove.error ?? revoke.error ?? leave.error} />
      {sent && (
        <p role="status" className="text-sm text-emerald-700">
          Invitation sent to {sent}. They join when they open the link and accept.
        </p>
      )}
      {canManage && (
        <form onSubmit={onSubmit} className="flex gap-2">
          <input
            aria-label="Email"
            type="email"
            required
            placeholder="Their email address"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            className="flex-1 rounded border border-slate-300 px-3 py-1.5"
          />
          <select
            aria-label="Role"
            value={role}
            onChange={(e) => setRole(e.target.value as MemberRole)}
            className="rounded border border-slate-300 px-2"
          >
            {ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
          <Button type="submit" variant="primary" disabled={add.isPending}>
            Invite
          </Button>
        </form>
      )}
      <SimpleTable headers={["Name", "Email", "Role", ""]}>
        {list.data?.items.map((m) => (
          <tr key={m.userId} className="border-t">
            <td className="p-2">{m.name}</td>
            <td className="p-2">{m.email}</td>
            <td className="p-2">
              {canManage && m.role !== "owner" ? (
                <select
                  aria-label={`Role of ${m.email}`}
                  value={m.role}
                  onChange={(e) => change.mutate({ userId: m.userId, role: e.target.value as MemberRole })}
                  className="rounded border border-slate-300 px-1"
                >
                  {ROLES.map((r) => (
                    <option key={r}>{r}</option>
                  ))}
                </select>
              ) : (
                m.role
              )}
            </td>
            <td className="p-2 text-right">
              {canManage && m.role !== "owner" && (
                <button type="button" onClick={() => remove.mutate(m.userId)} className="text-red-700 hover:underline">
                  Remove
                </button>
              )}
            </td>
          </tr>
        ))}
      </SimpleTable>
      {canManage && !!invitations.data?.items.length && (
        <>
          <h2 className="text-lg font-semibold">Invitations not yet accepted</h2>
          <SimpleTable headers={["Email", "Role", "Expires", ""]}>
            {invitations.data.items.map((i) => (
              <tr key={i.id} className="border-t">
                <td className="p-2">{i.email}</td>
                <td className="p-2">{i.role}</td>
                <td className="p-2">{i.expiresAt.slice(0, 10)}</td>
                <td className="p-2 text-right">
                  <button type="button" onClick={() => revoke.mutate(i.id)} className="text-red-700 hover:underline">
                    Revoke
                  </button>
                </td>
              </tr>
            ))}
          </SimpleTable>
        </>
      )}
      {me.data && me.data.workspace.role !== "owner" && me.data.via === "session" && (
        <button
          type="button"
          onClick={() => window.confirm(`Leave ${me.data!.workspace.name}? The API keys you made for it stop working.`) && leave.mutate()}
          className="rounded border border-red-300 px-3 py-1.5 text-red-700 hover:bg-red-50"
        >
          Leave this workspace
        </button>
      )}
    </section>
  );
}
