/**
 * Single sign-on through an OpenID Connect provider (authorization code flow with PKCE, through
 * openid-client). An identity is linked to an account by its subject; the first time, by the
 * address the provider says it verified (an account is made when there is none). An account with
 * a second factor still owes its code.
 */
import type * as Oidc from "openid-client";
import type { AuthResult, TwoFactorChallenge } from "@vta/contracts";
import { randomToken } from "../../platform/auth/crypto.js";
import type { Db } from "../../platform/db/client.js";
import { HttpError } from "../../platform/http/errors.js";
import type { AccountsService } from "./accounts.service.js";
import * as repo from "./security.repository.js";

export interface SsoOptions {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** What the sign-in page calls the provider. */
  name: string;
  /** This instance's callback, as registered with the provider. */
  redirectUri: string;
}

/** What the browser keeps between leaving for the provider and coming back (an HttpOnly cookie). */
interface Pending {
  state: string;
  nonce: string;
  verifier: string;
}

export const SSO_COOKIE = "vta_sso";
export const SSO_COOKIE_SECONDS = 600;

/** openid-client, loaded on first use: only an instance with single sign-on configured needs it. */
let oidcLoaded: Promise<typeof Oidc> | undefined;
const loadOidc = () => (oidcLoaded ??= import("openid-client"));

export function createSso(opts: SsoOptions, accounts: AccountsService) {
  const issuer = new URL(opts.issuer);
  let discovered: Promise<Oidc.Configuration> | null = null;
  // Discovered once, on first use; a failure is tried again next time.
  const configuration = () =>
    (discovered ??= loadOidc()
      .then((oidc) =>
        oidc.discovery(issuer, opts.clientId, opts.clientSecret, undefined, {
          // Plain http only on loopback (a provider run beside a test or a laptop instance).
          execute:
            issuer.protocol === "http:" && ["localhost", "127.0.0.1", "[::1]"].includes(issuer.hostname)
              ? [oidc.allowInsecureRequests]
              : [],
        }),
      )
      .catch((err: unknown) => {
        discovered = null;
        throw new HttpError(
          503,
          "sso_unavailable",
          `The sign-on provider at ${opts.issuer} did not answer (${(err as Error).message}); try again later or sign in with a password`,
        );
      }));

  return {
    name: opts.name,

    /** Where to send the browser, and the cookie that remembers this attempt. */
    async start(): Promise<{ url: string; cookie: string }> {
      const [config, oidc] = await Promise.all([configuration(), loadOidc()]);
      const pending: Pending = { state: oidc.randomState(), nonce: oidc.randomNonce(), verifier: oidc.randomPKCECodeVerifier() };
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: opts.redirectUri,
        scope: "openid email profile",
        code_challenge: await oidc.calculatePKCECodeChallenge(pending.verifier),
        code_challenge_method: "S256",
        state: pending.state,
        nonce: pending.nonce,
      });
      return { url: url.href, cookie: Buffer.from(JSON.stringify(pending)).toString("base64url") };
    },

    /** The provider sent the browser back: a session (or a second-factor challenge) for the linked account. */
    async finish(db: Db, query: string, cookie: string | undefined): Promise<(AuthResult & { sessionToken: string }) | TwoFactorChallenge> {
      const pending = parsePending(cookie);
      if (!pending) throw new HttpError(400, "sso_expired", "This sign-on took too long or began in another browser; start it again");
      const [config, oidc] = await Promise.all([configuration(), loadOidc()]);
      const tokens = await oidc
        .authorizationCodeGrant(config, new URL(`${opts.redirectUri}${query}`), {
          pkceCodeVerifier: pending.verifier,
          expectedState: pending.state,
          expectedNonce: pending.nonce,
          idTokenExpected: true,
        })
        .catch((err: unknown) => {
          throw new HttpError(400, "sso_refused", `The sign-on provider did not sign you in: ${(err as Error).message}`);
        });
      const idToken = tokens.claims()!;
      // Providers put the address in the ID token or (more often) only behind the userinfo endpoint.
      const claims = typeof idToken.email === "string" ? idToken : await oidc.fetchUserInfo(config, tokens.access_token, idToken.sub);
      const subject = `${opts.issuer}|${idToken.sub}`;
      const email = typeof claims.email === "string" ? claims.email.toLowerCase() : null;
      const verified = email !== null && claims.email_verified === true;
      const user = (await repo.findUserBySubject(db, subject)) ?? (verified ? await repo.linkSubject(db, email, subject) : undefined);
      if (user) return user.totpSecret ? accounts.challenge(db, user.id) : accounts.startSession(db, user.id);
      if (!verified)
        throw new HttpError(
          403,
          "sso_email_unverified",
          `${opts.name} did not confirm an email address for you; ask its administrator, or sign in with a password`,
        );
      // A new account, with a password nobody knows: the person signs in through the provider (or sets one by reset).
      const name = typeof claims.name === "string" && claims.name.trim() ? claims.name.trim().slice(0, 120) : email.split("@")[0]!;
      const conflictWith = () =>
        new HttpError(409, "sso_conflict", `${email} belongs to an account linked to another sign-on identity; sign in with its password`);
      const created = await accounts.signup(db, { email, name, password: randomToken() }).catch((err: unknown) => {
        throw err instanceof HttpError && err.statusCode === 409 ? conflictWith() : err;
      });
      if (!(await repo.linkSubject(db, email, subject))) throw conflictWith();
      return { ...created, user: { ...created.user, emailVerified: true } };
    },
  };
}

function parsePending(cookie: string | undefined): Pending | null {
  if (!cookie) return null;
  try {
    const p = JSON.parse(Buffer.from(cookie, "base64url").toString("utf8")) as Partial<Pending>;
    return typeof p.state === "string" && typeof p.nonce === "string" && typeof p.verifier === "string" ? (p as Pending) : null;
  } catch {
    return null;
  }
}

export type Sso = ReturnType<typeof createSso>;
