import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { z } from "zod";
import {
  ApiKey,
  AuthResult,
  CreatedApiKey,
  ErrorBody,
  Invitation,
  InvitationPreview,
  JoinedWorkspace,
  Me,
  Member,
  VerifiedEmail,
} from "@vta/contracts";
import { createApiKeyActor, createWorkspace, request, startTestApp, type Actor, type TestApp, mailedToken } from "../../../test/harness.js";
import { parsed } from "../../../test/parsed.js";
import { queryRows } from "../../platform/db/rows.js";

let app: TestApp;
const adminEmail = `boss-${randomUUID()}@example.test`;

beforeAll(async () => {
  app = await startTestApp({ databaseUrl: inject("databaseUrl"), env: { ADMIN_EMAILS: adminEmail.toUpperCase() } });
});
afterAll(() => app.close());

const Members = z.object({ items: z.array(Member) });
const signup = (payload: Record<string, unknown>) => request(app, null, { method: "POST", url: "/api/v1/auth/signup", payload });

describe("accounts", () => {
  it("signs up with an httpOnly SameSite=Lax session cookie and a workspace owned by the user", async () => {
    const email = `New-${randomUUID()}@Example.test`;
    const res = await signup({ email, password: "hunter2hunter2", name: "Nia" });
    const body = parsed(res, AuthResult, 201);
    expect(body.user.email).toBe(email.toLowerCase());
    expect(body.workspace).toMatchObject({ role: "owner", name: "Nia's workspace" });
    const cookie = res.cookies.find((c) => c.name === "vta_session");
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
    expect(cookie?.secure).toBeFalsy();
    expect(res.body).not.toContain("hunter2");
  });

  it("marks the session cookie Secure behind https", async () => {
    const res = await request(app, null, {
      method: "POST",
      url: "/api/v1/auth/signup",
      headers: { "x-forwarded-proto": "https" },
      payload: { email: `s-${randomUUID()}@example.test`, password: "hunter2hunter2", name: "S" },
    });
    // trustProxy is off by default; the protocol is then the socket's, so secure comes from TRUST_PROXY deployments.
    expect(res.statusCode).toBe(201);
    const proxied = await startTestApp({ databaseUrl: inject("databaseUrl"), env: { TRUST_PROXY: "true" } });
    try {
      const r2 = await request(proxied, null, {
        method: "POST",
        url: "/api/v1/auth/signup",
        headers: { "x-forwarded-proto": "https" },
        payload: { email: `s-${randomUUID()}@example.test`, password: "hunter2hunter2", name: "S" },
      });
      expect(r2.cookies.find((c) => c.name === "vta_session")?.secure).toBe(true);
    } finally {
      await proxied.close();
    }
  });

  it("stores the password as a scrypt hash, never in clear", async () => {
    const email = `h-${randomUUID()}@example.test`;
    await signup({ email, password: "plain-text-secret", name: "H" });
    const [row] = await queryRows<{ password_hash: string }>(app.database.db, sql`select password_hash from users where email = ${email}`);
    expect(row?.password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(row?.password_hash).not.toContain("plain-text-secret");
  });

  it("refuses a second account with the same email (409) and bad signups (400 with field paths)", async () => {
    const email = `dup-${randomUUID()}@example.test`;
    expect((await signup({ email, password: "password123", name: "A" })).statusCode).toBe(201);
    const dup = await signup({ email: email.toUpperCase(), password: "password123", name: "B" });
    expect(parsed(dup, ErrorBody, 409).error.code).toBe("conflict");
    const bad = await signup({ email: "not-an-email", password: "short", name: "" });
    const paths = z
      .array(z.object({ path: z.string() }))
      .parse(parsed(bad, ErrorBody, 400).error.details)
      .map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(["body.email", "body.password", "body.name"]));
  });

  it("logs in, answers /me, and logs out", async () => {
    const email = `l-${randomUUID()}@example.test`;
    await signup({ email, password: "password123", name: "Lee" });
    const wrong = await request(app, null, { method: "POST", url: "/api/v1/auth/login", payload: { email, password: "nope-nope" } });
    const unknown = await request(app, null, {
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { email: `x${email}`, password: "password123" },
    });
    expect(parsed(unknown, ErrorBody, 401).error.message).toBe(parsed(wrong, ErrorBody, 401).error.message);

    const login = await request(app, null, { method: "POST", url: "/api/v1/auth/login", payload: { email, password: "password123" } });
    expect(login.statusCode).toBe(200);
    const token = login.cookies.find((c) => c.name === "vta_session")?.value;
    const headers = { cookie: `vta_session=${token}` };
    const me = await request(app, null, { method: "GET", url: "/api/v1/me", headers });
    expect(parsed(me, Me)).toMatchObject({ user: { name: "Lee" }, via: "session" });

    expect((await request(app, null, { method: "POST", url: "/api/v1/auth/logout", headers })).statusCode).toBe(204);
    expect((await request(app, null, { method: "GET", url: "/api/v1/me", headers })).statusCode).toBe(401);
  });

  it("makes an ADMIN_EMAILS address a platform admin only once its owner follows the mailed link", async () => {
    // Signing up first with the listed address (any case) gets nothing: no race for admin.
    const admin = await signup({ email: adminEmail.toUpperCase(), password: "password123", name: "Boss" });
    expect(parsed(admin, AuthResult, 201).user.isPlatformAdmin).toBe(false);
    const cookie = `vta_session=${admin.cookies.find((c) => c.name === "vta_session")!.value}`;
    const me = () => app.fastify.inject({ method: "GET", url: "/api/v1/me", headers: { cookie } }).then((r) => parsed(r, Me).user);
    expect(await me()).toMatchObject({ isPlatformAdmin: false, emailVerified: false });
    expect(app.mailer.sent.at(-1)).toMatchObject({ to: adminEmail, subject: expect.stringMatching(/Confirm your email/) as unknown });
    const forged = await app.fastify.inject({ method: "POST", url: "/api/v1/auth/verify-email", payload: { token: "x".repeat(43) } });
    expect(forged.statusCode).toBe(400);
    const verified = await app.fastify.inject({
      method: "POST",
      url: "/api/v1/auth/verify-email",
      payload: { token: mailedToken(app, adminEmail, "verify-email?token=") },
    });
    expect(parsed(verified, VerifiedEmail)).toEqual({ email: adminEmail, isPlatformAdmin: true });
    expect(await me()).toMatchObject({ isPlatformAdmin: true, emailVerified: true });
    // A used link does not work twice.
    expect(
      (
        await app.fastify.inject({
          method: "POST",
          url: "/api/v1/auth/verify-email",
          payload: { token: mailedToken(app, adminEmail, "verify-email?token=") },
        })
      ).statusCode,
    ).toBe(400);
    const other = await signup({ email: `o-${randomUUID()}@example.test`, password: "password123", name: "O" });
    expect(parsed(other, AuthResult, 201).user.isPlatformAdmin).toBe(false);
  });

  it("switches between workspaces the user belongs to, and only those", async () => {
    const a = await createWorkspace(app);
    const b = await createWorkspace(app);
    const created = await request(app, a, { method: "POST", url: "/api/v1/workspaces", payload: { name: "Second" } });
    const me = parsed(created, Me, 201);
    expect(me.workspace.name).toBe("Second");
    expect(me.workspaces).toHaveLength(2);
    const back = await request(app, a, { method: "POST", url: "/api/v1/me/workspace", payload: { workspaceId: a.workspaceId } });
    expect(parsed(back, Me).workspace.id).toBe(a.workspaceId);
    const foreign = await request(app, a, { method: "POST", url: "/api/v1/me/workspace", payload: { workspaceId: b.workspaceId } });
    expect(foreign.statusCode).toBe(404);
  });
});

describe("API keys", () => {
  it("shows the key once, stores it hashed, lists without secrets, authenticates, and stops after revoke", async () => {
    const owner = await createWorkspace(app);
    const created = await request(app, owner, { method: "POST", url: "/api/v1/api-keys", payload: { name: "CI" } });
    const { id, key, prefix } = parsed(created, CreatedApiKey, 201);
    expect(key.startsWith(prefix)).toBe(true);

    const [stored] = await queryRows<{ key_hash: string }>(app.database.db, sql`select key_hash from api_keys where id = ${id}`);
    expect(stored?.key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored?.key_hash).not.toContain(key);

    const list = await request(app, owner, { method: "GET", url: "/api/v1/api-keys" });
    expect(list.body).not.toContain(key);
    expect(parsed(list, z.object({ items: z.array(ApiKey) })).items).toEqual([expect.objectContaining({ id, name: "CI" })]);

    const bearer = { authorization: `Bearer ${key}` };
    const agents = await request(app, null, { method: "GET", url: "/api/v1/agents", headers: bearer });
    expect(agents.statusCode).toBe(200);

    expect((await request(app, owner, { method: "DELETE", url: `/api/v1/api-keys/${id}` })).statusCode).toBe(204);
    const after = await request(app, null, { method: "GET", url: "/api/v1/agents", headers: bearer });
    expect(parsed(after, ErrorBody, 401).error.code).toBe("invalid_api_key");
  });

  it("lets an API key act on its workspace but not manage keys", async () => {
    const owner = await createWorkspace(app);
    const key = await createApiKeyActor(app, owner);
    const create = await request(app, key, { method: "POST", url: "/api/v1/agents", payload: { name: "From CI" } });
    expect(create.statusCode).toBe(201);
    expect((await request(app, key, { method: "POST", url: "/api/v1/api-keys", payload: { name: "x" } })).statusCode).toBe(403);
    expect((await request(app, key, { method: "DELETE", url: `/api/v1/api-keys/${key.keyId}` })).statusCode).toBe(403);
  });
});

describe("roles and request forgery", () => {
  it("gives viewers read-only access", async () => {
    const owner = await createWorkspace(app);
    const viewer = await createWorkspace(app);
    await app.database.db.execute(
      sql`insert into memberships (workspace_id, user_id, role) values (${owner.workspaceId}, ${viewer.userId}, 'viewer')`,
    );
    const sw = await request(app, viewer, { method: "POST", url: "/api/v1/me/workspace", payload: { workspaceId: owner.workspaceId } });
    expect(sw.statusCode).toBe(200);
    expect((await request(app, viewer, { method: "GET", url: "/api/v1/agents" })).statusCode).toBe(200);
    const write = await request(app, viewer, { method: "POST", url: "/api/v1/agents", payload: { name: "nope" } });
    expect(parsed(write, ErrorBody, 403).error.message).toMatch(/read-only/);
    expect((await request(app, viewer, { method: "GET", url: "/api/v1/api-keys" })).statusCode).toBe(403);
  });

  it("lets admins manage members; a member cannot manage API keys, members or run maintenance; the owner stays", async () => {
    const owner = await createWorkspace(app, "Owner");
    const [alice, bob, carol] = [
      await createWorkspace(app, "Alice"),
      await createWorkspace(app, "Bob"),
      await createWorkspace(app, "Carol"),
    ];
    const invite = (who: Actor, email: string, role?: string) =>
      request(app, who, { method: "POST", url: "/api/v1/members", payload: { email, ...(role ? { role } : {}) } });
    const accept = (who: Actor) =>
      request(app, who, { method: "POST", url: "/api/v1/invitations/accept", payload: { token: mailedToken(app, who.email, "invite/") } });
    expect((await invite(owner, alice.email, "admin")).statusCode).toBe(201);
    const invited = await invite(owner, bob.email);
    expect(parsed(invited, Invitation, 201)).toMatchObject({ role: "member", email: bob.email });
    // Nobody is a member before accepting; an address without an account gets the same answer (no probing).
    expect(parsed(await request(app, owner, { method: "GET", url: "/api/v1/members" }), Members).items).toHaveLength(1);
    const nobody = await invite(owner, `nobody-${randomUUID()}@example.test`);
    expect(nobody.statusCode).toBe(201);
    expect((await invite(owner, "not-an-email")).statusCode).toBe(400);
    expect((await invite(owner, carol.email, "owner")).statusCode).toBe(400);
    // The link works only for the invited address, once.
    const stolen = await request(app, carol, {
      method: "POST",
      url: "/api/v1/invitations/accept",
      payload: { token: mailedToken(app, bob.email, "invite/") },
    });
    expect(stolen.statusCode).toBe(403);
    const preview = await app.fastify.inject({
      method: "POST",
      url: "/api/v1/invitations/preview",
      payload: { token: mailedToken(app, bob.email, "invite/") },
    });
    expect(parsed(preview, InvitationPreview)).toMatchObject({
      workspaceName: "Owner's workspace",
      role: "member",
      email: bob.email,
      invitedBy: "Owner",
    });
    expect(parsed(await accept(alice), JoinedWorkspace)).toEqual({ workspaceId: owner.workspaceId });
    expect(parsed(await accept(bob), JoinedWorkspace)).toEqual({ workspaceId: owner.workspaceId });
    expect((await accept(bob)).statusCode).toBe(404);
    expect((await invite(owner, bob.email)).statusCode).toBe(409);
    expect(
      parsed(await request(app, owner, { method: "GET", url: "/api/v1/invitations" }), z.object({ items: z.array(Invitation) })).items,
    ).toHaveLength(1);

    // Bob, a member, is in the owner's workspace now (accepting moved his session there).
    expect(parsed(await request(app, bob, { method: "GET", url: "/api/v1/me" }), Me).workspace.id).toBe(owner.workspaceId);
    expect((await request(app, bob, { method: "POST", url: "/api/v1/agents", payload: { name: "by a member" } })).statusCode).toBe(201);
    for (const [method, url, payload] of [
      ["POST", "/api/v1/api-keys", { name: "x" }],
      ["GET", "/api/v1/api-keys", undefined],
      ["POST", "/api/v1/members", { email: carol.email }],
      ["GET", "/api/v1/invitations", undefined],
      ["PATCH", `/api/v1/members/${owner.userId}`, { role: "viewer" }],
      ["DELETE", `/api/v1/members/${owner.userId}`, undefined],
      ["POST", "/api/v1/optimize", undefined],
    ] as const) {
      expect((await request(app, bob, { method, url, payload })).statusCode, `${method} ${url}`).toBe(403);
    }

    // Alice, an admin, demotes Bob to viewer: his very next write is refused (his cached session is dropped).
    const demoted = await request(app, alice, { method: "PATCH", url: `/api/v1/members/${bob.userId}`, payload: { role: "viewer" } });
    expect(parsed(demoted, Member)).toMatchObject({ userId: bob.userId, role: "viewer" });
    expect((await request(app, bob, { method: "POST", url: "/api/v1/agents", payload: { name: "now refused" } })).statusCode).toBe(403);
    expect(
      (await request(app, alice, { method: "PATCH", url: `/api/v1/members/${owner.userId}`, payload: { role: "member" } })).statusCode,
    ).toBe(409);
    expect((await request(app, alice, { method: "DELETE", url: `/api/v1/members/${owner.userId}` })).statusCode).toBe(409);
    expect(
      (await request(app, alice, { method: "PATCH", url: `/api/v1/members/${carol.userId}`, payload: { role: "member" } })).statusCode,
    ).toBe(404);

    // Removed, Bob's session is back in his own workspace.
    expect((await request(app, alice, { method: "DELETE", url: `/api/v1/members/${bob.userId}` })).statusCode).toBe(204);
    expect(parsed(await request(app, bob, { method: "GET", url: "/api/v1/me" }), Me).workspace.id).toBe(bob.workspaceId);
    const list = parsed(await request(app, owner, { method: "GET", url: "/api/v1/members" }), Members);
    expect(list.items.map((m) => [m.email, m.role])).toEqual([
      [owner.email, "owner"],
      [alice.email, "admin"],
    ]);
    // Another workspace's owner cannot see or touch these members.
    expect(
      (await request(app, carol, { method: "PATCH", url: `/api/v1/members/${alice.userId}`, payload: { role: "viewer" } })).statusCode,
    ).toBe(404);

    // Alice makes a key, then leaves: the key she made stops working; the owner cannot leave.
    const key = await createApiKeyActor(app, alice);
    expect((await request(app, key, { method: "GET", url: "/api/v1/agents" })).statusCode).toBe(200);
    expect((await request(app, alice, { method: "POST", url: "/api/v1/workspace/leave" })).statusCode).toBe(204);
    expect((await request(app, key, { method: "GET", url: "/api/v1/agents" })).statusCode).toBe(401);
    expect(parsed(await request(app, alice, { method: "GET", url: "/api/v1/me" }), Me).workspace.id).toBe(alice.workspaceId);
    expect((await request(app, owner, { method: "POST", url: "/api/v1/workspace/leave" })).statusCode).toBe(409);
  });

  it("refuses cookie-authenticated writes from another site, allows same-origin ones", async () => {
    const owner = await createWorkspace(app);
    const payload = { name: "csrf" };
    const evil = await request(app, owner, {
      method: "POST",
      url: "/api/v1/agents",
      payload,
      headers: { origin: "https://evil.example", host: "localhost:3000" },
    });
    expect(evil.statusCode).toBe(403);
    const evilRef = await request(app, owner, {
      method: "POST",
      url: "/api/v1/agents",
      payload,
      headers: { referer: "https://evil.example/x", host: "localhost:3000" },
    });
    expect(evilRef.statusCode).toBe(403);
    const same = await request(app, owner, {
      method: "POST",
      url: "/api/v1/agents",
      payload,
      headers: { origin: "http://localhost:3000", host: "localhost:3000" },
    });
    expect(same.statusCode).toBe(201);
    const [count] = await queryRows<{ n: number }>(
      app.database.db,
      sql`select count(*)::int as n from agents where workspace_id = ${owner.workspaceId}`,
    );
    expect(count?.n).toBe(1);
  });
});
