import { createHash, randomBytes, scrypt, timingSafeEqual, type BinaryLike, type ScryptOptions } from "node:crypto";
import { HttpError } from "../http/errors.js";
import { semaphore } from "../semaphore.js";

/**
 * scrypt runs on libuv's thread pool (4 threads), which file reads and DNS share: at most two hashes
 * run at once and a short line waits; beyond it a login or sign-up is refused with 429 at once,
 * so a burst of password guesses cannot stall the rest of the server.
 */
const hashing = semaphore(
  2,
  16,
  () =>
    new HttpError(429, "rate_limited", "Too many sign-ins are being checked right now; try again in a second", { retryAfterSeconds: 1 }),
);

const scryptAsync = (password: BinaryLike, salt: BinaryLike, keylen: number, options: ScryptOptions) =>
  hashing.run(
    () =>
      new Promise<Buffer>((resolve, reject) => scrypt(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key)))),
  );

/** Hashes running and waiting now (for tests and metrics). */
export const hashingLoad = () => ({ active: hashing.active, waiting: hashing.waiting });

// OWASP's scrypt floor (N=2^17, r=8, p=1) costs ~128 MiB per hash; N=2^15 keeps a login near 50 ms
// and 32 MiB on a 2-core box while staying far above brute-force range for 8+ character passwords.
const PARAMS = { N: 32_768, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEYLEN = 32;

/** `scrypt$N$r$p$salt$hash`, so parameters can be raised later without breaking old hashes. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, KEYLEN, PARAMS);
  return ["scrypt", PARAMS.N, PARAMS.r, PARAMS.p, salt.toString("base64url"), key.toString("base64url")].join("$");
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64url");
  const key = await scryptAsync(password, Buffer.from(salt, "base64url"), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: PARAMS.maxmem,
  });
  return timingSafeEqual(key, expected);
}

/** A hash to verify against when the account does not exist, so timing does not reveal it. */
export const DUMMY_PASSWORD_HASH = await hashPassword("not-a-real-password");

export const randomToken = (bytes = 32) => randomBytes(bytes).toString("base64url");

export const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");
