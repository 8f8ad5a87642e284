import type { FastifyInstance } from "fastify";

/**
 * Headers every answer carries: no inline or foreign scripts (the SPA is built without any), no
 * MIME sniffing, no framing, a strict referrer. Inline *styles* stay allowed (React sets
 * `style` attributes for widths); the API docs page (Swagger UI) gets no CSP.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "connect-src 'self'",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook("onRequest", (request, reply, done) => {
    void reply.header("x-content-type-options", "nosniff").header("referrer-policy", "strict-origin-when-cross-origin").header("x-frame-options", "DENY");
    if (!request.url.startsWith("/api/docs")) void reply.header("content-security-policy", CONTENT_SECURITY_POLICY);
    done();
  });
}
