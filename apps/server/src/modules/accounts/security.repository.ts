/** Password resets, second factors and single sign-on links of accounts. */
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client.js";
import { queryRows } from "../../platform/db/rows.js";
import { loginChallenges, passwordResets, recoveryCodes, sessions, users } from "../../../db/schema.js";

// ---------------------------------------------------------------- password reset

export async function addPasswordReset(db: Db, r: { tokenHash: string; userId: string; expiresAt: Date }): Promise<void> {
  await db.insert(passwordResets).values({ ...r, expiresAt: r.expiresAt.toISOString() });
}

export type ResetOutcome = { status: "unknown" | "used" | "expired" } | { status: "done"; userId: string; sessionIds: string[] };

/**
 * Uses a reset link, in one transaction: the new password, the link and the account's other links
 * used up, every session of the account ended (their ids returned, for the cache).
 */
export async function usePasswordReset(db: Db, tokenHash: string, passwordHash: string): Promise<ResetOutcome> {
  return db.transaction(async (tx) => {
    const [reset] = await tx.select().from(passwordResets).where(eq(passwordResets.tokenHash, tokenHash)).for("update");
    if (!reset) return { status: "unknown" };
    if (reset.usedAt) return { status: "used" };
    if (Date.parse(reset.expiresAt) <= Date.now()) return { status: "expired" };
    await tx
      .update(passwordResets)
      .set({ usedAt: sql`now()` })
      .where(and(eq(passwordResets.userId, reset.userId), isNull(passwordResets.usedAt)));
    await tx.update(users).set({ passwordHash }).where(eq(users.id, reset.userId));
    const ended = await tx.delete(sessions).where(eq(sessions.userId, reset.userId)).returning({ id: sessions.id });
    return { status: "done", userId: reset.userId, sessionIds: ended.map((s) => s.id) };
  });
}

// ---------------------------------------------------------------- second factor

export async function addLoginChallenge(db: Db, c: { tokenHash: string; userId: string; expiresAt: Date }): Promise<void> {
  await db.insert(loginChallenges).values({ ...c, expiresAt: c.expiresAt.toISOString() });
}

/** Counts an attempt at a live challenge (at most `maxAttempts`); the account's second factor, or null. One statement. */
export async function attemptLoginChallenge(db: Db, tokenHash: string, maxAttempts: number) {
  const [row] = await queryRows<{ user_id: string; email: string; totp_secret: string | null }>(
    db,
    sql`
    with attempt as (
      update login_challenges set attempts = attempts + 1
      where token_hash = ${tokenHash} and expires_at > now() and attempts < ${maxAttempts}
      returning user_id)
    select u.id as user_id, u.email, u.totp_secret from users u join attempt a on a.user_id = u.id`,
  );
  return row?.totp_secret ? { userId: row.user_id, email: row.email, totpSecret: row.totp_secret } : null;
}

export async function deleteLoginChallenge(db: Db, tokenHash: string): Promise<void> {
  await db.delete(loginChallenges).where(eq(loginChallenges.tokenHash, tokenHash));
}

export async function loadTwoFactor(db: Db, userId: string) {
  const [row] = await db
    .select({ email: users.email, passwordHash: users.passwordHash, secret: users.totpSecret, pending: users.totpPendingSecret })
    .from(users)
    .where(eq(users.id, userId));
  return row;
}

export async function setPendingSecret(db: Db, userId: string, secret: string): Promise<void> {
  await db.update(users).set({ totpPendingSecret: secret }).where(eq(users.id, userId));
}

/** Takes a code's time step once: false when this or a later step was already accepted (a replayed code). */
export async function acceptStep(db: Db, userId: string, step: number): Promise<boolean> {
  const rows = await db
    .update(users)
    .set({ totpLastStep: step })
    .where(and(eq(users.id, userId), sql`coalesce(${users.totpLastStep}, -1) < ${step}`))
    .returning({ id: users.id });
  return rows.length > 0;
}

/** The pending secret becomes the account's second factor, with fresh recovery codes (their hashes). */
export async function enableTwoFactor(db: Db, userId: string, step: number, codeHashes: string[]): Promise<boolean> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(users)
      .set({ totpSecret: sql`${users.totpPendingSecret}`, totpPendingSecret: null, totpLastStep: step })
      .where(and(eq(users.id, userId), sql`${users.totpPendingSecret} is not null`))
      .returning({ id: users.id });
    if (rows.length === 0) return false;
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
    await tx.insert(recoveryCodes).values(codeHashes.map((codeHash) => ({ userId, codeHash })));
    return true;
  });
}

export async function disableTwoFactor(db: Db, userId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.update(users).set({ totpSecret: null, totpPendingSecret: null, totpLastStep: null }).where(eq(users.id, userId));
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  });
}

/** Uses a recovery code once; false when it is not one of the account's unused codes. */
export async function useRecoveryCode(db: Db, userId: string, codeHash: string): Promise<boolean> {
  const rows = await db
    .update(recoveryCodes)
    .set({ usedAt: sql`now()` })
    .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, codeHash), isNull(recoveryCodes.usedAt)))
    .returning({ userId: recoveryCodes.userId });
  return rows.length > 0;
}

// ---------------------------------------------------------------- single sign-on

export async function findUserBySubject(db: Db, subject: string) {
  const [row] = await db.select({ id: users.id, totpSecret: users.totpSecret }).from(users).where(eq(users.oidcSubject, subject));
  return row;
}

/** Links an identity to the account with this address (the provider vouched for it): the address counts as verified. */
export async function linkSubject(db: Db, email: string, subject: string) {
  const [row] = await db
    .update(users)
    .set({ oidcSubject: subject, emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, now())` })
    .where(and(eq(users.email, email), isNull(users.oidcSubject)))
    .returning({ id: users.id, totpSecret: users.totpSecret });
  return row;
}
