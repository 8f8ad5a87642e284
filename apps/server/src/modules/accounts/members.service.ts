/**
 * A workspace's members: listed by anyone in it; invited by its admins and owner (a link mailed to
 * the address, accepted by that person signed in with it: nobody is added without consent, and an
 * invitation says nothing of whether the address has an account), given another role or removed by
 * them; any member but the owner may leave. The owner stays the owner. A change of role, a removal
 * or leaving takes effect on the member's next request: their cached sessions in the workspace are
 * dropped, their sessions move to another workspace of theirs (or end when they have none), and the
 * API keys they made for the workspace are revoked.
 */
import { sql } from "drizzle-orm";
import type { Invitation, InvitationPreview, Member, Role } from "@vta/contracts";
import { randomToken, sha256 } from "../../platform/auth/crypto.js";
import type { Mailer } from "../../platform/mail/mailer.js";
import type { Cache } from "../../platform/cache/cache.js";
import { ns } from "../../platform/cache/namespaces.js";
import type { Db } from "../../platform/db/client.js";
import { queryRows, toIso } from "../../platform/db/rows.js";
import { hasRole, type Principal } from "../../platform/auth/principal.js";
import { forbidden, HttpError, notFound } from "../../platform/http/errors.js";

type MemberRow = { user_id: string; email: string; name: string; role: Role; created_at: string };

const serialize = (r: MemberRow): Member => ({ userId: r.user_id, email: r.email, name: r.name, role: r.role, joinedAt: toIso(r.created_at) });

const MEMBERS = sql`select m.user_id, u.email, u.name, m.role, m.created_at from memberships m join users u on u.id = m.user_id`;

const ownerStays = () => new HttpError(409, "owner_stays", "The workspace owner cannot be removed or given another role");

type InvitationRow = { id: string; email: string; role: Role; created_at: string; expires_at: string; invited_by: string | null };

const serializeInvitation = (r: InvitationRow): Invitation => ({ id: r.id, email: r.email, role: r.role, invitedBy: r.invited_by, createdAt: toIso(r.created_at), expiresAt: toIso(r.expires_at) });

/** How long an invitation link stays good. */
const INVITE_DAYS = 7;

const gone = () => new HttpError(404, "invitation_gone", "This invitation does not exist, was used, revoked, or has expired; ask for a new one");

export function createMembersService(cache: Cache, mail: Mailer, publicUrl: string) {
  /** Another workspace's people answer 404 before the caller's role is looked at (no probing). */
  async function findToManage(db: Db, principal: Principal, userId: string): Promise<MemberRow> {
    const row = await find(db, principal.workspaceId, userId);
    if (!hasRole(principal, "admin")) throw forbidden("Only workspace owners and admins can manage members");
    if (row.role === "owner") throw ownerStays();
    return row;
  }

  async function find(db: Db, workspaceId: string, userId: string): Promise<MemberRow> {
    const [row] = await queryRows<MemberRow>(db, sql`${MEMBERS} where m.workspace_id = ${workspaceId} and m.user_id = ${userId}`);
    if (!row) throw notFound("Member");
    return row;
  }

  /**
   * Runs `change`, then drops the cached principals of the member's sessions in this workspace
   * (they carry the old role). The sessions are read first: a removal moves them elsewhere.
   */
  async function changeThenForget(db: Db, workspaceId: string, userId: string, change: () => Promise<unknown>) {
    const sessions = await queryRows<{ id: string }>(db, sql`select id from sessions where user_id = ${userId} and workspace_id = ${workspaceId}`);
    await change();
    for (const s of sessions) await cache.invalidate(ns.auth(s.id));
  }

  /**
   * Takes the person out of the workspace: their sessions move to another workspace of theirs (or
   * end with none left), and the API keys they made for it are revoked (a key outliving its maker's
   * access would keep it).
   */
  async function removeMember(db: Db, workspaceId: string, userId: string) {
    let revoked: { key_hash: string }[] = [];
    await changeThenForget(db, workspaceId, userId, async () => {
      await db.execute(sql`
        with gone as (delete from memberships where workspace_id = ${workspaceId} and user_id = ${userId}),
        elsewhere as (select workspace_id from memberships where user_id = ${userId} and workspace_id <> ${workspaceId} order by created_at limit 1),
        moved as (update sessions set workspace_id = (select workspace_id from elsewhere)
          where user_id = ${userId} and workspace_id = ${workspaceId} and exists (select 1 from elsewhere))
        delete from sessions where user_id = ${userId} and workspace_id = ${workspaceId} and not exists (select 1 from elsewhere)`);
      revoked = await queryRows<{ key_hash: string }>(db, sql`delete from api_keys where workspace_id = ${workspaceId} and created_by = ${userId} returning key_hash`);
    });
    if (revoked.length) await cache.invalidate(...revoked.map((k) => ns.auth(k.key_hash)));
  }

  return {
    async list(db: Db, workspaceId: string): Promise<Member[]> {
      const rows = await queryRows<MemberRow>(db, sql`${MEMBERS} where m.workspace_id = ${workspaceId} order by m.created_at, u.email`);
      return rows.map(serialize);
    },

    /** Mails an invitation: the same answer whether or not the address has an account. */
    async invite(db: Db, principal: Principal, email: string, role: Role): Promise<Invitation> {
      const { workspaceId } = principal;
      const [member] = await queryRows<{ n: number }>(db, sql`select 1 as n from memberships m join users u on u.id = m.user_id where m.workspace_id = ${workspaceId} and u.email = ${email}`);
      if (member) throw new HttpError(409, "already_member", `${email} is already a member of this workspace`);
      const token = randomToken();
      const [row] = await queryRows<InvitationRow>(db, sql`
        insert into invitations (workspace_id, email, role, token_hash, invited_by, expires_at)
        values (${workspaceId}, ${email}, ${role}, ${sha256(token)}, ${principal.userId}, now() + make_interval(days => ${INVITE_DAYS}))
        returning id, email, role, created_at, expires_at, (select name from users where id = ${principal.userId}) as invited_by`);
      const [ws] = await queryRows<{ name: string }>(db, sql`select name from workspaces where id = ${workspaceId}`);
      await mail.send({
        to: email,
        subject: `You are invited to ${ws?.name ?? "a workspace"} on Voice-to-App`,
        text: `${row!.invited_by ?? "Someone"} invited you to join "${ws?.name ?? "a workspace"}" as ${role}.\n\nTo accept, open this link and sign in (or sign up) with ${email}:\n${publicUrl}/invite/${token}\n\nThe invitation works for ${INVITE_DAYS} days. If you do not want to join, ignore this message.`,
      });
      return serializeInvitation(row!);
    },

    async invitations(db: Db, workspaceId: string): Promise<Invitation[]> {
      const rows = await queryRows<InvitationRow>(db, sql`
        select i.id, i.email, i.role, i.created_at, i.expires_at, u.name as invited_by from invitations i left join users u on u.id = i.invited_by
        where i.workspace_id = ${workspaceId} and i.accepted_at is null and i.expires_at > now() order by i.created_at`);
      return rows.map(serializeInvitation);
    },

    async revokeInvitation(db: Db, workspaceId: string, id: string): Promise<void> {
      const rows = await queryRows<{ id: string }>(db, sql`delete from invitations where id = ${id} and workspace_id = ${workspaceId} and accepted_at is null returning id`);
      if (!rows.length) throw notFound("Invitation");
    },

    /** What the link offers, for the person to decide. */
    async preview(db: Db, token: string): Promise<InvitationPreview> {
      const [row] = await queryRows<{ workspace_name: string; role: Role; email: string; invited_by: string | null; expires_at: string }>(db, sql`
        select w.name as workspace_name, i.role, i.email, u.name as invited_by, i.expires_at
        from invitations i join workspaces w on w.id = i.workspace_id left join users u on u.id = i.invited_by
        where i.token_hash = ${sha256(token)} and i.accepted_at is null and i.expires_at > now()`);
      if (!row) throw gone();
      return { workspaceName: row.workspace_name, role: row.role, email: row.email, invitedBy: row.invited_by, expiresAt: toIso(row.expires_at) };
    },

    /** The invited person, signed in with the invited address, joins; their session moves to the workspace. */
    async accept(db: Db, principal: Principal, token: string): Promise<string> {
      if (!principal.userId) throw forbidden("Accept an invitation signed in as yourself, not with an API key");
      const [invite] = await queryRows<{ id: string; workspace_id: string; email: string; role: Role }>(db, sql`
        select id, workspace_id, email, role from invitations where token_hash = ${sha256(token)} and accepted_at is null and expires_at > now()`);
      if (!invite) throw gone();
      const [me] = await queryRows<{ email: string }>(db, sql`select email from users where id = ${principal.userId}`);
      if (me?.email !== invite.email) throw forbidden(`This invitation is for ${invite.email}; sign in with that address to accept it`);
      await db.execute(sql`
        with joined as (insert into memberships (workspace_id, user_id, role) values (${invite.workspace_id}, ${principal.userId}, ${invite.role}) on conflict do nothing)
        update invitations set accepted_at = now() where id = ${invite.id}`);
      if (principal.via === "session") {
        await db.execute(sql`update sessions set workspace_id = ${invite.workspace_id} where id = ${principal.credentialId}`);
        await cache.invalidate(ns.auth(principal.credentialId));
      }
      return invite.workspace_id;
    },

    /** The caller leaves the workspace they are in (the owner cannot: the workspace would have none). */
    async leave(db: Db, principal: Principal): Promise<void> {
      if (!principal.userId) throw forbidden("An API key belongs to the workspace; it cannot leave it (revoke it instead)");
      if (principal.role === "owner") throw new HttpError(409, "owner_stays", "The owner cannot leave the workspace; delete it, or make someone else the owner first");
      await removeMember(db, principal.workspaceId, principal.userId);
    },

    async setRole(db: Db, principal: Principal, userId: string, role: Role): Promise<Member> {
      const current = await findToManage(db, principal, userId);
      const { workspaceId } = principal;
      await changeThenForget(db, workspaceId, userId, () =>
        db.execute(sql`update memberships set role = ${role} where workspace_id = ${workspaceId} and user_id = ${userId}`),
      );
      return { ...serialize(current), role };
    },

    async remove(db: Db, principal: Principal, userId: string): Promise<void> {
      await findToManage(db, principal, userId);
      await removeMember(db, principal.workspaceId, userId);
    },
  };
}

export type MembersService = ReturnType<typeof createMembersService>;
