/**
 * Account security: password reset by mailed link, TOTP second factor with recovery codes. Both
 * end in a session through the accounts service (`startSession`).
 */
import type { AuthResult, TotpSetup, TwoFactorLoginBody } from "@vta/contracts";
import type { Cache } from "../../platform/cache/cache.js";
import { ns } from "../../platform/cache/namespaces.js";
import { hashPassword, randomToken, sha256, verifyPassword } from "../../platform/auth/crypto.js";
import type { Db } from "../../platform/db/client.js";
import { conflict, HttpError, notFound } from "../../platform/http/errors.js";
import type { Mailer } from "../../platform/mail/mailer.js";
import type { AccountsService } from "./accounts.service.js";
import { findUserByEmail } from "./accounts.repository.js";
import * as repo from "./security.repository.js";
import { newRecoveryCodes, newTotpSecret, recoveryCodeHash, totpStep } from "./two-factor.js";

const RESET_TTL_MS = 3_600_000;
/** Wrong codes a login challenge takes before the password has to be given again. */
const CHALLENGE_ATTEMPTS = 5;

export interface SecurityDeps {
  cache: Cache;
  mailer: Mailer;
  publicUrl: string;
  accounts: AccountsService;
}

const RESET_GONE: Record<"unknown" | "used" | "expired", string> = {
  unknown: "This reset link is not valid; ask for a new one on the sign-in page",
  used: "This reset link was used already; ask for a new one on the sign-in page if you need to",
  expired: "This reset link has expired (links work for an hour); ask for a new one on the sign-in page",
};

export function createSecurityService(deps: SecurityDeps) {
  const { cache, accounts } = deps;

  return {
    /** Mails a reset link when the address has an account; says nothing either way. */
    async requestPasswordReset(db: Db, email: string): Promise<void> {
      const user = await findUserByEmail(db, email);
      if (!user) return;
      const token = randomToken();
      await repo.addPasswordReset(db, { tokenHash: sha256(token), userId: user.id, expiresAt: new Date(Date.now() + RESET_TTL_MS) });
      await deps.mailer.send({
        to: user.email,
        subject: "Reset your Voice-to-App password",
        text: `Hello ${user.name},\n\nOpen this link to choose a new password:\n${deps.publicUrl}/reset-password?token=${token}\n\nThe link works for an hour, once. If you did not ask for it, ignore this message: your password stays as it is.`,
      });
    },

    /** Sets the new password; every session of the account ends (a reset is often after a theft). */
    async resetPassword(db: Db, token: string, password: string): Promise<void> {
      const outcome = await repo.usePasswordReset(db, sha256(token), await hashPassword(password));
      if (outcome.status !== "done") throw new HttpError(400, "reset_link_gone", RESET_GONE[outcome.status]);
      await cache.invalidate(...outcome.sessionIds.map((id) => ns.auth(id)));
    },

    /** Finishes a login the password started, with a code from the app or a recovery code. */
    async completeTwoFactor(db: Db, body: TwoFactorLoginBody): Promise<AuthResult & { sessionToken: string }> {
      const challenge = sha256(body.challenge);
      const owner = await repo.attemptLoginChallenge(db, challenge, CHALLENGE_ATTEMPTS);
      if (!owner)
        throw new HttpError(
          401,
          "challenge_gone",
          "This sign-in has expired or had too many wrong codes; sign in with your password again",
        );
      const ok =
        body.code !== undefined
          ? await takeCode(db, owner.userId, owner.totpSecret, body.code)
          : await repo.useRecoveryCode(db, owner.userId, recoveryCodeHash(body.recoveryCode!));
      if (!ok)
        throw new HttpError(
          401,
          "wrong_code",
          body.code !== undefined
            ? "That code is not right (or was used already); try the newest one"
            : "That recovery code is not right or was used already",
        );
      await repo.deleteLoginChallenge(db, challenge);
      return accounts.startSession(db, owner.userId);
    },

    /** A new secret for the person's authenticator app; it counts once a code from it is confirmed. */
    async setupTwoFactor(db: Db, userId: string): Promise<TotpSetup> {
      const row = await repo.loadTwoFactor(db, userId);
      if (!row) throw notFound("User");
      if (row.secret) throw conflict("Two-factor sign-in is on already; turn it off first to use another app");
      const setup = newTotpSecret(row.email);
      await repo.setPendingSecret(db, userId, setup.secret);
      return setup;
    },

    /** Confirms the app with one of its codes; answers the recovery codes, shown this once. */
    async enableTwoFactor(db: Db, userId: string, code: string): Promise<{ recoveryCodes: string[] }> {
      const row = await repo.loadTwoFactor(db, userId);
      if (!row?.pending) throw conflict("Start two-factor set-up first: it gives the secret for your app");
      const step = totpStep(row.pending, code);
      if (step === null)
        throw new HttpError(400, "wrong_code", "That code is not right; check that your device's clock is right and try the newest code");
      const { codes, hashes } = newRecoveryCodes();
      if (!(await repo.enableTwoFactor(db, userId, step, hashes)))
        throw conflict("Start two-factor set-up first: it gives the secret for your app");
      return { recoveryCodes: codes };
    },

    /** Turns the second factor off, with the password as proof. */
    async disableTwoFactor(db: Db, userId: string, password: string): Promise<void> {
      const row = await repo.loadTwoFactor(db, userId);
      if (!row) throw notFound("User");
      if (!(await verifyPassword(password, row.passwordHash))) throw new HttpError(403, "wrong_password", "That password is not right");
      await repo.disableTwoFactor(db, userId);
    },
  };
}

/** A right code whose time step was not used before (a code seen over a shoulder cannot be used again). */
async function takeCode(db: Db, userId: string, secret: string, code: string): Promise<boolean> {
  const step = totpStep(secret, code);
  return step !== null && (await repo.acceptStep(db, userId, step));
}

export type SecurityService = ReturnType<typeof createSecurityService>;
