import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  ApiKey,
  AuthResult,
  CreateApiKeyBody,
  CreatedApiKey,
  CreateWorkspaceBody,
  IdParams,
  LoginBody,
  LoginResult,
  MailSent,
  Me,
  NoContent,
  SignupBody,
  SwitchWorkspaceBody,
  VerifiedEmail,
  VerifyEmailBody,
} from "@vta/contracts";
import { auth, isCrossSite, callerWorkspace, requirePrincipal, type Principal } from "../../platform/auth/principal.js";
import { clearCookie, readCookie, setCookie } from "../../platform/http/cookies.js";
import { forbidden, HttpError } from "../../platform/http/errors.js";
import type { AccountsService } from "./accounts.service.js";

export const SESSION_COOKIE = "vta_session";

/**
 * Teaches requests to resolve their caller (`request.resolvePrincipal()`), used by the route
 * guards: Bearer API key first, then the session cookie. Synchronous when the credential is cached.
 */
export function registerAuthentication(app: FastifyInstance, accounts: AccountsService): void {
  const invalidKey = () => new HttpError(401, "invalid_api_key", "The API key is invalid or was revoked");
  app.decorateRequest("principal", null);
  app.decorateRequest("resolvePrincipal", function (this: FastifyRequest): Principal | null | Promise<Principal | null> {
    if (this.principal) return this.principal;
    const header = this.headers.authorization;
    if (header) {
      const key = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
      if (!key) throw invalidKey();
      return accounts.principalFromApiKey(this.db, key).then((principal) => {
        if (!principal) throw invalidKey();
        return principal;
      });
    }
    const token = readCookie(this, SESSION_COOKIE);
    if (!token) return null;
    if (isCrossSite(this)) throw forbidden("Cross-site requests with a session cookie are refused; call from the app's own origin");
    const cached = accounts.peekSession(token);
    return cached !== undefined ? cached : accounts.principalFromSession(this.db, token);
  });
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string, ttlHours: number) {
  setCookie(reply, SESSION_COOKIE, token, { maxAgeSeconds: ttlHours * 3600, secure: request.protocol === "https" });
}

/** Brute-force brake on logins: attempts counted per account and per IP; only failures keep their count. */
export interface LoginThrottle {
  /** Takes an attempt's slot; the seconds to wait when this account or IP failed too often, else null. */
  reserve(email: string, ip: string): number | null;
  /** Gives the slot back: the attempt succeeded, or never got to check the password. */
  release(email: string, ip: string): void;
}

export function accountsRoutes(accounts: AccountsService, sessionTtlHours: number, throttle: LoginThrottle) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const tags = ["accounts"];

    app.post(
      "/auth/signup",
      { schema: { tags, body: SignupBody, response: { 201: AuthResult } }, preValidation: [auth.sameOrigin] },
      async (request, reply) => {
        const { sessionToken, ...result } = await accounts.signup(request.db, request.body);
        setSessionCookie(request, reply, sessionToken, sessionTtlHours);
        return reply.status(201).send(result);
      },
    );

    app.post(
      "/auth/login",
      {
        schema: {
          tags,
          description: "Signs in; an account with a second factor answers twoFactorRequired and a challenge for /auth/login/two-factor",
          body: LoginBody,
          response: { 200: LoginResult },
        },
        preValidation: [auth.sameOrigin],
      },
      async (request, reply) => {
        const email = request.body.email.toLowerCase();
        const wait = throttle.reserve(email, request.ip);
        if (wait) throw new HttpError(429, "rate_limited", `Too many failed logins; try again in ${wait} s`, { retryAfterSeconds: wait });
        const result = await accounts.login(request.db, request.body).catch((err: unknown) => {
          // A wrong password keeps its count; anything else (busy, database down) did not test one.
          if (!(err instanceof HttpError && err.statusCode === 401)) throttle.release(email, request.ip);
          throw err;
        });
        throttle.release(email, request.ip);
        if (!("sessionToken" in result)) return result;
        const { sessionToken, ...signedIn } = result;
        setSessionCookie(request, reply, sessionToken, sessionTtlHours);
        return signedIn;
      },
    );

    app.post(
      "/auth/verify-email",
      {
        schema: {
          tags,
          description: "Uses a mailed link: the address is verified (and, in ADMIN_EMAILS, made a platform admin)",
          body: VerifyEmailBody,
          response: { 200: VerifiedEmail },
        },
        preValidation: [auth.sameOrigin],
      },
      async (request) => accounts.verifyEmail(request.db, request.body.token),
    );

    app.post(
      "/me/verify-email",
      { schema: { tags, description: "Mails a link that proves your address", response: { 202: MailSent } }, preValidation: [auth.user] },
      async (request, reply) => {
        await accounts.requestVerification(request.db, requirePrincipal(request).userId!);
        return reply.status(202).send({ sent: true as const });
      },
    );

    app.post(
      "/auth/logout",
      { schema: { tags, response: { 204: NoContent } }, preValidation: [auth.sameOrigin] },
      async (request, reply) => {
        const p = await request.resolvePrincipal();
        if (p?.via === "session") await accounts.logout(request.db, p.credentialId);
        clearCookie(reply, SESSION_COOKIE);
        return reply.status(204).send();
      },
    );

    app.get("/me", { schema: { tags, response: { 200: Me } }, preValidation: [auth.required] }, async (request) => {
      const p = requirePrincipal(request);
      if (!p.userId) throw new HttpError(400, "not_a_user", "This API key belongs to a workspace, not a user");
      return accounts.me(request.db, p.userId, p.workspaceId, p.via);
    });

    app.post(
      "/workspaces",
      { schema: { tags, body: CreateWorkspaceBody, response: { 201: Me } }, preValidation: [auth.user] },
      async (request, reply) =>
        reply.status(201).send(await accounts.createWorkspace(request.db, requirePrincipal(request), request.body.name)),
    );

    app.post(
      "/me/workspace",
      { schema: { tags, body: SwitchWorkspaceBody, response: { 200: Me } }, preValidation: [auth.user] },
      async (request) => accounts.switchWorkspace(request.db, requirePrincipal(request), request.body.workspaceId),
    );

    app.post(
      "/api-keys",
      { schema: { tags, body: CreateApiKeyBody, response: { 201: CreatedApiKey } }, preValidation: [auth.admin] },
      async (request, reply) =>
        reply.status(201).send(await accounts.createApiKey(request.db, requirePrincipal(request), request.body.name)),
    );

    app.get(
      "/api-keys",
      { schema: { tags, response: { 200: z.object({ items: z.array(ApiKey) }) } }, preValidation: [auth.admin] },
      async (request) => ({ items: await accounts.listApiKeys(request.db, callerWorkspace(request)) }),
    );

    // Existence in the caller's workspace is checked before the role, so another tenant's ids answer 404.
    app.delete(
      "/api-keys/:id",
      { schema: { tags, params: IdParams, response: { 204: NoContent } }, preValidation: [auth.required] },
      async (request, reply) => {
        await accounts.deleteApiKey(request.db, requirePrincipal(request), request.params.id);
        return reply.status(204).send();
      },
    );
  };
}
