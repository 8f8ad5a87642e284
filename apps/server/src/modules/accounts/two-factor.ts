/** Time-based one-time codes (RFC 6238, what authenticator apps show) and recovery codes. */
import { randomBytes } from "node:crypto";
import { Secret, TOTP } from "otpauth";
import { sha256 } from "../../platform/auth/crypto.js";

const PERIOD_S = 30;
const ISSUER = "Voice-to-App";

const totp = (secret: string, email: string) =>
  new TOTP({ issuer: ISSUER, label: email, algorithm: "SHA1", digits: 6, period: PERIOD_S, secret: Secret.fromBase32(secret) });

/** A fresh secret, as text and as the otpauth:// link a QR code holds. */
export function newTotpSecret(email: string): { secret: string; uri: string } {
  const secret = new Secret({ size: 20 }).base32;
  return { secret, uri: totp(secret, email).toString() };
}

/** The time step a code belongs to (the current one, or one either side for clock drift), or null when it is wrong. */
export function totpStep(secret: string, code: string, now = Date.now()): number | null {
  const delta = totp(secret, "").validate({ token: code, timestamp: now, window: 1 });
  return delta === null ? null : Math.floor(now / 1000 / PERIOD_S) + delta;
}

/** The code an authenticator app shows for this secret at `now` (tests, and nothing else). */
export function totpCode(secret: string, now = Date.now()): string {
  return totp(secret, "").generate({ timestamp: now });
}

/** 32 characters without look-alikes (no i, l, o, 1), so a byte maps to one without bias. */
const ALPHABET = "abcdefghjkmnpqrstuvwxyz023456789";

/** Ten one-time codes like `k7m2-x9qp`, and the hashes to store. */
export function newRecoveryCodes(count = 10): { codes: string[]; hashes: string[] } {
  const codes = Array.from({ length: count }, () => {
    const chars = [...randomBytes(8)].map((b) => ALPHABET[b & 31]).join("");
    return `${chars.slice(0, 4)}-${chars.slice(4)}`;
  });
  return { codes, hashes: codes.map(recoveryCodeHash) };
}

/** Typed back with or without the dash, in any case. */
export const recoveryCodeHash = (code: string) => sha256(code.toLowerCase().replace(/[^a-z0-9]/g, ""));
