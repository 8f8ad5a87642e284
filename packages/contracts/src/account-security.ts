import { z } from "zod";
import { AuthResult, Email, NewPassword } from "./accounts.js";

/** Asks for a mailed link that sets a new password (answered the same whether or not the address has an account). */
export const PasswordResetRequestBody = z.object({ email: Email });
/** Uses that link: the new password, and every session of the account ends. */
export const PasswordResetBody = z.object({ token: z.string().min(16).max(200), password: NewPassword });

/** A password was right and the account has a second factor: finish with a code and this challenge. */
export const TwoFactorChallenge = z.object({ twoFactorRequired: z.literal(true), challenge: z.string() });
export type TwoFactorChallenge = z.infer<typeof TwoFactorChallenge>;
export const LoginResult = z.union([AuthResult, TwoFactorChallenge]);
export type LoginResult = z.infer<typeof LoginResult>;

const TotpCode = z
  .string()
  .trim()
  .regex(/^\d{6}$/, "code must be the 6 digits your authenticator app shows");

export const TwoFactorLoginBody = z
  .object({
    challenge: z.string().min(16).max(200),
    code: TotpCode.optional(),
    /** One of the recovery codes given at enrolment, instead of a code from the app. */
    recoveryCode: z.string().trim().min(8).max(40).optional(),
  })
  .refine((b) => (b.code === undefined) !== (b.recoveryCode === undefined), "give either code or recoveryCode");
export type TwoFactorLoginBody = z.infer<typeof TwoFactorLoginBody>;

/** A secret to add to an authenticator app (as text or as the otpauth:// link a QR code holds). */
export const TotpSetup = z.object({ secret: z.string(), uri: z.string() });
export type TotpSetup = z.infer<typeof TotpSetup>;
export const TotpEnableBody = z.object({ code: TotpCode });
/** Shown once: each code signs in once in place of the app. */
export const RecoveryCodes = z.object({ recoveryCodes: z.array(z.string()) });
export type RecoveryCodes = z.infer<typeof RecoveryCodes>;
export const TotpDisableBody = z.object({ password: z.string().min(1, "password is required").max(200) });

/** How people can sign in to this instance. */
export const AuthProviders = z.object({
  sso: z.object({ name: z.string(), startUrl: z.string() }).nullable(),
  /** No platform administrator yet: the first one signs up with the one-time link the server printed. */
  firstRun: z.boolean(),
});
export type AuthProviders = z.infer<typeof AuthProviders>;
