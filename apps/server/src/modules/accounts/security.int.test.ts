import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  AuthProviders,
  AuthResult,
  ErrorBody,
  JoinedWorkspace,
  MailSent,
  Me,
  RecoveryCodes,
  TotpSetup,
  TwoFactorChallenge,
} from "@vta/contracts";
import { createWorkspace, mailedToken, request, startTestApp, type Actor, type TestApp } from "../../../test/harness.js";
import { parsed } from "../../../test/parsed.js";
import { signInAtProvider, startProvider, type TestProvider } from "../../../test/oidc.js";
import { queryRows } from "../../platform/db/rows.js";
import { totpCode } from "./two-factor.js";

const PUBLIC_URL = "http://localhost:3999";
let app: TestApp;
let provider: TestProvider;

beforeAll(async () => {
  provider = await startProvider(`${PUBLIC_URL}/api/v1/auth/sso/callback`);
  app = await startTestApp({
    databaseUrl: inject("databaseUrl"),
    env: {
      PUBLIC_URL,
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: provider.clientId,
      OIDC_CLIENT_SECRET: provider.clientSecret,
      OIDC_NAME: "Acme SSO",
    },
  });
});
afterAll(async () => {
  await app.close();
  await provider.close();
});

const post = (actor: Actor | null, url: string, payload?: Record<string, unknown>) =>
  request(app, actor, { method: "POST", url: `/api/v1${url}`, payload });
const login = (email: string, password: string) => post(null, "/auth/login", { email, password });
const sessionOf = (res: Awaited<ReturnType<typeof login>>): Actor => {
  const cookie = res.cookies.find((c) => c.name === "vta_session");
  if (!cookie) throw new Error(`no session: ${res.statusCode} ${res.body}`);
  return { headers: { cookie: `vta_session=${cookie.value}` }, userId: null, workspaceId: "", email: "" };
};
const messageOf = (res: Awaited<ReturnType<typeof login>>) => ErrorBody.parse(res.json()).error.message;
const status = async (actor: Actor) => (await request(app, actor, { method: "GET", url: "/api/v1/me" })).statusCode;

/**
 * The limits count per fixed minute: a run of requests that straddles a minute's end starts
 * counting again, so the run is tried once more (two ends cannot fall within one short run).
 */
async function limitedWithin(tries: number, send: () => Promise<{ statusCode: number }>): Promise<number[]> {
  let codes: number[] = [];
  for (let run = 0; run < 2; run++) {
    codes = [];
    for (let i = 0; i < tries; i++) codes.push((await send()).statusCode);
    if (codes.includes(429)) break;
  }
  return codes;
}

describe("password reset by mail", () => {
  it("mails a link only to accounts, sets the new password once, ends every session, and says why a link is refused", async () => {
    const owner = await createWorkspace(app);
    const other = sessionOf(await login(owner.email, "correct horse battery"));
    const sentBefore = app.mailer.sent.length;
    expect(parsed(await post(null, "/auth/password-reset", { email: `nobody-${randomUUID()}@example.test` }), MailSent, 202)).toEqual({
      sent: true,
    });
    expect(app.mailer.sent.length).toBe(sentBefore);
    expect(parsed(await post(null, "/auth/password-reset", { email: owner.email.toUpperCase() }), MailSent, 202)).toEqual({ sent: true });
    const token = mailedToken(app, owner.email, "reset-password?token=");

    const short = await post(null, "/auth/password-reset/confirm", { token, password: "short" });
    expect(short.statusCode).toBe(400);
    expect(messageOf(short)).toContain("at least 8 characters");
    const reset = await post(null, "/auth/password-reset/confirm", { token, password: "a brand new secret" });
    expect(reset.statusCode).toBe(204);
    expect(reset.body).toBe("");
    expect(await status(owner)).toBe(401);
    expect(await status(other)).toBe(401);
    expect((await login(owner.email, "correct horse battery")).statusCode).toBe(401);
    expect((await login(owner.email, "a brand new secret")).statusCode).toBe(200);

    const reused = await post(null, "/auth/password-reset/confirm", { token, password: "another secret" });
    expect(reused.statusCode).toBe(400);
    expect(messageOf(reused)).toMatch(/used already/);

    await post(null, "/auth/password-reset", { email: owner.email });
    const late = mailedToken(app, owner.email, "reset-password?token=");
    await app.database.db.execute(
      sql`update password_resets set expires_at = now() - interval '1 minute' where user_id = (select id from users where email = ${owner.email}) and used_at is null`,
    );
    const expired = await post(null, "/auth/password-reset/confirm", { token: late, password: "another secret" });
    expect(expired.statusCode).toBe(400);
    expect(messageOf(expired)).toMatch(/expired/);
    const unknown = await post(null, "/auth/password-reset/confirm", { token: "x".repeat(43), password: "another secret" });
    expect(unknown.statusCode).toBe(400);
  });

  it("limits reset mail per address and invitation mail per address, with a wait in the answer", async () => {
    const owner = await createWorkspace(app);
    const resets = await limitedWithin(4, () => post(null, "/auth/password-reset", { email: owner.email }));
    expect(resets).toContain(429);
    const invitee = `guest-${randomUUID()}@example.test`;
    const invites = await limitedWithin(4, () => post(owner, "/members", { email: invitee, role: "viewer" }));
    expect(invites).toContain(429);
    const refused = await post(owner, "/members", { email: invitee, role: "viewer" });
    if (refused.statusCode === 429) expect(messageOf(refused)).toMatch(/try again in \d+ s/);
  });
});

describe("invitation links", () => {
  it("refuses an expired or a used link with a message that says what to do", async () => {
    const owner = await createWorkspace(app);
    const guest = await createWorkspace(app);
    const accept = () => post(guest, "/invitations/accept", { token: mailedToken(app, guest.email, "invite/") });
    expect((await post(owner, "/members", { email: guest.email, role: "viewer" })).statusCode).toBe(201);
    await app.database.db.execute(sql`update invitations set expires_at = now() - interval '1 minute' where email = ${guest.email}`);
    const expired = await accept();
    expect(expired.statusCode).toBe(404);
    expect(messageOf(expired)).toMatch(/expired; ask for a new one/);
    await app.database.db.execute(sql`delete from invitations where email = ${guest.email}`);
    expect((await post(owner, "/members", { email: guest.email, role: "viewer" })).statusCode).toBe(201);
    expect(parsed(await accept(), JoinedWorkspace)).toEqual({ workspaceId: owner.workspaceId });
    const reused = await accept();
    expect(reused.statusCode).toBe(404);
    expect(messageOf(reused)).toMatch(/was used/);
  });
});

describe("two-factor sign-in", () => {
  it("enrols an app, then asks for its code at sign-in; a code works once, a recovery code once; the password turns it off", async () => {
    const owner = await createWorkspace(app);
    const setup = parsed(await post(owner, "/me/two-factor/setup"), TotpSetup);
    expect(setup.uri).toMatch(/^otpauth:\/\/totp\/Voice-to-App:.+secret=/);
    expect((await post(owner, "/me/two-factor/enable", { code: "12345" })).statusCode).toBe(400);
    const wrong = await post(owner, "/me/two-factor/enable", { code: totpCode(setup.secret, Date.now() - 10 * 60_000) });
    expect(wrong.statusCode).toBe(400);
    const enabled = parsed(await post(owner, "/me/two-factor/enable", { code: totpCode(setup.secret) }), RecoveryCodes);
    expect(enabled.recoveryCodes).toHaveLength(10);
    expect(parsed(await request(app, owner, { method: "GET", url: "/api/v1/me" }), Me).user.twoFactor).toBe(true);
    expect((await post(owner, "/me/two-factor/setup")).statusCode).toBe(409);

    const first = await login(owner.email, "correct horse battery");
    expect(first.cookies.find((c) => c.name === "vta_session")).toBeUndefined();
    const { challenge } = parsed(first, TwoFactorChallenge);
    expect((await post(null, "/auth/login/two-factor", { challenge, code: "000000" })).statusCode).toBe(401);
    // The next time step's code (a phone's clock a little ahead) is accepted, once.
    const code = totpCode(setup.secret, Date.now() + 30_000);
    const done = await post(null, "/auth/login/two-factor", { challenge, code });
    expect(parsed(done, AuthResult).user.email).toBe(owner.email);
    expect(await status(sessionOf(done))).toBe(200);
    expect((await post(null, "/auth/login/two-factor", { challenge, code })).statusCode).toBe(401);
    const again = parsed(await login(owner.email, "correct horse battery"), TwoFactorChallenge).challenge;
    const replay = await post(null, "/auth/login/two-factor", { challenge: again, code });
    expect(replay.statusCode).toBe(401);
    expect(messageOf(replay)).toMatch(/used already/);

    const recovery = enabled.recoveryCodes[0]!.toUpperCase().replace("-", "");
    expect((await post(null, "/auth/login/two-factor", { challenge: again, recoveryCode: recovery })).statusCode).toBe(200);
    const third = parsed(await login(owner.email, "correct horse battery"), TwoFactorChallenge).challenge;
    expect((await post(null, "/auth/login/two-factor", { challenge: third, recoveryCode: recovery })).statusCode).toBe(401);
    expect((await post(null, "/auth/login/two-factor", { challenge: third })).statusCode).toBe(400);
    // Five wrong codes use the challenge up.
    for (let i = 0; i < 4; i++) await post(null, "/auth/login/two-factor", { challenge: third, code: "000000" });
    const gone = await post(null, "/auth/login/two-factor", { challenge: third, recoveryCode: enabled.recoveryCodes[1]! });
    expect(gone.statusCode).toBe(401);
    expect(messageOf(gone)).toMatch(/sign in with your password again/);

    expect((await post(owner, "/me/two-factor/disable", { password: "wrong password" })).statusCode).toBe(403);
    expect((await post(owner, "/me/two-factor/disable", { password: "correct horse battery" })).statusCode).toBe(204);
    expect((await login(owner.email, "correct horse battery")).cookies.some((c) => c.name === "vta_session")).toBe(true);
  });
});

describe("single sign-on through OpenID Connect", () => {
  async function ssoSignIn(login: string) {
    const start = await request(app, null, { method: "GET", url: "/api/v1/auth/sso/start" });
    expect(start.statusCode).toBe(302);
    expect(start.body).toBe("");
    const pending = start.cookies.find((c) => c.name === "vta_sso")!;
    expect(pending).toMatchObject({ httpOnly: true, sameSite: "Lax" });
    const back = new URL(await signInAtProvider(String(start.headers.location), login, PUBLIC_URL));
    return request(app, null, { method: "GET", url: `${back.pathname}${back.search}`, headers: { cookie: `vta_sso=${pending.value}` } });
  }

  it("names the provider, signs a new person up with their verified address, and links an existing account by address", async () => {
    const providers = parsed(await request(app, null, { method: "GET", url: "/api/v1/auth/providers" }), AuthProviders);
    expect(providers.sso).toEqual({ name: "Acme SSO", startUrl: "/api/v1/auth/sso/start" });

    const newcomer = `sso-${randomUUID()}@example.test`;
    const first = await ssoSignIn(newcomer);
    expect(first.statusCode).toBe(302);
    expect(first.headers.location).toBe("/studio");
    const me = parsed(await request(app, sessionOf(first), { method: "GET", url: "/api/v1/me" }), Me);
    expect(me.user).toMatchObject({ email: newcomer, emailVerified: true });
    expect(me.workspace.role).toBe("owner");
    // The second time, the same account (by subject), not a new one.
    const second = await ssoSignIn(newcomer);
    const again = parsed(await request(app, sessionOf(second), { method: "GET", url: "/api/v1/me" }), Me);
    expect(again.user.email).toBe(newcomer);
    const accounts = await queryRows<{ id: string }>(app.database.db, sql`select id from users where email = ${newcomer}`);
    expect(accounts).toHaveLength(1);

    const existing = await createWorkspace(app);
    const linked = await ssoSignIn(existing.email);
    const linkedMe = parsed(await request(app, sessionOf(linked), { method: "GET", url: "/api/v1/me" }), Me);
    expect(linkedMe.workspace.id).toBe(existing.workspaceId);
  });

  it("refuses an address the provider does not vouch for, and a callback without its start, in words on the sign-in page", async () => {
    const refused = await ssoSignIn(`unverified-${randomUUID()}@example.test`);
    expect(refused.statusCode).toBe(302);
    expect(decodeURIComponent(String(refused.headers.location))).toMatch(/^\/login\?error=Acme SSO did not confirm an email address/);
    const stray = await request(app, null, { method: "GET", url: "/api/v1/auth/sso/callback?code=abc&state=def" });
    expect(decodeURIComponent(String(stray.headers.location))).toMatch(/start it again/);
  });

  it("asks an account with a second factor for its code after the provider", async () => {
    const owner = await createWorkspace(app);
    const { secret } = parsed(await post(owner, "/me/two-factor/setup"), TotpSetup);
    await post(owner, "/me/two-factor/enable", { code: totpCode(secret) });
    const res = await ssoSignIn(owner.email);
    expect(res.cookies.find((c) => c.name === "vta_session")).toBeUndefined();
    const challenge = new URL(String(res.headers.location), PUBLIC_URL).searchParams.get("challenge")!;
    const done = await post(null, "/auth/login/two-factor", { challenge, code: totpCode(secret, Date.now() + 30_000) });
    expect(done.statusCode).toBe(200);
  });
});
