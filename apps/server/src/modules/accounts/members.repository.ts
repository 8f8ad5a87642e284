/**
 * A workspace's members (`memberships` with their users) and its invitations; what a change of
 * membership does to the person's sessions and API keys.
 */
import { sql } from "drizzle-orm";
import type { Role } from "@vta/contracts";
import type { Db } from "../../platform/db/client.js";
import { queryRows } from "../../platform/db/rows.js";

export type MemberRow = { user_id: string; email: string; name: string; role: Role; created_at: string };

/** An invitation with its inviter's name (null once that account is gone). */
export type InvitationRow = { id: string; email: string; role: Role; created_at: string; expires_at: string; invited_by: string | null };

const MEMBERS = sql`select m.user_id, u.email, u.name, m.role, m.created_at from memberships m join users u on u.id = m.user_id`;

export async function findMember(db: Db, workspaceId: string, userId: string): Promise<MemberRow | undefined> {
  const [row] = await queryRows<MemberRow>(db, sql`${MEMBERS} where m.workspace_id = ${workspaceId} and m.user_id = ${userId}`);
  return row;
}

export async function listMembers(db: Db, workspaceId: string): Promise<MemberRow[]> {
  return queryRows<MemberRow>(db, sql`${MEMBERS} where m.workspace_id = ${workspaceId} order by m.created_at, u.email`);
}

export async function isMemberByEmail(db: Db, workspaceId: string, email: string): Promise<boolean> {
  const rows = await queryRows<{ n: number }>(
    db,
    sql`select 1 as n from memberships m join users u on u.id = m.user_id where m.workspace_id = ${workspaceId} and u.email = ${email}`,
  );
  return rows.length > 0;
}

export async function setMemberRole(db: Db, workspaceId: string, userId: string, role: Role): Promise<void> {
  await db.execute(sql`update memberships set role = ${role} where workspace_id = ${workspaceId} and user_id = ${userId}`);
}

/** The member's sessions in this workspace. */
export async function memberSessionIds(db: Db, workspaceId: string, userId: string): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select id from sessions where user_id = ${userId} and workspace_id = ${workspaceId}`,
  );
  return rows.map((s) => s.id);
}

/**
 * Takes the person out of the workspace: their sessions in it move to their oldest other workspace,
 * or end when they have none.
 */
export async function deleteMembership(db: Db, workspaceId: string, userId: string): Promise<void> {
  await db.execute(sql`
    with gone as (delete from memberships where workspace_id = ${workspaceId} and user_id = ${userId}),
    elsewhere as (select workspace_id from memberships where user_id = ${userId} and workspace_id <> ${workspaceId} order by created_at limit 1),
    moved as (update sessions set workspace_id = (select workspace_id from elsewhere)
      where user_id = ${userId} and workspace_id = ${workspaceId} and exists (select 1 from elsewhere))
    delete from sessions where user_id = ${userId} and workspace_id = ${workspaceId} and not exists (select 1 from elsewhere)`);
}

/** Deletes the API keys the person made for the workspace; their hashes (cache identities). */
export async function deleteApiKeysBy(db: Db, workspaceId: string, userId: string): Promise<string[]> {
  const rows = await queryRows<{ key_hash: string }>(
    db,
    sql`delete from api_keys where workspace_id = ${workspaceId} and created_by = ${userId} returning key_hash`,
  );
  return rows.map((k) => k.key_hash);
}

// ---------------------------------------------------------------- invitations
export async function insertInvitation(
  db: Db,
  i: { workspaceId: string; email: string; role: Role; tokenHash: string; invitedBy: string | null; days: number },
): Promise<InvitationRow> {
  const [row] = await queryRows<InvitationRow>(
    db,
    sql`
    insert into invitations (workspace_id, email, role, token_hash, invited_by, expires_at)
    values (${i.workspaceId}, ${i.email}, ${i.role}, ${i.tokenHash}, ${i.invitedBy}, now() + make_interval(days => ${i.days}))
    returning id, email, role, created_at, expires_at, (select name from users where id = ${i.invitedBy}) as invited_by`,
  );
  return row!;
}

/** The workspace's invitations not yet accepted or expired, oldest first. */
export async function listOpenInvitations(db: Db, workspaceId: string): Promise<InvitationRow[]> {
  return queryRows<InvitationRow>(
    db,
    sql`
    select i.id, i.email, i.role, i.created_at, i.expires_at, u.name as invited_by from invitations i left join users u on u.id = i.invited_by
    where i.workspace_id = ${workspaceId} and i.accepted_at is null and i.expires_at > now() order by i.created_at`,
  );
}

/** Deletes an invitation not yet accepted; false when there is none in this workspace. */
export async function deleteOpenInvitation(db: Db, workspaceId: string, id: string): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`delete from invitations where id = ${id} and workspace_id = ${workspaceId} and accepted_at is null returning id`,
  );
  return rows.length > 0;
}

/** What a still-good invitation link offers. */
export async function findInvitationOffer(db: Db, tokenHash: string) {
  const [row] = await queryRows<{ workspace_name: string; role: Role; email: string; invited_by: string | null; expires_at: string }>(
    db,
    sql`
    select w.name as workspace_name, i.role, i.email, u.name as invited_by, i.expires_at
    from invitations i join workspaces w on w.id = i.workspace_id left join users u on u.id = i.invited_by
    where i.token_hash = ${tokenHash} and i.accepted_at is null and i.expires_at > now()`,
  );
  return row;
}

export async function findOpenInvitation(db: Db, tokenHash: string) {
  const [invite] = await queryRows<{ id: string; workspace_id: string; email: string; role: Role }>(
    db,
    sql`
    select id, workspace_id, email, role from invitations where token_hash = ${tokenHash} and accepted_at is null and expires_at > now()`,
  );
  return invite;
}

export async function userEmail(db: Db, userId: string): Promise<string | undefined> {
  const [me] = await queryRows<{ email: string }>(db, sql`select email from users where id = ${userId}`);
  return me?.email;
}

/** The person joins with the invitation's role (kept if already a member), and the invitation is used up. */
export async function acceptInvitation(db: Db, invite: { id: string; workspace_id: string; role: Role }, userId: string): Promise<void> {
  await db.execute(sql`
    with joined as (insert into memberships (workspace_id, user_id, role) values (${invite.workspace_id}, ${userId}, ${invite.role}) on conflict do nothing)
    update invitations set accepted_at = now() where id = ${invite.id}`);
}

export async function moveSession(db: Db, sessionId: string, workspaceId: string): Promise<void> {
  await db.execute(sql`update sessions set workspace_id = ${workspaceId} where id = ${sessionId}`);
}
