import { and, desc, eq, sql } from "drizzle-orm";
import type { Role } from "@vta/contracts";
import type { Db } from "../../platform/db/client.js";
import { queryRows, toIso } from "../../platform/db/rows.js";
import { apiKeys, emailVerifications, memberships, sessions, setupTokens, users, workspaces } from "../../../db/schema.js";

export interface UserRow {
  id: string;
  email: string;
  name: string;
  passwordHash: string;
  isPlatformAdmin: boolean;
  emailVerifiedAt: string | null;
  totpSecret: string | null;
  createdAt: string;
}

export interface NewUser {
  email: string;
  name: string;
  passwordHash: string;
  /** The SHA-256 of a setup token: valid, it makes this account the platform admin (and is used up). */
  setupTokenHash: string | null;
}

/**
 * Creates the user, a first workspace owned by them and a session, in one transaction. With a
 * valid setup token the user is the platform admin, and every setup token is used up with it.
 */
export async function createUserWithWorkspace(
  db: Db,
  input: NewUser,
  session: { id: string; expiresAt: Date },
): Promise<{ user: UserRow; workspaceId: string; workspaceName: string } | null> {
  return db
    .transaction(async (tx) => {
      const admin =
        input.setupTokenHash !== null &&
        (await tx.delete(setupTokens).where(eq(setupTokens.tokenHash, input.setupTokenHash)).returning()).length > 0;
      const [user] = await tx
        .insert(users)
        .values({ email: input.email, name: input.name, passwordHash: input.passwordHash, isPlatformAdmin: admin })
        .onConflictDoNothing({ target: users.email })
        .returning();
      if (!user) throw new DuplicateEmail(); // rolls the used setup token back
      if (admin) await tx.delete(setupTokens);
      const workspaceName = `${input.name}'s workspace`;
      const [ws] = await tx.insert(workspaces).values({ name: workspaceName }).returning({ id: workspaces.id });
      if (!ws) throw new Error("workspace insert returned nothing");
      await tx.insert(memberships).values({ workspaceId: ws.id, userId: user.id, role: "owner" });
      await tx.insert(sessions).values({ id: session.id, userId: user.id, workspaceId: ws.id, expiresAt: session.expiresAt.toISOString() });
      return { user: { ...user, createdAt: toIso(user.createdAt) }, workspaceId: ws.id, workspaceName };
    })
    .catch((err: unknown) => {
      if (err instanceof DuplicateEmail) return null;
      throw err;
    });
}

class DuplicateEmail extends Error {}

/** A new setup token's hash, stored while the instance has no platform admin; false once it has one. */
export async function addSetupToken(db: Db, tokenHash: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    if (await hasPlatformAdmin(tx)) return false;
    await tx.insert(setupTokens).values({ tokenHash }).onConflictDoNothing();
    return true;
  });
}

export async function hasPlatformAdmin(db: Db): Promise<boolean> {
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.isPlatformAdmin, true)).limit(1);
  return row !== undefined;
}

/** Stores a verification link's token for the user's address (replacing older ones). */
export async function addEmailVerification(db: Db, v: { tokenHash: string; userId: string; email: string; expiresAt: Date }) {
  await db.delete(emailVerifications).where(eq(emailVerifications.userId, v.userId));
  await db.insert(emailVerifications).values({ ...v, expiresAt: v.expiresAt.toISOString() });
}

/** Uses up a verification token: marks the address verified when it is still the user's; returns the user. */
export async function useEmailVerification(db: Db, tokenHash: string): Promise<{ id: string; email: string } | null> {
  const rows = await queryRows<{ id: string; email: string }>(
    db,
    sql`
    with v as (delete from email_verifications where token_hash = ${tokenHash} returning user_id, email, expires_at)
    update users u set email_verified_at = coalesce(u.email_verified_at, now())
    from v where u.id = v.user_id and u.email = v.email and v.expires_at > now()
    returning u.id, u.email`,
  );
  return rows[0] ?? null;
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.email, email)).limit(1);
  return row;
}

export async function promoteToPlatformAdmin(db: Db, userId: string): Promise<void> {
  await db.update(users).set({ isPlatformAdmin: true }).where(eq(users.id, userId));
}

/** The session's workspace if still a member, else the user's oldest membership. */
export async function createSession(db: Db, userId: string, session: { id: string; expiresAt: Date }) {
  const rows = await queryRows<{ workspace_id: string }>(
    db,
    sql`
    insert into sessions (id, user_id, workspace_id, expires_at)
    select ${session.id}, ${userId}, m.workspace_id, ${session.expiresAt.toISOString()}
    from memberships m where m.user_id = ${userId}
    order by m.created_at limit 1
    returning workspace_id`,
  );
  return rows[0]?.workspace_id ?? null;
}

export async function sessionIdsOf(db: Db, userId: string): Promise<string[]> {
  return (await db.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, userId))).map((r) => r.id);
}

export async function deleteSession(db: Db, id: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, id));
}

export async function switchSessionWorkspace(db: Db, sessionId: string, userId: string, workspaceId: string) {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`
    update sessions set workspace_id = ${workspaceId}
    where id = ${sessionId}
      and exists (select 1 from memberships m where m.user_id = ${userId} and m.workspace_id = ${workspaceId})
    returning id`,
  );
  return rows.length > 0;
}

export type AuthRow = {
  user_id: string | null;
  workspace_id: string;
  role: Role;
  is_platform_admin: boolean;
  expires_at: string;
};

/** One statement: a live session with the caller's role in the session's workspace. */
export async function findSessionPrincipal(db: Db, sessionId: string): Promise<AuthRow | undefined> {
  const rows = await queryRows<AuthRow>(
    db,
    sql`
    select s.user_id, s.workspace_id, m.role, u.is_platform_admin, s.expires_at
    from sessions s
    join memberships m on m.workspace_id = s.workspace_id and m.user_id = s.user_id
    join users u on u.id = s.user_id
    where s.id = ${sessionId} and s.expires_at > now()`,
  );
  return rows[0];
}

export async function findApiKeyPrincipal(db: Db, keyHash: string) {
  const [row] = await db
    .select({ id: apiKeys.id, workspaceId: apiKeys.workspaceId })
    .from(apiKeys)
    .where(eq(apiKeys.keyHash, keyHash))
    .limit(1);
  return row;
}

export async function touchApiKey(db: Db, id: string): Promise<void> {
  await db
    .update(apiKeys)
    .set({ lastUsedAt: sql`now()` })
    .where(eq(apiKeys.id, id));
}

/** The user, their workspaces with roles: one statement. */
export async function loadMe(db: Db, userId: string) {
  const rows = await queryRows<{
    id: string;
    email: string;
    name: string;
    is_platform_admin: boolean;
    email_verified: boolean;
    two_factor: boolean;
    created_at: string;
    workspaces: { id: string; name: string; role: Role }[];
  }>(
    db,
    sql`
    select u.id, u.email, u.name, u.is_platform_admin, u.email_verified_at is not null as email_verified,
      u.totp_secret is not null as two_factor, u.created_at,
      coalesce((select json_agg(json_build_object('id', w.id, 'name', w.name, 'role', m.role) order by m.created_at)
                from memberships m join workspaces w on w.id = m.workspace_id
                where m.user_id = u.id), '[]'::json) as workspaces
    from users u where u.id = ${userId}`,
  );
  return rows[0];
}

export async function loadWorkspaceName(db: Db, workspaceId: string): Promise<string | undefined> {
  const [row] = await db.select({ name: workspaces.name }).from(workspaces).where(eq(workspaces.id, workspaceId));
  return row?.name;
}

export async function createWorkspace(db: Db, userId: string, name: string): Promise<string> {
  return db.transaction(async (tx) => {
    const [ws] = await tx.insert(workspaces).values({ name }).returning({ id: workspaces.id });
    if (!ws) throw new Error("workspace insert returned nothing");
    await tx.insert(memberships).values({ workspaceId: ws.id, userId, role: "owner" });
    return ws.id;
  });
}

// ---------------------------------------------------------------- API keys
const apiKeyColumns = {
  id: apiKeys.id,
  name: apiKeys.name,
  prefix: apiKeys.prefix,
  createdAt: apiKeys.createdAt,
  lastUsedAt: apiKeys.lastUsedAt,
};

export async function insertApiKey(
  db: Db,
  input: { workspaceId: string; createdBy: string | null; name: string; prefix: string; keyHash: string },
) {
  const [row] = await db.insert(apiKeys).values(input).returning(apiKeyColumns);
  if (!row) throw new Error("api key insert returned nothing");
  return row;
}

export async function listApiKeys(db: Db, workspaceId: string) {
  return db.select(apiKeyColumns).from(apiKeys).where(eq(apiKeys.workspaceId, workspaceId)).orderBy(desc(apiKeys.createdAt)).limit(500);
}

/** The deleted key's hash (its cache identity), or null when it is not in this workspace. */
export async function deleteApiKey(db: Db, workspaceId: string, id: string): Promise<string | null> {
  const rows = await db
    .delete(apiKeys)
    .where(and(eq(apiKeys.id, id), eq(apiKeys.workspaceId, workspaceId)))
    .returning({ keyHash: apiKeys.keyHash });
  return rows[0]?.keyHash ?? null;
}

export async function apiKeyExists(db: Db, workspaceId: string, id: string): Promise<boolean> {
  const rows = await db
    .select({ id: apiKeys.id })
    .from(apiKeys)
    .where(and(eq(apiKeys.id, id), eq(apiKeys.workspaceId, workspaceId)));
  return rows.length > 0;
}
