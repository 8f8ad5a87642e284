import type { ApiKey, AuthResult, CreatedApiKey, LoginBody, Me, SignupBody, TwoFactorChallenge } from "@vta/contracts";
import { LRUCache } from "lru-cache";
import type { Db } from "../../platform/db/client.js";
import { toIso, toIsoOrNull } from "../../platform/db/rows.js";
import { DUMMY_PASSWORD_HASH, hashPassword, randomToken, sha256, verifyPassword } from "../../platform/auth/crypto.js";
import { hasRole, type Principal } from "../../platform/auth/principal.js";
import { conflict, forbidden, HttpError, notFound } from "../../platform/http/errors.js";
import type { Cache } from "../../platform/cache/cache.js";
import type { Mailer } from "../../platform/mail/mailer.js";
import { ns } from "../../platform/cache/namespaces.js";
import * as repo from "./accounts.repository.js";
import * as security from "./security.repository.js";

export interface AccountsDeps {
  db: Db;
  cache: Cache;
  /** Become platform admins once the address is verified. */
  adminEmails: string[];
  sessionTtlHours: number;
  mailer: Mailer;
  /** Where links in mail point. */
  publicUrl: string;
}

/** How long a mailed link to verify an address stays good. */
const VERIFY_TTL_MS = 48 * 3_600_000;
/** How long a password accepted waits for its second factor. */
export const CHALLENGE_TTL_MS = 5 * 60_000;

export const API_KEY_PREFIX = "vta_";

function newSession(ttlHours: number) {
  const token = randomToken();
  return { token, id: sha256(token), expiresAt: new Date(Date.now() + ttlHours * 3_600_000) };
}

/** Principals are cached per credential for a minute; logout, revoke and switch invalidate at once. */
const AUTH_TTL_MS = 60_000;

export function createAccountsService(deps: AccountsDeps) {
  // Methods take the request's `db` (charged to its Server-Timing); bookkeeping uses the base one.
  const { db: baseDb, cache } = deps;
  const lastTouched = new Map<string, number>();
  const isListedAdmin = (email: string) => deps.adminEmails.includes(email);
  let adminExists = false;

  // Hashing a token costs a microsecond; a small memo keeps it off the hot path.
  const hashes = new LRUCache<string, string>({ max: 10_000 });
  const hashOf = (token: string) => {
    let h = hashes.get(token);
    if (h === undefined) hashes.set(token, (h = sha256(token)));
    return h;
  };
  type CachedSession = { principal: Principal; expiresAt: number } | null;
  const live = (cached: CachedSession) => (cached && cached.expiresAt > Date.now() ? cached.principal : null);

  /** What a credential resolves to (null too), cached per credential and parsed once per entry. */
  async function cachedAuth<T>(credential: string, load: () => Promise<T>): Promise<T> {
    const entry = await cache.getOrLoad(ns.auth(credential), "principal", async () => JSON.stringify(await load()), { ttlMs: AUTH_TTL_MS });
    return (entry.parsed ??= JSON.parse(entry.value)) as T;
  }

  /** last_used_at is bookkeeping, not part of the answer: written at most hourly per key, off the request's SQL budget. */
  function touch(keyId: string) {
    const now = Date.now();
    if (now - (lastTouched.get(keyId) ?? 0) < 3_600_000) return;
    lastTouched.set(keyId, now);
    if (lastTouched.size > 10_000) lastTouched.clear();
    void repo.touchApiKey(baseDb, keyId).catch(() => undefined);
  }

  async function me(db: Db, userId: string, workspaceId: string, via: Principal["via"]): Promise<Me> {
    const row = await repo.loadMe(db, userId);
    if (!row) throw notFound("User");
    const workspace = row.workspaces.find((w) => w.id === workspaceId);
    if (!workspace) throw forbidden("You are no longer a member of this workspace");
    return {
      user: {
        id: row.id,
        email: row.email,
        name: row.name,
        isPlatformAdmin: row.is_platform_admin,
        emailVerified: row.email_verified,
        twoFactor: row.two_factor,
        createdAt: toIso(row.created_at),
      },
      workspace,
      workspaces: row.workspaces,
      via,
    };
  }

  /** Signs the person in: a new session in their current (else oldest) workspace. */
  async function startSession(db: Db, userId: string): Promise<AuthResult & { sessionToken: string }> {
    const session = newSession(deps.sessionTtlHours);
    const workspaceId = await repo.createSession(db, userId, session);
    if (!workspaceId) throw forbidden("This account belongs to no workspace");
    const current = await me(db, userId, workspaceId, "session");
    return { user: current.user, workspace: current.workspace, sessionToken: session.token };
  }

  /** The first step of signing in was passed; a code from the authenticator app finishes it. */
  async function challenge(db: Db, userId: string): Promise<TwoFactorChallenge> {
    const token = randomToken();
    await security.addLoginChallenge(db, { tokenHash: sha256(token), userId, expiresAt: new Date(Date.now() + CHALLENGE_TTL_MS) });
    return { twoFactorRequired: true, challenge: token };
  }

  /** Mails a link that proves the address; ADMIN_EMAILS take effect through it. */
  async function sendVerification(db: Db, user: { id: string; email: string; name: string }) {
    const token = randomToken();
    await repo.addEmailVerification(db, {
      tokenHash: sha256(token),
      userId: user.id,
      email: user.email,
      expiresAt: new Date(Date.now() + VERIFY_TTL_MS),
    });
    await deps.mailer.send({
      to: user.email,
      subject: "Confirm your email address for Voice-to-App",
      text: `Hello ${user.name},\n\nOpen this link to confirm that ${user.email} is yours:\n${deps.publicUrl}/verify-email?token=${token}\n\nThe link works for 48 hours. If you did not sign up, ignore this message.`,
    });
  }

  return {
    /**
     * While the instance has no platform admin, a one-time token that makes one (`explicit`: the
     * operator's SETUP_TOKEN; else a random one); null once there is an admin.
     */
    async setupToken(explicit?: string): Promise<string | null> {
      const token = explicit ?? randomToken();
      return (await repo.addSetupToken(baseDb, sha256(token))) ? token : null;
    },

    /** Whether the instance still waits for its first administrator (an admin, once made, stays: remembered). */
    async firstRun(): Promise<boolean> {
      if (adminExists) return false;
      adminExists = await repo.hasPlatformAdmin(baseDb);
      return !adminExists;
    },

    async signup(db: Db, body: SignupBody): Promise<AuthResult & { sessionToken: string }> {
      const session = newSession(deps.sessionTtlHours);
      const passwordHash = await hashPassword(body.password);
      const created = await repo.createUserWithWorkspace(
        db,
        { email: body.email, name: body.name, passwordHash, setupTokenHash: body.setupToken ? sha256(body.setupToken) : null },
        session,
      );
      if (!created) throw conflict("An account with this email already exists; log in instead");
      const { user } = created;
      if (isListedAdmin(user.email) && !user.isPlatformAdmin) await sendVerification(db, user);
      return {
        user: {
          id: user.id,
          email: user.email,
          name: user.name,
          isPlatformAdmin: user.isPlatformAdmin,
          emailVerified: false,
          twoFactor: false,
          createdAt: user.createdAt,
        },
        workspace: { id: created.workspaceId, name: created.workspaceName, role: "owner" },
        sessionToken: session.token,
      };
    },

    /** A session, or (the account has a second factor) a challenge to finish with a code. */
    async login(db: Db, body: LoginBody): Promise<(AuthResult & { sessionToken: string }) | TwoFactorChallenge> {
      const user = await repo.findUserByEmail(db, body.email);
      // Verify against a dummy hash for unknown emails so response time does not reveal accounts.
      const ok = await verifyPassword(body.password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
      if (!user || !ok) throw new HttpError(401, "invalid_credentials", "Email or password is wrong");
      if (!user.isPlatformAdmin && user.emailVerifiedAt && isListedAdmin(user.email)) {
        await repo.promoteToPlatformAdmin(db, user.id);
        user.isPlatformAdmin = true;
      }
      // The password was right; with a second factor the session waits for a code from the app.
      return user.totpSecret ? challenge(db, user.id) : startSession(db, user.id);
    },

    startSession,
    challenge,

    /** Mails the signed-in person a link that proves their address. */
    async requestVerification(db: Db, userId: string): Promise<void> {
      const row = await repo.loadMe(db, userId);
      if (!row) throw notFound("User");
      if (row.email_verified) throw conflict(`${row.email} is verified already`);
      await sendVerification(db, row);
    },

    /** Uses a mailed link: the address is verified, and an address in ADMIN_EMAILS becomes a platform admin. */
    async verifyEmail(db: Db, token: string): Promise<{ email: string; isPlatformAdmin: boolean }> {
      const user = await repo.useEmailVerification(db, sha256(token));
      if (!user) throw new HttpError(400, "invalid_token", "This link is not valid any more; ask for a new one from your account page");
      const admin = isListedAdmin(user.email);
      if (admin) await repo.promoteToPlatformAdmin(db, user.id);
      // Cached principals carry the old admin flag.
      const sessions = await repo.sessionIdsOf(db, user.id);
      await cache.invalidate(...sessions.map((id) => ns.auth(id)));
      return { email: user.email, isPlatformAdmin: admin };
    },

    async logout(db: Db, sessionId: string) {
      await repo.deleteSession(db, sessionId);
      await cache.invalidate(ns.auth(sessionId));
    },

    me,

    async createWorkspace(db: Db, principal: Principal, name: string) {
      if (!principal.userId) throw forbidden("This needs a signed-in user");
      const id = await repo.createWorkspace(db, principal.userId, name);
      await repo.switchSessionWorkspace(db, principal.credentialId, principal.userId, id);
      await cache.invalidate(ns.auth(principal.credentialId));
      return me(db, principal.userId, id, principal.via);
    },

    async switchWorkspace(db: Db, principal: Principal, workspaceId: string) {
      if (!principal.userId) throw forbidden("This needs a signed-in user");
      const ok = await repo.switchSessionWorkspace(db, principal.credentialId, principal.userId, workspaceId);
      if (!ok) throw notFound("Workspace");
      await cache.invalidate(ns.auth(principal.credentialId));
      return me(db, principal.userId, workspaceId, principal.via);
    },

    /** The session's principal from L1 synchronously (null: no such session), or undefined if not cached. */
    peekSession(token: string): Principal | null | undefined {
      const entry = cache.peek(ns.auth(hashOf(token)), "principal");
      return entry && live((entry.parsed ??= JSON.parse(entry.value)) as CachedSession);
    },

    /** Resolves a cookie token to a principal, or null when it is unknown or expired. */
    async principalFromSession(db: Db, token: string): Promise<Principal | null> {
      const id = hashOf(token);
      const cached = await cachedAuth(id, async () => {
        const row = await repo.findSessionPrincipal(db, id);
        if (!row) return null;
        const principal: Principal = {
          via: "session",
          userId: row.user_id,
          workspaceId: row.workspace_id,
          role: row.role,
          isPlatformAdmin: row.is_platform_admin,
          credentialId: id,
        };
        return { principal, expiresAt: Date.parse(toIso(row.expires_at)) };
      });
      return live(cached);
    },

    async principalFromApiKey(db: Db, key: string): Promise<Principal | null> {
      if (!key.startsWith(API_KEY_PREFIX)) return null;
      const hash = sha256(key);
      const principal = await cachedAuth(hash, async (): Promise<Principal | null> => {
        const row = await repo.findApiKeyPrincipal(db, hash);
        return row
          ? { via: "apiKey", userId: null, workspaceId: row.workspaceId, role: "member", isPlatformAdmin: false, credentialId: row.id }
          : null;
      });
      if (principal) touch(principal.credentialId);
      return principal;
    },

    async createApiKey(db: Db, principal: Principal, name: string): Promise<CreatedApiKey> {
      const secret = randomToken(24);
      const prefix = `${API_KEY_PREFIX}${secret.slice(0, 6)}`;
      const key = `${prefix}${secret.slice(6)}`;
      const row = await repo.insertApiKey(db, {
        workspaceId: principal.workspaceId,
        createdBy: principal.userId,
        name,
        prefix,
        keyHash: sha256(key),
      });
      return { ...serializeApiKey(row), key };
    },

    async listApiKeys(db: Db, workspaceId: string): Promise<ApiKey[]> {
      return (await repo.listApiKeys(db, workspaceId)).map(serializeApiKey);
    },

    async deleteApiKey(db: Db, principal: Principal, id: string): Promise<void> {
      if (!hasRole(principal, "admin")) {
        if (!(await repo.apiKeyExists(db, principal.workspaceId, id))) throw notFound("API key");
        throw forbidden("Only workspace owners and admins can revoke API keys");
      }
      const keyHash = await repo.deleteApiKey(db, principal.workspaceId, id);
      if (!keyHash) throw notFound("API key");
      await cache.invalidate(ns.auth(keyHash));
    },
  };
}

function serializeApiKey(row: { id: string; name: string; prefix: string; createdAt: string; lastUsedAt: string | null }): ApiKey {
  return { id: row.id, name: row.name, prefix: row.prefix, createdAt: toIso(row.createdAt), lastUsedAt: toIsoOrNull(row.lastUsedAt) };
}

export type AccountsService = ReturnType<typeof createAccountsService>;
