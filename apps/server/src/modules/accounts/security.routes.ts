import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import {
  AuthProviders,
  AuthResult,
  MailSent,
  noBody,
  NoContent,
  PasswordResetBody,
  PasswordResetRequestBody,
  RecoveryCodes,
  TotpDisableBody,
  TotpEnableBody,
  TotpSetup,
  TwoFactorLoginBody,
} from "@vta/contracts";
import { auth, requirePrincipal } from "../../platform/auth/principal.js";
import { clearCookie, readCookie, setCookie } from "../../platform/http/cookies.js";
import { HttpError } from "../../platform/http/errors.js";
import type { SecurityService } from "./security.service.js";
import { SSO_COOKIE, SSO_COOKIE_SECONDS, type Sso } from "./sso.js";

export interface SecurityRouteDeps {
  security: SecurityService;
  sso: Sso | null;
  /** Sets the session cookie of a finished sign-in. */
  signIn: (request: FastifyRequest, reply: FastifyReply, sessionToken: string) => void;
  /** Throws 429 when this recipient or sender asked for too much mail. */
  mailLimit: (to: string, sender: string) => void;
  /** Whether the instance still waits for its first administrator. */
  firstRun: () => Promise<boolean>;
}

/** Password reset, the second factor, and single sign-on. */
export function securityRoutes({ security, sso, signIn, mailLimit, firstRun }: SecurityRouteDeps) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const tags = ["accounts"];
    const userId = (request: FastifyRequest) => requirePrincipal(request).userId!;

    app.post(
      "/auth/password-reset",
      {
        schema: {
          tags,
          description: "Mails a link that sets a new password (the same answer whether or not the address has an account)",
          body: PasswordResetRequestBody,
          response: { 202: MailSent },
        },
        preValidation: [auth.sameOrigin],
      },
      async (request, reply) => {
        mailLimit(request.body.email, request.ip);
        await security.requestPasswordReset(request.db, request.body.email);
        return reply.status(202).send({ sent: true as const });
      },
    );
    app.post(
      "/auth/password-reset/confirm",
      {
        schema: {
          tags,
          description: "Uses the mailed link: the new password; every session of the account ends",
          body: PasswordResetBody,
          response: { 204: NoContent },
        },
        preValidation: [auth.sameOrigin],
      },
      async (request, reply) => {
        await security.resetPassword(request.db, request.body.token, request.body.password);
        return reply.status(204).send();
      },
    );

    app.post(
      "/auth/login/two-factor",
      {
        schema: {
          tags,
          description: "Finishes a sign-in that answered twoFactorRequired, with a code from the app or a recovery code",
          body: TwoFactorLoginBody,
          response: { 200: AuthResult },
        },
        preValidation: [auth.sameOrigin],
      },
      async (request, reply) => {
        const { sessionToken, ...result } = await security.completeTwoFactor(request.db, request.body);
        signIn(request, reply, sessionToken);
        return result;
      },
    );
    app.post(
      "/me/two-factor/setup",
      {
        schema: {
          tags,
          description: "A new secret for an authenticator app; it counts once a code from it is confirmed",
          response: { 200: TotpSetup },
        },
        preValidation: [auth.user],
      },
      async (request) => security.setupTwoFactor(request.db, userId(request)),
    );
    app.post(
      "/me/two-factor/enable",
      {
        schema: {
          tags,
          description: "Confirms the app with one of its codes; answers recovery codes, shown this once",
          body: TotpEnableBody,
          response: { 200: RecoveryCodes },
        },
        preValidation: [auth.user],
      },
      async (request) => security.enableTwoFactor(request.db, userId(request), request.body.code),
    );
    app.post(
      "/me/two-factor/disable",
      {
        schema: {
          tags,
          description: "Turns two-factor sign-in off (the password proves it is you)",
          body: TotpDisableBody,
          response: { 204: NoContent },
        },
        preValidation: [auth.user],
      },
      async (request, reply) => {
        await security.disableTwoFactor(request.db, userId(request), request.body.password);
        return reply.status(204).send();
      },
    );

    app.get(
      "/auth/providers",
      { schema: { tags, description: "How people can sign in here", response: { 200: AuthProviders } } },
      async () => ({
        sso: sso ? { name: sso.name, startUrl: "/api/v1/auth/sso/start" } : null,
        firstRun: await firstRun(),
      }),
    );
    const noSso = () => new HttpError(404, "sso_off", "Single sign-on is not set up on this instance (OIDC_ISSUER)");
    app.get(
      "/auth/sso/start",
      { schema: { tags, description: "Sends the browser to the sign-on provider", response: { 302: noBody("To the sign-on provider") } } },
      async (request, reply) => {
        if (!sso) throw noSso();
        const { url, cookie } = await sso.start();
        setCookie(reply, SSO_COOKIE, cookie, { maxAgeSeconds: SSO_COOKIE_SECONDS, secure: request.protocol === "https" });
        return reply.redirect(url);
      },
    );
    // The provider sends the browser here: errors go back to the sign-in page, in words.
    app.get(
      "/auth/sso/callback",
      {
        schema: {
          tags,
          description: "Where the sign-on provider sends the browser back",
          response: { 302: noBody("To the studio signed in; to the sign-in page with a second-factor challenge or what went wrong") },
        },
      },
      async (request, reply) => {
        if (!sso) throw noSso();
        clearCookie(reply, SSO_COOKIE);
        const at = request.url.indexOf("?");
        const query = at < 0 ? "" : request.url.slice(at);
        try {
          const result = await sso.finish(request.db, query, readCookie(request, SSO_COOKIE));
          if ("challenge" in result) return reply.redirect(`/login?challenge=${encodeURIComponent(result.challenge)}`);
          signIn(request, reply, result.sessionToken);
          return reply.redirect("/studio");
        } catch (err) {
          if (!(err instanceof HttpError)) throw err;
          return reply.redirect(`/login?error=${encodeURIComponent(err.message)}`);
        }
      },
    );
  };
}
