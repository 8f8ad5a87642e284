import type { FastifyReply, FastifyRequest } from "fastify";

/**
 * The one cookie this API reads and writes, handled directly: a general cookie plugin parses every
 * cookie and runs two hooks on every request, which measurably slowed the hottest cached reads.
 */
export function readCookie(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  const prefix = `${name}=`;
  for (const part of header.split(";")) {
    const trimmed = part.trimStart();
    if (trimmed.startsWith(prefix)) {
      const value = trimmed.slice(prefix.length).trim();
      return value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
    }
  }
  return undefined;
}

export interface CookieOptions {
  maxAgeSeconds: number;
  secure: boolean;
}

/** `value` must be cookie-safe (our tokens are base64url). */
export function setCookie(reply: FastifyReply, name: string, value: string, opts: CookieOptions): void {
  const attributes = [`${name}=${value}`, `Max-Age=${opts.maxAgeSeconds}`, "Path=/", "HttpOnly", "SameSite=Lax"];
  if (opts.secure) attributes.push("Secure");
  void reply.header("set-cookie", attributes.join("; "));
}

export function clearCookie(reply: FastifyReply, name: string): void {
  void reply.header("set-cookie", `${name}=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/; HttpOnly; SameSite=Lax`);
}
