/**
 * A workspace's members: listed by anyone in it; invited by its admins and owner (a link mailed to
 * the address, accepted by that person signed in with it: nobody is added without consent, and an
 * invitation says nothing of whether the address has an account), given another role or removed by
 * them; any member but the owner may leave. The owner stays the owner. A change of role, a removal
 * or leaving takes effect on the member's next request: their cached sessions in the workspace are
 * dropped, their sessions move to another workspace of theirs (or end when they have none), and the
 * API keys they made for the workspace are revoked.
 */
import type { Invitation, InvitationPreview, Member, Role } from "@vta/contracts";
import { randomToken, sha256 } from "../../platform/auth/crypto.js";
import type { Mailer } from "../../platform/mail/mailer.js";
import type { Cache } from "../../platform/cache/cache.js";
import { ns } from "../../platform/cache/namespaces.js";
import type { Db } from "../../platform/db/client.js";
import { toIso } from "../../platform/db/rows.js";
import { hasRole, type Principal } from "../../platform/auth/principal.js";
import { forbidden, HttpError, notFound } from "../../platform/http/errors.js";
import { loadWorkspaceName } from "./accounts.repository.js";
import * as repo from "./members.repository.js";

const serialize = (r: repo.MemberRow): Member => ({
  userId: r.user_id,
  email: r.email,
  name: r.name,
  role: r.role,
  joinedAt: toIso(r.created_at),
});

const ownerStays = () => new HttpError(409, "owner_stays", "The workspace owner cannot be removed or given another role");

const serializeInvitation = (r: repo.InvitationRow): Invitation => ({
  id: r.id,
  email: r.email,
  role: r.role,
  invitedBy: r.invited_by,
  createdAt: toIso(r.created_at),
  expiresAt: toIso(r.expires_at),
});

/** How long an invitation link stays good. */
const INVITE_DAYS = 7;

const gone = () =>
  new HttpError(404, "invitation_gone", "This invitation does not exist, was used, revoked, or has expired; ask for a new one");

export function createMembersService(cache: Cache, mail: Mailer, publicUrl: string) {
  /** Another workspace's people answer 404 before the caller's role is looked at (no probing). */
  async function findToManage(db: Db, principal: Principal, userId: string): Promise<repo.MemberRow> {
    const row = await find(db, principal.workspaceId, userId);
    if (!hasRole(principal, "admin")) throw forbidden("Only workspace owners and admins can manage members");
    if (row.role === "owner") throw ownerStays();
    return row;
  }

  async function find(db: Db, workspaceId: string, userId: string): Promise<repo.MemberRow> {
    const row = await repo.findMember(db, workspaceId, userId);
    if (!row) throw notFound("Member");
    return row;
  }

  /**
   * Runs `change`, then drops the cached principals of the member's sessions in this workspace
   * (they carry the old role). The sessions are read first: a removal moves them elsewhere.
   */
  async function changeThenForget(db: Db, workspaceId: string, userId: string, change: () => Promise<unknown>) {
    const sessions = await repo.memberSessionIds(db, workspaceId, userId);
    await change();
    for (const id of sessions) await cache.invalidate(ns.auth(id));
  }

  /**
   * Takes the person out of the workspace: their sessions move to another workspace of theirs (or
   * end with none left), and the API keys they made for it are revoked (a key outliving its maker's
   * access would keep it).
   */
  async function removeMember(db: Db, workspaceId: string, userId: string) {
    let revoked: string[] = [];
    await changeThenForget(db, workspaceId, userId, async () => {
      await repo.deleteMembership(db, workspaceId, userId);
      revoked = await repo.deleteApiKeysBy(db, workspaceId, userId);
    });
    if (revoked.length) await cache.invalidate(...revoked.map((keyHash) => ns.auth(keyHash)));
  }

  return {
    async list(db: Db, workspaceId: string): Promise<Member[]> {
      const rows = await repo.listMembers(db, workspaceId);
      return rows.map(serialize);
    },

    /** Mails an invitation: the same answer whether or not the address has an account. */
    async invite(db: Db, principal: Principal, email: string, role: Role): Promise<Invitation> {
      const { workspaceId } = principal;
      if (await repo.isMemberByEmail(db, workspaceId, email))
        throw new HttpError(409, "already_member", `${email} is already a member of this workspace`);
      const token = randomToken();
      const row = await repo.insertInvitation(db, {
        workspaceId,
        email,
        role,
        tokenHash: sha256(token),
        invitedBy: principal.userId,
        days: INVITE_DAYS,
      });
      const workspaceName = (await loadWorkspaceName(db, workspaceId)) ?? "a workspace";
      await mail.send({
        to: email,
        subject: `You are invited to ${workspaceName} on Voice-to-App`,
        text: `${row.invited_by ?? "Someone"} invited you to join "${workspaceName}" as ${role}.\n\nTo accept, open this link and sign in (or sign up) with ${email}:\n${publicUrl}/invite/${token}\n\nThe invitation works for ${INVITE_DAYS} days. If you do not want to join, ignore this message.`,
      });
      return serializeInvitation(row);
    },

    async invitations(db: Db, workspaceId: string): Promise<Invitation[]> {
      const rows = await repo.listOpenInvitations(db, workspaceId);
      return rows.map(serializeInvitation);
    },

    async revokeInvitation(db: Db, workspaceId: string, id: string): Promise<void> {
      if (!(await repo.deleteOpenInvitation(db, workspaceId, id))) throw notFound("Invitation");
    },

    /** What the link offers, for the person to decide. */
    async preview(db: Db, token: string): Promise<InvitationPreview> {
      const row = await repo.findInvitationOffer(db, sha256(token));
      if (!row) throw gone();
      return {
        workspaceName: row.workspace_name,
        role: row.role,
        email: row.email,
        invitedBy: row.invited_by,
        expiresAt: toIso(row.expires_at),
      };
    },

    /** The invited person, signed in with the invited address, joins; their session moves to the workspace. */
    async accept(db: Db, principal: Principal, token: string): Promise<string> {
      if (!principal.userId) throw forbidden("Accept an invitation signed in as yourself, not with an API key");
      const invite = await repo.findOpenInvitation(db, sha256(token));
      if (!invite) throw gone();
      if ((await repo.userEmail(db, principal.userId)) !== invite.email)
        throw forbidden(`This invitation is for ${invite.email}; sign in with that address to accept it`);
      await repo.acceptInvitation(db, invite, principal.userId);
      if (principal.via === "session") {
        await repo.moveSession(db, principal.credentialId, invite.workspace_id);
        await cache.invalidate(ns.auth(principal.credentialId));
      }
      return invite.workspace_id;
    },

    /** The caller leaves the workspace they are in (the owner cannot: the workspace would have none). */
    async leave(db: Db, principal: Principal): Promise<void> {
      if (!principal.userId) throw forbidden("An API key belongs to the workspace; it cannot leave it (revoke it instead)");
      if (principal.role === "owner")
        throw new HttpError(409, "owner_stays", "The owner cannot leave the workspace; delete it, or make someone else the owner first");
      await removeMember(db, principal.workspaceId, principal.userId);
    },

    async setRole(db: Db, principal: Principal, userId: string, role: Role): Promise<Member> {
      const current = await findToManage(db, principal, userId);
      const { workspaceId } = principal;
      await changeThenForget(db, workspaceId, userId, () => repo.setMemberRole(db, workspaceId, userId, role));
      return { ...serialize(current), role };
    },

    async remove(db: Db, principal: Principal, userId: string): Promise<void> {
      await findToManage(db, principal, userId);
      await removeMember(db, principal.workspaceId, userId);
    },
  };
}

export type MembersService = ReturnType<typeof createMembersService>;
